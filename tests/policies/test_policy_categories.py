"""Policy categories per association: the standard ones a new association starts with, a policy page offered and
accepting only its own association's, and the importer drafting into the library of the association worked in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Locale, Site

from home.factories import SiteFactory
from organisation.associations import create_staff_groups
from organisation.factories import UserFactory
from policies.defaults import CATEGORIES, create_default_categories
from policies.factories import PolicyCategoryFactory, PolicyPageFactory, library_of
from policies.models import PolicyCategory, PolicyPage
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db

POLICY_TEXT = """
سياسة التطوع

تمهيد :
تنظم هذه السياسة عمل المتطوعين في الجمعية وحقوقهم.

اعتماد مجلس الإدارة:
اعتمد المجلس السياسة في اجتماعه رقم (٤٢) بقرار رقم 42/7 وتاريخ ١٤٤٥/٠٩/٠١ هـ
""".encode()


@pytest.fixture
def second():
    site = SiteFactory(hostname="policies.localhost")
    create_staff_groups(site)
    return site


def test_a_new_association_gets_the_standard_categories_once_in_both_languages(second):
    made = create_default_categories(second)
    assert list(made) == [key for key, _ar, _en in CATEGORIES]
    source = PolicyCategory.objects.for_site(second).filter(locale=Locale.get_default())
    assert sorted(source.values_list("name", flat=True)) == sorted(ar for _key, ar, _en in CATEGORIES)
    english = Locale.objects.get(language_code="en")
    translated = made["finance"].get_translation(english)
    assert translated.name == "Finance" and translated.site_id == second.pk
    count = PolicyCategory.objects.count()
    assert create_default_categories(second) == made and PolicyCategory.objects.count() == count


def test_a_policy_page_offers_and_accepts_only_its_own_association_s_categories(second):
    ours = PolicyCategoryFactory()
    theirs = PolicyCategoryFactory(site=second)
    page = PolicyPageFactory(category=ours)
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=None, parent_page=page.get_parent())
    offered = set(form.fields["category"].queryset)
    assert ours in offered and theirs not in offered
    theirs_page = PolicyPageFactory(site=second)
    assert theirs_page.category.site_id == second.pk  # the factory's category is its page's association's
    data = {name: form[name].value() for name in ("title", "slug", "summary", "approving_body", "replaces_note")}
    data.update({"approval_calendar": "hijri", "approval_date_hijri": "25/06/1446", "body-count": "0"})
    posted = form_class({**data, "category": theirs.pk}, instance=page, for_user=None, parent_page=page.get_parent())
    assert not posted.is_valid() and "category" in posted.errors


def test_the_importer_drafts_into_the_library_of_the_association_worked_in(client, second):
    ours, theirs = library_of(), library_of(second)
    sign_in(client, UserFactory(role="administrator"))  # of the first association
    upload = SimpleUploadedFile("volunteering.txt", POLICY_TEXT, content_type="text/plain")
    before = set(PolicyPage.objects.values_list("pk", flat=True))
    response = client.post("/admin/policies/import/", {"file": upload, "locale": "ar"})
    assert response.status_code == 302, response.context["form"].errors
    (draft,) = PolicyPage.objects.exclude(pk__in=before)
    assert draft.get_parent().pk == ours.pk != theirs.pk
    assert Site.objects.get(is_default_site=True).pk == draft.get_site().pk
