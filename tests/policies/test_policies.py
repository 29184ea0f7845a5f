"""Policy pages: structure, board approval in both calendars, versions, API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from core import calendars as dates
from forms.kinds import FormKind
from policies.fields import LocalIntegerField
from policies.models import PolicyCategory, PolicyIndexPage, PolicyPage
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(library):
    return library.ar, library.en


@pytest.fixture
def demo_policies(site_pages):
    ar = {page.slug: page for page in PolicyPage.objects.descendant_of(site_pages["home_ar"])}
    en = {page.slug: page for page in PolicyPage.objects.descendant_of(site_pages["home_en"])}
    return ar, en


def get(client, library, url):
    """`url` (a path, or a page's full URL) as a reader of the library's site gets it."""
    return client.get(url, HTTP_HOST=library.site.hostname)


# --- Dates ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    ["25/06/1446", "25/6/1446", "1446-06-25", "1446/6/25", "٢٥/٠٦/١٤٤٦", "٢٥/٦/١٤٤٦هـ", "۲۵/۶/۱۴۴۶"],
)
def test_a_hijri_date_typed_any_way_gives_its_gregorian_day(typed):
    assert dates.normalise_hijri(typed) == "1446-06-25"
    assert dates.hijri_to_gregorian(*dates.parse_parts(typed)) == datetime.date(2024, 12, 26)


def test_a_gregorian_date_gives_its_umm_al_qura_day():
    assert dates.gregorian_to_hijri(datetime.date(2025, 9, 15)) == "1447-03-23"


@pytest.mark.parametrize("typed", ["30/13/1446", "31/12/2024", "hello", "", "40/1/1446"])
def test_impossible_hijri_dates_are_refused(typed):
    with pytest.raises(dates.InvalidDate):
        dates.normalise_hijri(typed)


def test_dates_are_written_in_the_readers_digits():
    assert dates.format_hijri("1446-06-25", "ar") == "٢٥ جمادى الآخرة ١٤٤٦ هـ"
    assert dates.format_hijri("1446-06-25", "en") == "25 Jumada al-Akhirah 1446 AH"


def _policy(**fields):
    return PolicyPage(title="سياسة تجريبية", slug="trial", **fields)


def test_approval_entered_in_hijri_computes_the_gregorian_and_normalises_digits():
    policy = _policy(
        approval_calendar="hijri", approval_date_hijri="٢٣/٠٣/١٤٤٧هـ", meeting_number="١٦١", decision_number="١٦١/٤"
    )
    policy.clean()
    assert policy.approval_date == datetime.date(2025, 9, 15)
    assert policy.approval_date_hijri == "1447-03-23"
    assert (policy.meeting_number, policy.decision_number) == ("161", "161/4")


def test_approval_entered_in_gregorian_computes_the_hijri():
    policy = _policy(approval_calendar="gregorian", approval_date=datetime.date(2024, 12, 26), approval_date_hijri="")
    policy.clean()
    assert policy.approval_date_hijri == "1446-06-25"


def test_the_calendar_typed_in_wins_over_a_stale_other_date():
    policy = _policy(
        approval_calendar="hijri", approval_date_hijri="1446-06-25", approval_date=datetime.date(2000, 1, 1)
    )
    policy.clean()
    assert policy.approval_date == datetime.date(2024, 12, 26)


def test_an_impossible_hijri_approval_date_is_a_field_error():
    policy = _policy(approval_calendar="hijri", approval_date_hijri="31/02/1446")
    with pytest.raises(ValidationError) as error:
        policy.clean()
    assert "approval_date_hijri" in error.value.message_dict


def test_periods_typed_with_arabic_indic_digits_are_accepted():
    field = LocalIntegerField(min_value=1, max_value=365)
    assert field.clean("١٤") == 14
    assert field.clean("۳۰") == 30
    assert field.clean(" 7 ") == 7
    with pytest.raises(ValidationError):
        field.clean("٠")


def test_the_admin_form_normalises_what_an_editor_types(admin_client, policies):
    ar, _en = policies
    page = ar["privacy"]
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=None)
    data = {name: form[name].value() for name in ("title", "slug", "summary", "approving_body", "replaces_note")}
    data.update(
        {
            "approval_calendar": "hijri",
            "approval_date_hijri": "١٢/٠٣/١٤٤٦",
            "meeting_number": "١٥٨",
            "decision_number": "١٥٨/٢",
            "body-count": "0",
        }
    )
    posted = form_class(data, instance=page, for_user=None, parent_page=page.get_parent())
    assert posted.is_valid(), posted.errors
    saved = posted.save(commit=False)
    assert (saved.meeting_number, saved.decision_number) == ("158", "158/2")
    assert saved.approval_date == datetime.date(2024, 9, 15)
    # Gregorian dates too, in Arabic-Indic digits.
    data.update({"approval_calendar": "gregorian", "approval_date": "٢٠٢٤-١٢-٢٦", "effective_date": "٢٠٢٥-٠١-٠١"})
    posted = form_class(data, instance=page, for_user=None, parent_page=page.get_parent())
    assert posted.is_valid(), posted.errors
    saved = posted.save(commit=False)
    assert saved.approval_date_hijri == "1446-06-25"
    assert saved.effective_date == datetime.date(2025, 1, 1)


# --- Pages ---------------------------------------------------------------------
@pytest.mark.demo
def test_demo_policies_exist_in_both_languages(demo_policies):
    ar, en = demo_policies
    assert (
        set(ar) == set(en) == {"beneficiary-relations-1444", "beneficiary-relations", "complaints-handling", "privacy"}
    )
    for slug in ar:
        assert ar[slug].translation_key == en[slug].translation_key
        assert ar[slug].live and en[slug].live


def test_the_beneficiary_policy_has_every_section(policies):
    ar, _en = policies
    policy = ar["beneficiary-relations"]
    assert [block.block_type for block in policy.body] == [
        "preamble", "general_objective", "objectives", "channels", "tools", "procedure"
    ]  # fmt: skip
    procedure = next(block for block in policy.body if block.block_type == "procedure")
    committee = [step for step in procedure.value["steps"] if step["role"] == "research_committee"]
    assert committee[0]["period_days"] == 14


def test_index_lists_policies_in_force_by_category_and_earlier_versions_apart(client, library):
    html = get(client, library, library.index.url).content.decode()
    assert "الحوكمة" in html and "المستفيدون" in html
    in_force, earlier = html.split("إصدارات سابقة (لم تعد سارية)")
    assert "سياسة معالجة الشكاوى والمقترحات" in in_force
    assert "إصدار ١٤٤٤هـ" not in in_force
    assert "إصدار ١٤٤٤هـ" in earlier and "ملغاة" in earlier
    # Categories in their editors' order: governance (1) before beneficiaries (2).
    assert in_force.index("الحوكمة") < in_force.index("المستفيدون")


def test_arabic_policy_page_shows_approval_in_both_calendars_in_arabic_indic_digits(client, library):
    html = get(client, library, library.ar["beneficiary-relations"].url).content.decode()
    assert 'dir="rtl"' in html
    assert "اعتماد مجلس الإدارة" in html
    assert "٢٥ جمادى الآخرة ١٤٤٦ هـ" in html
    assert "٢٦ ديسمبر ٢٠٢٤ م" in html
    assert "١٦١/٤" in html
    assert "161/4" not in html


def test_english_policy_page_shows_approval_in_western_digits(client, library):
    html = get(client, library, library.en["beneficiary-relations"].url).content.decode()
    assert "25 Jumada al-Akhirah 1446 AH" in html
    assert "26 December 2024" in html
    assert "161/4" in html
    assert "Board of Directors" in html


def test_superseded_version_stays_readable_with_a_banner_to_the_version_in_force(client, library):
    ar, en = library.ar, library.en
    for language, pages in (("ar", ar), ("en", en)):
        response = get(client, library, pages["beneficiary-relations-1444"].url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "notice--superseded" in html
        assert f'href="{pages["beneficiary-relations"].relative_url(library.site)}"' in html, language
    assert "notice--superseded" not in get(client, library, ar["beneficiary-relations"].url).content.decode()


def test_a_chain_of_versions_leads_to_the_newest(policies):
    ar, _en = policies
    newest = PolicyPage(title="إصدار ١٤٤٧", slug="beneficiary-relations-1447", supersedes=ar["beneficiary-relations"])
    ar["beneficiary-relations"].get_parent().add_child(instance=newest)
    newest.save_revision().publish()
    oldest = PolicyPage.objects.get(pk=ar["beneficiary-relations-1444"].pk)
    assert oldest.version_in_force().pk == newest.pk
    assert PolicyPage.objects.get(pk=ar["beneficiary-relations"].pk).is_superseded
    assert not newest.is_superseded


def test_a_draft_newer_version_supersedes_nothing(policies):
    ar, _en = policies
    draft = PolicyPage(title="مسودة", slug="draft-version", supersedes=ar["privacy"], live=False)
    ar["privacy"].get_parent().add_child(instance=draft)
    assert not PolicyPage.objects.get(pk=ar["privacy"].pk).is_superseded


def test_a_policy_cannot_supersede_itself(policies):
    ar, _en = policies
    policy = ar["privacy"]
    policy.supersedes = policy
    with pytest.raises(ValidationError):
        policy.clean()


def test_signed_copy_is_linked_from_the_page(client, library):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(title="signed", file=ContentFile(b"%PDF-1.4 signed", name="signed.pdf"))
    policy = library.ar["privacy"]
    policy.signed_document = document
    policy.save_revision().publish()
    html = get(client, library, policy.url).content.decode()
    assert document.url in html


def test_categories_are_translatable_snippets(library):
    english = Locale.objects.get(language_code="en")
    governance = PolicyCategory.objects.get(pk=library.ar["privacy"].category_id)
    assert governance.locale.language_code == "ar" and governance.name == "الحوكمة"
    assert governance.get_translation(english).name == "Governance"


def test_only_one_policy_index_per_home(library):
    assert not PolicyIndexPage.can_create_at(library.site.root_page.specific)


# --- API -----------------------------------------------------------------------
def test_api_returns_every_policy_field_in_both_languages(client, library):
    ar, en = library.ar, library.en
    arabic = get(client, library, f"/api/v3/pages/{ar['beneficiary-relations'].pk}/").json()
    english = get(client, library, f"/api/v3/pages/{en['beneficiary-relations'].pk}/").json()
    assert [block["type"] for block in arabic["body"]] == [block["type"] for block in english["body"]]
    assert arabic["category_name"] == "المستفيدون" and english["category_name"] == "Beneficiaries"
    for data in (arabic, english):
        approval = data["approval"]
        assert approval["date_hijri"] == "1446-06-25"
        assert approval["date_gregorian"] == "2024-12-26"
        assert approval["meeting_number"] == "161"
        assert approval["entered_in"] == "hijri"
    assert arabic["approval"]["date_hijri_display"] == "٢٥ جمادى الآخرة ١٤٤٦ هـ"
    assert english["approval"]["date_hijri_display"] == "25 Jumada al-Akhirah 1446 AH"
    assert english["versions"]["supersedes"]["id"] == en["beneficiary-relations-1444"].pk
    assert english["versions"]["superseded"] is False
    channels = next(block for block in english["body"] if block["type"] == "channels")["value"]["channels"]
    assert {"kind", "name", "description", "page", "page_url", "contact"} <= set(channels[0])
    steps = next(block for block in arabic["body"] if block["type"] == "procedure")["value"]["steps"]
    assert any(step["period_days"] == 14 and step["role"] == "research_committee" for step in steps)


def test_api_marks_the_superseded_version(client, library):
    ar = library.ar
    data = get(client, library, f"/api/v3/pages/{ar['beneficiary-relations-1444'].pk}/").json()
    assert data["versions"]["superseded"] is True
    assert data["versions"]["in_force"]["id"] == ar["beneficiary-relations"].pk


def test_api_lists_policies_by_locale(client, library):
    for locale in ("ar", "en"):
        data = get(client, library, f"/api/v3/pages/?type=policies.PolicyPage&locale={locale}").json()
        assert len(data["items"]) == 4


@pytest.mark.demo
def test_seed_demo_links_channels_to_the_sites_forms(client, demo_policies):
    from forms.models import FormPage

    ar, en = demo_policies
    forms = {page.slug: page for page in FormPage.objects.filter(locale__language_code="ar")}
    for pages in (ar, en):
        policy = pages["beneficiary-relations"]
        channels = next(block for block in policy.body if block.block_type == "channels").value["channels"]
        linked = {channel["kind"]: channel["page"] for channel in channels}
        assert linked["help_request"].pk == forms["help-request"].pk
        assert linked["volunteer"].pk == forms["volunteer"].pk
    html = client.get("/ar/policies/beneficiary-relations/").content.decode()
    assert 'href="/ar/help-request/"' in html
    assert 'href="/en/help-request/"' in client.get("/en/policies/beneficiary-relations/").content.decode()
    data = client.get(f"/api/v3/pages/{ar['beneficiary-relations'].pk}/").json()
    help_link = next(link for link in data["channel_links"] if link["kind"] == "help_request")
    assert help_link["page_id"] == forms["help-request"].pk and help_link["url"].endswith("/ar/help-request/")


def test_channels_link_to_the_sites_forms_on_the_page_and_in_the_api(client, library):
    forms = library.forms
    for policy in (library.ar["beneficiary-relations"], library.en["beneficiary-relations"]):
        channels = next(block for block in policy.body if block.block_type == "channels").value["channels"]
        linked = {channel["kind"]: channel["page"] for channel in channels}
        assert linked["help_request"].pk == forms[FormKind.HELP_REQUEST].pk
        assert linked["volunteer"].pk == forms[FormKind.VOLUNTEER].pk
    help_ar = forms[FormKind.HELP_REQUEST]
    help_en = help_ar.get_translation(Locale.objects.get(language_code="en"))
    html = get(client, library, library.ar["beneficiary-relations"].url).content.decode()
    assert f'href="{help_ar.relative_url(library.site)}"' in html
    html = get(client, library, library.en["beneficiary-relations"].url).content.decode()
    assert f'href="{help_en.relative_url(library.site)}"' in html
    data = get(client, library, f"/api/v3/pages/{library.ar['beneficiary-relations'].pk}/").json()
    help_link = next(link for link in data["channel_links"] if link["kind"] == "help_request")
    assert help_link["page_id"] == help_ar.pk and help_link["url"].endswith(help_ar.relative_url(library.site))


def test_the_admin_edits_and_adds_policies(client, policies):
    from django.contrib.auth import get_user_model

    ar, _en = policies
    sign_in(client, get_user_model().objects.create_superuser("chief", "chief@example.org", "pw"))
    assert client.get(f"/admin/pages/{ar['beneficiary-relations'].pk}/edit/").status_code == 200
    index = ar["privacy"].get_parent()
    assert client.get(f"/admin/pages/add/policies/policypage/{index.pk}/").status_code == 200
    assert client.get("/admin/snippets/policies/policycategory/").status_code == 200


def test_a_date_typed_only_in_the_other_calendar_is_kept():
    policy = _policy(approval_calendar="hijri", approval_date_hijri="", approval_date=datetime.date(2025, 9, 15))
    policy.clean()
    assert (policy.approval_calendar, policy.approval_date_hijri) == ("gregorian", "1447-03-23")
    policy = _policy(approval_calendar="gregorian", approval_date_hijri="23/3/1447", approval_date=None)
    policy.clean()
    assert (policy.approval_calendar, policy.approval_date) == ("hijri", datetime.date(2025, 9, 15))


def test_an_english_old_version_points_to_the_arabic_new_one_until_it_is_translated(policies):
    ar, en = policies
    newest = PolicyPage(title="إصدار ١٤٤٧", slug="privacy-1447", supersedes=ar["privacy"])
    ar["privacy"].get_parent().add_child(instance=newest)
    newest.save_revision().publish()
    old_english = PolicyPage.objects.get(pk=en["privacy"].pk)
    assert old_english.is_superseded
    assert old_english.version_in_force().pk == newest.pk
