"""policies.factories: categories, each site's library, policies approved on a Hijri date, versions."""

import datetime

import pytest

from home.factories import SiteFactory
from organisation.factories import english
from policies.factories import PolicyCategoryFactory, PolicyIndexPageFactory, PolicyPageFactory, library_of
from policies.models import PolicyIndexPage

pytestmark = pytest.mark.django_db


def test_a_policy_as_an_editor_saves_it_in_both_languages(client):
    site = SiteFactory()
    PolicyIndexPageFactory(site=site, english=True)
    policy = PolicyPageFactory(site=site, english=True, category=PolicyCategoryFactory(english=True))
    policy.full_clean()
    assert policy.get_parent().specific_class is PolicyIndexPage and policy.get_site() == site
    assert policy.approval_date == datetime.date(2024, 12, 26)  # computed from 25/06/1446, as on save
    assert policy.approval_date_hijri == "1446-06-25"
    translated = policy.english
    assert translated.locale == english() and translated.translation_key == policy.translation_key
    assert (translated.meeting_number, translated.approval_date_hijri) == (policy.meeting_number, "1446-06-25")
    assert translated.category_name == policy.category.get_translation(english()).name
    assert translated.body[0].value["text"].source == (
        "<p>This policy governs the association's relationship with beneficiaries.</p>"
    )
    assert client.get(translated.url, HTTP_HOST=site.hostname).status_code == 200


def test_versions_and_libraries():
    first, second = SiteFactory(organisation=False), SiteFactory(organisation=False)
    older = PolicyPageFactory(site=first)
    newer = PolicyPageFactory(site=first, supersedes=older)
    assert newer.get_parent().pk == older.get_parent().pk == library_of(first).pk != library_of(second).pk
    assert older.is_superseded and older.version_in_force().pk == newer.pk
    category = PolicyCategoryFactory()
    category.full_clean()
