"""Governance and disclosure: the pages in both languages, the completeness rules
(with fixed dates), the dashboard panel and report, the daily notification,
documents by year, the API and the permissions."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from governance import completeness, fiscal
from governance.completeness import DUE, MISSING, OUT_OF_DATE, PRESENT, build_report, evaluate
from governance.demo import demo_pdf
from governance.factories import governance_of
from governance.models import (
    AssemblyMeeting,
    BoardMember,
    BoardPage,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    DisclosureNotice,
    DisclosurePage,
    ExecutiveMember,
    GeneralAssemblyPage,
    GovernanceIndexPage,
    GovernanceSettings,
)
from governance.notifications import check_and_notify
from organisation.factories import english
from policies.factories import PolicyPageFactory
from policies.models import PolicyIndexPage
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
D = datetime.date


def arabic():
    return Locale.objects.get(language_code="ar")


def pdf(title="Test document", extension="pdf"):
    document = get_document_model()(title=title)
    document.file.save(f"test.{extension}", ContentFile(demo_pdf(title)), save=False)
    document.save()
    return document


def item(key="test-item", **fields):
    defaults = {"name": "بند تجريبي", "area": "financial", "source": "document", "renewal": "fiscal_year"}
    return DisclosureItem.objects.create(site=default_site(), locale=arabic(), key=key, **(defaults | fields))


def default_site():
    return Site.objects.get(is_default_site=True)


NEW_YEAR_2025 = D(2025, 1, 1)


def publish(for_item, year=None, day=NEW_YEAR_2025, **fields):
    document = DisclosureDocument(
        site_id=for_item.site_id, locale=arabic(), item=for_item, title=f"وثيقة {year or ''}", fiscal_year=year,
        document=pdf(),
        date_calendar="gregorian", date=day, **fields,
    )  # fmt: skip
    document.full_clean(exclude=["translation_key", "locale"])
    document.save()
    return document


def state(for_item, today, calendar_name="gregorian"):
    return evaluate(for_item, today, calendar_name)


# --- Fiscal years ------------------------------------------------------------------------------
def test_gregorian_and_hijri_fiscal_years():
    assert fiscal.year_bounds(2025, "gregorian") == (D(2025, 1, 1), D(2025, 12, 31))
    first, last = fiscal.year_bounds(1446, "hijri")
    assert first == D(2024, 7, 7) and last == D(2025, 6, 25)
    assert fiscal.last_ended_year(D(2026, 3, 1), "gregorian") == 2025
    assert fiscal.last_ended_year(D(2025, 7, 1), "hijri") == 1446
    assert fiscal.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert fiscal.year_label(1446, "hijri", "ar") == "١٤٤٦ هـ"
    assert fiscal.year_label(2025, "gregorian", "en") == "2025"
    assert fiscal.check_year(1446, "gregorian") and not fiscal.check_year(1446, "hijri")


# --- The completeness rules, with fixed dates ------------------------------------------------------
def test_yearly_item_missing_then_present_due_out_of_date_and_renewed():
    statements = item(due_months=6)
    status = state(statements, D(2026, 3, 1))
    assert (status.state, status.period) == (MISSING, "fy-2024")  # 2024's was due by 30 June 2025
    publish(statements, 2024)
    status = state(statements, D(2026, 3, 1))
    assert (status.state, status.period, status.deadline) == (DUE, "fy-2025", D(2026, 6, 30))
    assert status.satisfied
    assert state(statements, D(2026, 6, 30)).state == DUE  # the deadline day itself is still in time
    status = state(statements, D(2026, 7, 1))
    assert (status.state, status.period, status.year) == (OUT_OF_DATE, "fy-2025", 2025)
    assert not status.satisfied
    publish(statements, 2025)  # renewed
    status = state(statements, D(2026, 7, 1))
    assert (status.state, status.deadline) == (PRESENT, D(2027, 6, 30))


def test_yearly_item_with_a_gap_is_out_of_date_even_before_the_new_deadline():
    report = item(due_months=6)
    publish(report, 2023)
    assert (state(report, D(2026, 3, 1)).state, state(report, D(2026, 3, 1)).period) == (OUT_OF_DATE, "fy-2024")


def hijri_fiscal_years():
    settings = GovernanceSettings.for_site(Site.objects.get(is_default_site=True))
    settings.fiscal_year_calendar = "hijri"
    settings.save()


def test_yearly_item_in_hijri_fiscal_years():
    hijri_fiscal_years()
    statements = item(due_months=6)
    publish(statements, 1445)
    # 1446 AH ended on 25 June 2025; six months later is 25 December 2025.
    assert state(statements, D(2025, 12, 25), "hijri").state == DUE
    status = state(statements, D(2025, 12, 26), "hijri")
    assert (status.state, status.period) == (OUT_OF_DATE, "fy-1446")


def test_kept_current_item_with_an_expiry():
    licence = item("test-licence", area="licence", renewal="once", due_months=1)
    assert state(licence, D(2026, 1, 1)).state == MISSING
    publish(licence, day=D(2024, 1, 1), valid_until=D(2026, 5, 31))
    assert state(licence, D(2026, 5, 31)).state == PRESENT
    status = state(licence, D(2026, 6, 15))
    assert (status.state, status.period, status.deadline) == (DUE, "until-2026-05-31", D(2026, 6, 30))
    assert state(licence, D(2026, 7, 1)).state == OUT_OF_DATE
    publish(licence, day=D(2026, 7, 2), valid_until=D(2029, 5, 31))  # the renewed licence
    assert state(licence, D(2026, 7, 3)).state == PRESENT


def test_a_document_without_expiry_stays_present():
    bylaws = item("test-bylaws", area="bylaws", renewal="once")
    publish(bylaws, day=D(2020, 1, 1))
    assert state(bylaws, D(2030, 1, 1)).state == PRESENT


def test_board_term_rule():
    BoardMember.objects.all().delete()
    board = DisclosureItem.objects.get(locale=arabic(), key="board")
    assert state(board, D(2026, 1, 1)).state == MISSING
    chair = BoardMember.objects.create(
        site=default_site(), locale=arabic(), name="أ", role="chair", term_start=D(2022, 1, 1), term_end=D(2025, 12, 31)
    )
    BoardMember.objects.create(
        site=default_site(), locale=arabic(), name="ب", term_start=D(2022, 1, 1), term_end=D(2025, 12, 31)
    )
    assert state(board, D(2025, 12, 31)).state == PRESENT
    status = state(board, D(2026, 1, 15))  # the term ended; a month to publish the new board
    assert (status.state, status.period, status.deadline) == (DUE, "term-2025-12-31", D(2026, 1, 31))
    assert state(board, D(2026, 2, 1)).state == OUT_OF_DATE
    chair.term_start, chair.term_end = D(2026, 1, 1), D(2029, 12, 31)  # re-elected: the board is updated
    chair.save()
    assert state(board, D(2026, 2, 1)).state == PRESENT


def test_items_shown_by_people_and_policies(people):
    executive = DisclosureItem.objects.get(locale=arabic(), key="executive")
    assert state(executive, D(2026, 1, 1)).state == PRESENT
    ExecutiveMember.objects.all().delete()
    assert state(executive, D(2026, 1, 1)).state == MISSING
    policy_item = DisclosureItem.objects.get(locale=arabic(), key="conflict-of-interest-policy")
    assert state(policy_item, D(2026, 1, 1)).state == MISSING
    complaints_handling = PolicyPageFactory()
    policy_item.policy = complaints_handling
    policy_item.save()
    assert state(policy_item, D(2026, 1, 1)).state == PRESENT
    complaints_handling.unpublish()
    policy_item.refresh_from_db()
    assert state(policy_item, D(2026, 1, 1)).state == MISSING


def test_report_percentage_counts_present_and_due():
    DisclosureItem.objects.update(active=False)
    statements = item(due_months=6)
    item("test-other", area="reports")
    publish(statements, 2024)
    report = build_report(default_site(), D(2026, 3, 1))  # statements due, the other missing
    assert [s.state for s in report.statuses] == [DUE, MISSING]
    assert report.percentage == 50
    assert [s.item.key for s in report.problems] == ["test-other"]


def test_inactive_items_are_left_out():
    site = default_site()
    keys = {status.item.key for status in build_report(site, D(2026, 3, 1)).statuses}
    DisclosureItem.objects.filter(key="donations-policy").update(active=False)
    assert keys - {status.item.key for status in build_report(site, D(2026, 3, 1)).statuses} == {"donations-policy"}


# --- The default list ---------------------------------------------------------------------------------
def test_the_default_list_comes_in_both_languages_with_its_rules():
    ar = {i.key: i for i in DisclosureItem.objects.filter(locale__language_code="ar")}
    en = {i.key: i for i in DisclosureItem.objects.filter(locale__language_code="en")}
    assert set(ar) == set(en) and len(ar) == 17
    for key in ar:
        assert ar[key].translation_key == en[key].translation_key
    assert (ar["financial-statements"].renewal, ar["financial-statements"].due_months) == ("fiscal_year", 6)
    assert (ar["annual-report"].renewal, ar["annual-report"].due_months) == ("fiscal_year", 6)
    assert (ar["board"].renewal, ar["board"].due_months) == ("board_term", 1)
    assert en["bylaws"].name == "Bylaws" and ar["bylaws"].name == "اللائحة الأساسية"


def test_an_item_rule_must_fit_its_source():
    wrong = DisclosureItem(locale=arabic(), key="x", name="x", area="plans", source="document", renewal="board_term")
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "renewal" in error.value.message_dict


# --- Documents -----------------------------------------------------------------------------------
def test_a_document_must_be_a_pdf_with_a_plausible_year_and_a_real_date():
    statements = DisclosureItem.objects.get(locale=arabic(), key="financial-statements")
    document = DisclosureDocument(locale=arabic(), item=statements, title="x", document=pdf(extension="txt"),
                                  date_calendar="hijri", date_hijri="31/02/1446", fiscal_year=1446)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        document.full_clean(exclude=["translation_key", "locale"])
    assert set(error.value.message_dict) >= {"document", "date_hijri", "fiscal_year"}
    document.fiscal_year = None
    with pytest.raises(ValidationError) as error:
        document.full_clean(exclude=["translation_key", "locale"])
    assert "fiscal_year" in error.value.message_dict  # yearly items need their year


def test_a_hijri_date_gives_its_gregorian_day_and_digits_are_normalised():
    document = DisclosureDocument(locale=arabic(), item=item(), title="x", document=pdf(), fiscal_year=2024,
                                  date_calendar="hijri", date_hijri="٢٣/٠٣/١٤٤٧")  # fmt: skip
    document.full_clean(exclude=["translation_key", "locale"])
    assert (document.date_hijri, document.date) == ("1447-03-23", D(2025, 9, 15))


def test_fiscal_years_follow_the_associations_choice():
    hijri_fiscal_years()
    document = DisclosureDocument(locale=arabic(), item=item(), title="x", document=pdf(), fiscal_year=2024,
                                  date_calendar="gregorian", date=D(2025, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        document.full_clean(exclude=["translation_key", "locale"])
    document.fiscal_year = 1446
    document.full_clean(exclude=["translation_key", "locale"])
    assert document.year_label("ar") == "١٤٤٦ هـ"


def test_documents_are_listed_by_year_with_type_and_size_and_download(client, section_page, documents):
    page = section_page("financial-statements")
    html = client.get(page.url, HTTP_HOST=page.get_site().hostname).content.decode()
    years = [int(y) for y in re.findall(r'data-year="(\d+)"', html)]
    assert years == sorted(years, reverse=True) and len(years) >= 2
    assert html.index('class="disclosure-archive__heading"') > html.index(f'data-year="{years[0]}"')
    assert "PDF، " in html and "بايت" in html
    assert "٣٠ إبريل" in html and "هـ" in html  # both calendars, Arabic-Indic digits
    document = DisclosureDocument.objects.filter(locale=arabic(), item__key="financial-statements").first()
    response = client.get(document.document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")


def test_english_page_lists_the_translated_documents(client, section_page, documents):
    page = section_page("financial-statements").english
    html = client.get(page.url, HTTP_HOST=page.get_site().hostname).content.decode()
    assert "Audited financial statements and the auditor" in html
    assert "Al-Waha Accounting and Audit Office" in html
    assert "PDF, " in html and "bytes" in html
    assert "30 April" in html and "AH" in html


# --- Pages in both languages ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "language", "texts"),
    [
        ("index", "ar", ["الحوكمة والشفافية", "مجلس الإدارة ولجانه", "القوائم المالية"]),
        ("index", "en", ["Governance and transparency", "The board and its committees", "Financial statements"]),
        ("board", "ar", ["سعد بن عبدالله الحمدان", "لجنة المراجعة", "أمل بنت يوسف الدوسري", "عبدالعزيز بن فهد النصار"]),
        ("board", "en", ["Saad bin Abdullah Al-Hamdan", "Audit committee", "Amal bint Yousef Al-Dosari"]),
        ("general-assembly", "ar", ["الجمعية العمومية", "٦٤", "اعتمدت الجمعية العمومية"]),
        ("general-assembly", "en", ["General assembly", "64", "The general assembly approved"]),
        ("executive-management", "ar", ["ريم بنت عبدالمحسن الجاسر", "المديرة التنفيذية"]),
        ("executive-management", "en", ["Reem bint Abdulmohsen Al-Jasser", "Executive director"]),
        ("policies", "ar", ["سياسة الخصوصية", "{privacy}", "{library}"]),
        ("policies", "en", ["{privacy}", "{beneficiary-relations}"]),
        ("licence", "ar", ["شهادة تسجيل الجمعية"]),
        ("bylaws", "en", ["The approved bylaws"]),
    ],
)  # fmt: skip
def test_each_page_in_both_languages(
    request, client, association, section_page, people, documents, key, language, texts
):
    if key == "index":
        for child in ("board", "financial-statements"):
            section_page(child)
        page = governance_of(association)
    else:
        page = section_page(key)
    if language == "en":
        page = page.get_translation(english())
    addresses = {}
    if key == "policies":
        # The policies the items name, and the library (the first live one in the page's language).
        _library, linked = request.getfixturevalue("linked_policies")
        for slug, policy in linked.items():
            addresses[slug] = policy.get_translation(page.locale).get_url_parts()[2]
        shown_library = PolicyIndexPage.objects.live().filter(locale=page.locale).first()
        addresses["library"] = shown_library.get_url_parts()[2]
    response = client.get(page.url, HTTP_HOST=association.hostname)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        text = text.format(**addresses) if "{" in text else text
        assert text in html, text


def test_the_section_is_in_the_main_menu(client, association):
    index = governance_of(association)
    html = client.get(association.root_page.url, HTTP_HOST=association.hostname).content.decode()
    nav = html[html.index('class="main-nav"') :]
    assert index.get_url_parts()[2] in nav[: nav.index("</nav>")]


def test_page_types_and_their_places(association, whole_section):
    index = governance_of(association)
    assert index.get_parent().specific == association.root_page.specific
    assert index.get_translation(english()).live
    assert BoardPage.objects.child_of(index).count() == 1
    assert GeneralAssemblyPage.objects.child_of(index).count() == 1
    assert set(DisclosurePage.objects.child_of(index).values_list("area", flat=True)) == {
        "licence", "bylaws", "executive", "organisation_chart", "financial", "reports", "plans", "policies",
    }  # fmt: skip
    assert not GovernanceIndexPage.can_create_at(association.root_page.specific)  # one per home
    assert not BoardPage.can_create_at(index)


def test_board_members_are_translatable_snippets_and_former_members_are_archived(section_page, people):
    board = section_page("board")
    current, former = board.members(D(2026, 12, 1))
    assert [m.role for m in current][:4] == ["chair", "vice_chair", "treasurer", "secretary"]
    assert {m.name for m in former} == {"عبدالعزيز بن فهد النصار", "لطيفة بنت عمر الصالح"}
    chair = BoardMember.objects.get(locale__language_code="ar", name="سعد بن عبدالله الحمدان")
    english_chair = chair.get_translation(english())
    assert english_chair.name == "Saad bin Abdullah Al-Hamdan" and english_chair.term_start == chair.term_start
    committee = Committee.objects.get(locale__language_code="en", name="Audit committee")
    assert committee.chair.locale.language_code == "en"


def test_board_page_has_schema_org_members(client, association, section_page, people):
    page = section_page("board").english
    html = client.get(page.url, HTTP_HOST=association.hostname).content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    board = next(b for b in blocks if "member" in b)
    assert board["@type"] == "NGO" and board["@id"].endswith("/en/#organisation")
    first = board["member"][0]
    assert first["@type"] == "OrganizationRole" and first["roleName"] == "Chair"
    assert first["member"] == {"@type": "Person", "name": "Saad bin Abdullah Al-Hamdan", "jobTitle": "Chair"}
    assert {c["name"] for c in board["subOrganization"]} >= {"Audit committee"}


# --- Admin: dashboard panel, report, adding what is missing -----------------------------------------
def staff(django_user_model, group, name=None):
    user = django_user_model.objects.create_user(name or group, email=f"{group}@example.org", password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.demo
def test_demo_leaves_one_item_out_of_date(site_pages):
    report = build_report(default_site())
    assert [s.item.key for s in report.statuses if s.state == OUT_OF_DATE] == ["annual-report"]
    assert report.count(PRESENT) + report.count(DUE) + report.count(MISSING) + 1 == len(report.statuses)


def test_dashboard_panel_shows_the_percentage_and_links_the_problems(client, django_user_model, documents):
    sign_in(client, staff(django_user_model, "Administrators"))
    html = client.get("/admin/").content.decode()
    report = build_report(default_site())
    assert "governance-panel" in html
    assert f"{report.percentage}%" in html
    annual = next(s for s in report.statuses if s.item.key == "annual-report")
    assert annual.add_url.replace("&", "&amp;") in html


def test_the_panel_and_report_are_only_for_those_allowed(client, django_user_model):
    sign_in(client, staff(django_user_model, "Beneficiary relations"))
    assert "governance-panel" not in client.get("/admin/").content.decode()
    assert client.get("/admin/governance/report/").status_code in (302, 403)
    sign_in(client, staff(django_user_model, "Editors"))
    assert "governance-panel" in client.get("/admin/").content.decode()
    assert client.get("/admin/governance/report/").status_code == 200


def test_report_page_lists_every_item_with_its_state_and_a_link_to_add_it(client, django_user_model, documents):
    sign_in(client, staff(django_user_model, "Administrators"))
    html = client.get("/admin/governance/report/").content.decode()
    assert html.count("governance-report__row ") == DisclosureItem.objects.filter(locale=arabic(), active=True).count()
    assert 'governance-report__row--out_of_date" data-item="annual-report"' in html
    annual = DisclosureItem.objects.get(locale=arabic(), key="annual-report")
    assert f"/admin/snippets/governance/disclosuredocument/add/?item={annual.pk}&amp;fiscal_year=" in html


def test_the_add_link_starts_the_form_with_the_item_and_year(client, django_user_model):
    sign_in(client, staff(django_user_model, "Editors"))
    annual = DisclosureItem.objects.get(locale=arabic(), key="annual-report")
    html = client.get(
        f"/admin/snippets/governance/disclosuredocument/add/?item={annual.pk}&fiscal_year=2025"
    ).content.decode()
    assert f'name="item" value="{annual.pk}"' in html
    assert 'name="fiscal_year" value="2025"' in html
    # Bad parameters are ignored, not an error.
    assert client.get("/admin/snippets/governance/disclosuredocument/add/?item=x&fiscal_year=abc").status_code == 200


def test_an_editor_adds_a_document_through_the_admin(client, django_user_model):
    sign_in(client, staff(django_user_model, "Editors"))
    annual = DisclosureItem.objects.get(locale=arabic(), key="annual-report")
    before = DisclosureDocument.objects.count()
    response = client.post(
        "/admin/snippets/governance/disclosuredocument/add/?locale=ar",
        {"item": annual.pk, "title": "التقرير السنوي", "fiscal_year": "٢٠٢٥", "date_calendar": "hijri",
         "date_hijri": "١٥/١٢/١٤٤٧", "date": "", "valid_until": "", "auditor": "", "summary": "",
         "document": pdf().pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert DisclosureDocument.objects.count() == before + 1
    added = DisclosureDocument.objects.latest("pk")
    assert (added.fiscal_year, added.date) == (2025, D(2026, 6, 1))
    # An item of the other language is refused, and nothing is saved.
    english_item = DisclosureItem.objects.get(locale__language_code="en", key="annual-report")
    response = client.post(
        "/admin/snippets/governance/disclosuredocument/add/?locale=ar",
        {"item": english_item.pk, "title": "x", "fiscal_year": "2025", "date_calendar": "gregorian",
         "date": "2026-06-01", "document": pdf().pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert DisclosureDocument.objects.count() == before + 1


# --- The daily notification ---------------------------------------------------------------------
def test_administrators_are_told_once_per_item_and_period(django_user_model):
    DisclosureItem.objects.update(active=False)
    statements = item(due_months=6)
    publish(statements, 2024)
    admin = staff(django_user_model, "Administrators", "boss")
    staff(django_user_model, "Editors", "editor")
    mail.outbox.clear()
    assert check_and_notify(D(2026, 3, 1)) == 1  # became due
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "بند تجريبي" in mail.outbox[0].body and "http://testserver/admin/" in mail.outbox[0].body
    assert check_and_notify(D(2026, 3, 2)) == 0  # told already for this period and state
    assert check_and_notify(D(2026, 7, 1)) == 1  # now out of date: told again
    assert len(mail.outbox) == 2
    assert set(DisclosureNotice.objects.filter(item=statements).values_list("period", "state")) == {
        ("fy-2025", DUE), ("fy-2025", OUT_OF_DATE),
    }  # fmt: skip
    publish(statements, 2025)
    assert check_and_notify(D(2027, 3, 1)) == 1  # the next year's period is new
    assert len(mail.outbox) == 3


def test_the_daily_command(django_user_model, documents):
    staff(django_user_model, "Administrators", "boss")
    mail.outbox.clear()
    out = call_command_output("governance_check")
    assert "announced" in out
    assert len(mail.outbox) == 1 and "التقرير السنوي" in mail.outbox[0].body
    assert call_command_output("governance_check").startswith("0 ")


def call_command_output(name):
    import io

    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


# --- Permissions -------------------------------------------------------------------------------------
def test_permissions_of_the_groups(django_user_model):
    admin = staff(django_user_model, "Administrators")
    editor = staff(django_user_model, "Editors")
    for codename in (
        "change_governancesettings",
        "delete_boardmember",
        "change_disclosureitem",
        "view_disclosure_report",
    ):
        assert admin.has_perm(f"governance.{codename}"), codename
    assert editor.has_perm("governance.add_disclosuredocument") and editor.has_perm("governance.add_assemblymeeting")
    assert not editor.has_perm("governance.change_boardmember")
    assert not editor.has_perm("governance.delete_disclosuredocument")
    assert not editor.has_perm("governance.change_disclosureitem")


# --- The API ---------------------------------------------------------------------------------------
def test_api_lists_the_section_in_both_locales(client, association, whole_section):
    for language, title in (("ar", "مجلس الإدارة ولجانه"), ("en", "The board and its committees")):
        data = client.get(
            f"/api/v3/pages/?type=governance.BoardPage&locale={language}", HTTP_HOST=association.hostname
        ).json()
        assert [page["title"] for page in data["items"]] == [title]
    data = client.get("/api/v3/pages/?type=governance.DisclosurePage&locale=en", HTTP_HOST=association.hostname).json()
    assert data["count"] == 8


def test_api_board_detail_has_structured_members_and_committees(client, association, section_page, people):
    page = section_page("board").english
    data = client.get(f"/api/v3/pages/{page.pk}/", HTTP_HOST=association.hostname).json()
    chair = data["board_members"][0]
    assert chair["name"] == "Saad bin Abdullah Al-Hamdan" and chair["role_display"] == "Chair"
    assert chair["in_term"] is True and chair["term_start"].endswith("-01-01")
    assert any(not m["in_term"] for m in data["board_members"])
    audit = next(c for c in data["committees"] if c["name"] == "Audit committee")
    assert audit["chair"] == "Faisal bin Hamad Al-Rajeh"
    assert "Amal bint Yousef Al-Dosari (chartered accountant)" in audit["members"]
    arabic_page = page.get_translation(arabic())
    data = client.get(f"/api/v3/pages/{arabic_page.pk}/", HTTP_HOST=association.hostname).json()
    assert data["board_members"][0]["name"] == "سعد بن عبدالله الحمدان"


def test_api_disclosure_documents_with_dates_year_size_and_type(client, association, section_page, documents):
    page = section_page("financial-statements")
    data = client.get(f"/api/v3/pages/{page.pk}/", HTTP_HOST=association.hostname).json()
    group = data["disclosure_documents"][0]
    assert group["key"] == "financial-statements" and group["yearly"] is True
    first = group["documents"][0]
    assert first["document"]["type"] == "PDF" and first["document"]["size"] > 0
    assert first["document"]["url"].startswith("/documents/")
    assert first["date_hijri"] and first["date_gregorian"] and first["fiscal_year_display"].endswith("م")
    years = [d["fiscal_year"] for d in group["documents"]]
    assert years == sorted(years, reverse=True)


def test_api_assembly_and_index(client, association, whole_section, documents):
    page = whole_section["general-assembly"].english
    data = client.get(f"/api/v3/pages/{page.pk}/", HTTP_HOST=association.hostname).json()
    assert data["membership"]["size"] == 64
    assert data["meetings"][0]["minutes"]["type"] == "PDF"
    assert data["meetings"][0]["title"].startswith("Ordinary general assembly meeting")
    index = governance_of(association).get_translation(english())
    data = client.get(f"/api/v3/pages/{index.pk}/", HTTP_HOST=association.hostname).json()
    assert len(data["sections"]) == 10
    assert "registration_number" in data["registration"]


@pytest.mark.demo
def test_seeding_again_duplicates_nothing(site_pages):
    counts = (DisclosureDocument.objects.count(), BoardMember.objects.count(), AssemblyMeeting.objects.count())
    pages = Page.objects.count()
    from governance import demo as governance_demo

    governance_demo.seed(Site.objects.get(is_default_site=True))
    assert (DisclosureDocument.objects.count(), BoardMember.objects.count(), AssemblyMeeting.objects.count()) == counts
    assert Page.objects.count() == pages


def test_completeness_module_names_every_state():
    assert set(completeness.STATE_LABELS) == {PRESENT, DUE, OUT_OF_DATE, MISSING}
