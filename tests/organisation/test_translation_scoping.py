"""wagtail-localize's admin views that name a page, a snippet or a translation by its id (submitting for
translation, updating translations, the translation editor's views, converting to an alias, its snippet API)
and its translations report reach only the association worked in's (organisation.translation_scoping): another's
is a 404, ours answers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Locale, Site
from wagtail_localize.models import Translation, TranslationSource

from home.factories import SiteFactory, StandardPageFactory
from organisation.associations import create_staff_groups, staff_group
from organisation.factories import UserFactory
from policies.factories import PolicyCategoryFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    first = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="translated.localhost")
    create_staff_groups(second)
    return first, second


@pytest.fixture
def translator(client, sites):
    """An administrator of A who may translate and edit policy categories."""
    first, _second = sites
    group = staff_group(first, "administrator")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtail_localize", codename="submit_translation"),
        *Permission.objects.filter(content_type__app_label="policies", codename__endswith="_policycategory"),
    )
    sign_in(client, UserFactory(role="administrator"))
    return client


def _records(site):
    """A page and a snippet of the association on `site`, each translated into English with wagtail-localize."""
    english = Locale.objects.get(language_code="en")
    page = StandardPageFactory(parent=site.root_page, title=f"page-{site.pk}", slug=f"page-{site.pk}")
    snippet = PolicyCategoryFactory(site=site)
    made = {"page": page, "snippet": snippet}
    for name, instance in (("page", page), ("snippet", snippet)):
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        made[f"{name}_source"] = source
        translation = Translation.objects.create(source=source, target_locale=english)
        translation.save_target(publish=True)
        made[f"{name}_translation"] = translation
    return made


def _urls(made):
    """Each view by id, for the records of one association: (url, whether ours answer with other than a 404)."""
    snippet = made["snippet"]
    api = {"app_label": "policies", "model_name": "policycategory"}
    yield reverse("wagtail_localize:submit_page_translation", args=[made["page"].pk]), True
    # A page that is no translation of another: a 404 for ours too (only a translated page converts).
    yield reverse("wagtail_localize:convert_to_alias", args=[made["page"].pk]), False
    yield reverse("wagtail_localize:submit_snippet_translation", args=["policies", "policycategory", snippet.pk]), True
    yield reverse("wagtail_localize:snippets_api_detail", kwargs={**api, "pk": snippet.pk}), True
    for name in ("page", "snippet"):
        yield reverse("wagtail_localize:update_translations", args=[made[f"{name}_source"].pk]), True
        translation = made[f"{name}_translation"].pk
        for view in ("download_pofile", "stop_translation"):
            yield reverse(f"wagtail_localize:{view}", args=[translation]), True
        # A policy category has no preview: a 404 for ours too.
        yield reverse("wagtail_localize:preview_translation", args=[translation]), name == "page"
        for view in ("upload_pofile", "machine_translate"):
            yield reverse(f"wagtail_localize:{view}", args=[translation]), False
        # Segments of no translation: a 404 either way; the check comes first for another's.
        yield reverse("wagtail_localize:edit_string_translation", args=[translation, 1]), False
        yield reverse("wagtail_localize:edit_override", args=[translation, 1]), False


def test_another_association_s_records_are_not_found_in_the_translation_views(sites, translator):
    first, second = sites
    ours, theirs = _records(first), _records(second)
    for url, answers in _urls(ours):
        if answers:
            assert translator.get(url).status_code != 404, url
    urls = list(_urls(theirs))
    assert len(urls) == 20
    for url, _answers in urls:
        assert translator.get(url).status_code == 404, url
        assert translator.post(url, {}).status_code in (404, 405), url
    assert Translation.objects.filter(pk=theirs["snippet_translation"].pk, enabled=True).exists()
    assert Translation.objects.filter(pk=theirs["page_translation"].pk, enabled=True).exists()


def test_the_snippet_api_lists_only_the_association_s_records(sites, translator):
    first, second = sites
    ours, theirs = PolicyCategoryFactory(site=first), PolicyCategoryFactory(site=second)
    url = reverse("wagtail_localize:snippets_api_listing", args=["policies", "policycategory"])
    listed = {row["id"] for row in translator.get(url).json()}
    assert ours.pk in listed and theirs.pk not in listed


def test_the_translations_report_lists_only_the_association_s(sites, translator):
    first, second = sites
    ours, theirs = _records(first), _records(second)
    for name in ("translations_report", "translations_report_results"):
        url = reverse(f"wagtail_localize:{name}")
        listed = translator.get(url).context["object_list"]
        assert {ours["page_translation"], ours["snippet_translation"]} <= set(listed), url
        assert not {theirs["page_translation"], theirs["snippet_translation"]} & set(listed), url
