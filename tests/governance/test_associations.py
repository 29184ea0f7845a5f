"""Governance and disclosure per association: the tests' association A (the default site, with the module's
section, people and documents, tests/governance/conftest.py) beside a second association B
(tests.support.second_association) with a board member, an executive, a document and an item of its own.

B's records never appear on A's pages, its API, its completeness report, its admin listings or choosers, and
are not found by their ids in A's admin; each association's health is its own; a new association gets its
own default disclosure list."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from governance.completeness import MISSING, build_report
from governance.defaults import DEFAULT_LIST, create_default_disclosure_items
from governance.factories import (
    AssemblyMeetingFactory,
    BoardMemberFactory,
    BoardPageFactory,
    CommitteeFactory,
    DisclosureDocumentFactory,
    DisclosureItemFactory,
    ExecutiveMemberFactory,
    GovernanceIndexPageFactory,
)
from governance.models import (
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    ExecutiveMember,
)
from governance.notifications import check_and_notify
from hosting import health
from hosting.creation import create_association
from hosting.models import OPERATORS_GROUP
from organisation.associations import staff_group
from organisation.factories import UserFactory
from policies.factories import PolicyIndexPageFactory
from scripts.signin import sign_in
from tests.support.db import built_once
from tests.support.second_association import build_second_association

pytestmark = pytest.mark.django_db
B_MEMBER = "عضو مجلس الجمعية الثانية"
B_EXECUTIVE = "مدير الجمعية الثانية"
B_DOCUMENT = "قوائم الجمعية الثانية"
B_ITEM = "بند الجمعية الثانية وحدها"
B_COMMITTEE = "لجنة الجمعية الثانية"
B_MEETING = "9191"  # its number, in its title


def build_b():
    second = build_second_association()
    site = second.site
    items = create_default_disclosure_items(site)
    GovernanceIndexPageFactory(site=site, slug="governance", english=True)
    board_page = BoardPageFactory(site=site, slug="board", english=True)
    member = BoardMemberFactory(site=site, name=B_MEMBER, english={B_MEMBER: "Second's board member"})
    executive = ExecutiveMemberFactory(site=site, name=B_EXECUTIVE)
    committee = CommitteeFactory(site=site, name=B_COMMITTEE, chair=member, members=[member])
    meeting = AssemblyMeetingFactory(site=site, number=B_MEETING)
    own_item = DisclosureItemFactory(site=site, key="second-only", name=B_ITEM)
    document = DisclosureDocumentFactory(
        site=site, item=items["financial-statements"], title=B_DOCUMENT, fiscal_year=datetime.date.today().year - 1
    )
    return {
        "site": site.pk, "board_page": board_page.pk, "member": member.pk, "executive": executive.pk,
        "committee": committee.pk, "meeting": meeting.pk,
        "item": own_item.pk, "statements": items["financial-statements"].pk, "document": document.pk,
    }  # fmt: skip


@pytest.fixture(scope="module")
def _b_rows(django_db_setup, django_db_blocker, _section_rows):
    yield from built_once(django_db_blocker, build_b)


@pytest.fixture
def b(db, _b_rows):
    return dict(_b_rows, site=Site.objects.get(pk=_b_rows["site"]))


# --- The public side ----------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["ar", "en"])
def test_b_never_appears_on_a_pages(client, association, whole_section, people, documents, b, language):
    for page in whole_section.values():
        shown = page if language == "ar" else page.english
        html = client.get(shown.url, HTTP_HOST=association.hostname).content.decode()
        for text in (B_MEMBER, B_EXECUTIVE, B_DOCUMENT, "Second's board member"):
            assert text not in html, (page.slug, text)
    board = whole_section["board"]
    assert people["board"][0].name in client.get(board.url, HTTP_HOST=association.hostname).content.decode()


def test_b_pages_show_its_own_records_only(client, people, b):
    board = BoardPageFactory._meta.model.objects.get(pk=b["board_page"])
    html = client.get(board.url, HTTP_HOST=b["site"].hostname).content.decode()
    assert B_MEMBER in html
    assert all(member.name not in html for member in people["board"])
    assert [member["name"] for member in board.board_members] == [B_MEMBER]
    assert [committee["name"] for committee in board.committees] == [B_COMMITTEE]


def test_the_api_of_a_board_page_lists_its_own_members(client, association, whole_section, b):
    board = whole_section["board"]
    data = client.get(f"/api/v3/pages/{board.pk}/", HTTP_HOST=association.hostname).json()
    names = {member["name"] for member in data["board_members"]}
    assert names and B_MEMBER not in names
    statements = client.get(
        f"/api/v3/pages/{whole_section['financial-statements'].pk}/", HTTP_HOST=association.hostname
    ).json()["disclosure_documents"]
    titles = {document["title"] for group in statements for document in group["documents"]}
    assert titles and B_DOCUMENT not in titles


# --- The completeness report ---------------------------------------------------------------------------
def test_each_report_reads_its_own_list_and_records(association, people, documents, b):
    report_a, report_b = build_report(association), build_report(b["site"])
    assert {status.item.site_id for status in report_a.statuses} == {association.pk}
    assert {status.item.site_id for status in report_b.statuses} == {b["site"].pk}
    assert "second-only" not in {status.item.key for status in report_a.statuses}
    assert "second-only" in {status.item.key for status in report_b.statuses}
    # B's board members and committees do not make A's published.
    BoardMember.objects.for_site(association).delete()
    assert next(s for s in build_report(association).statuses if s.item.key == "board").state == MISSING
    assert next(s for s in build_report(b["site"]).statuses if s.item.key == "board").state != MISSING
    Committee.objects.for_site(association).delete()
    assert next(s for s in build_report(association).statuses if s.item.key == "committees").state == MISSING
    assert next(s for s in report_b.statuses if s.item.key == "committees").state != MISSING


def test_a_report_page_and_panel_show_a_own_items(client, staff, documents, b):
    sign_in(client, staff["admin"])
    html = client.get("/admin/governance/report/").content.decode()
    assert 'data-item="second-only"' not in html and B_ITEM not in html
    assert html.count("governance-report__row ") == len(build_report(Site.objects.get(is_default_site=True)).statuses)
    assert B_ITEM not in client.get("/admin/").content.decode()


# --- The admin ----------------------------------------------------------------------------------------
MODELS = {
    "boardmember": ("member", BoardMember, B_MEMBER),
    "executivemember": ("executive", ExecutiveMember, B_EXECUTIVE),
    "disclosureitem": ("item", DisclosureItem, B_ITEM),
    "disclosuredocument": ("document", DisclosureDocument, B_DOCUMENT),
    "committee": ("committee", Committee, B_COMMITTEE),
    "assemblymeeting": ("meeting", AssemblyMeeting, B_MEETING),
}


@pytest.mark.parametrize("model_name", list(MODELS))
def test_a_admin_lists_and_chooses_none_of_b(client, staff, people, documents, b, model_name):
    key, model, text = MODELS[model_name]
    sign_in(client, staff["admin"])
    listing = client.get(f"/admin/snippets/governance/{model_name}/")
    assert listing.status_code == 200 and text not in listing.content.decode()
    assert B_ITEM not in listing.content.decode()  # nor B's items among the documents' filters
    chooser = model.snippet_viewset.chooser_viewset
    choose = client.get(reverse(chooser.get_url_name("choose")))
    assert choose.status_code == 200 and text not in choose.content.decode()
    results = client.get(reverse(chooser.get_url_name("choose_results")), {"q": text})
    assert f"/chosen/{b[key]}/" not in results.content.decode()
    assert client.get(reverse(chooser.get_url_name("chosen"), args=[b[key]])).status_code == 404
    several = client.get(reverse(chooser.get_url_name("chosen_multiple")), {"id": [b[key]]})
    assert text not in several.content.decode()


@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("action", ["edit", "delete", "history", "usage", "copy"])
def test_b_records_are_not_found_in_a_admin(client, staff, b, model_name, action):
    key, model, _text = MODELS[model_name]
    sign_in(client, staff["admin"])
    url = reverse(model.snippet_viewset.get_url_name(action), args=[b[key]])
    assert client.get(url).status_code == 404
    if action in ("edit", "delete"):
        assert client.post(url, {"name": "x", "title": "x"}).status_code == 404
    assert model.objects.filter(pk=b[key]).exists()


def test_a_bulk_delete_of_b_records_is_refused(client, staff, b):
    sign_in(client, staff["admin"])
    url = f"/admin/bulk/governance/boardmember/delete/?id={b['member']}"
    response = client.post(url)
    assert response.status_code in (302, 403, 404)
    assert BoardMember.objects.filter(pk=b["member"]).exists()


def test_a_new_record_is_the_working_association_s_and_chooses_only_its_items(client, staff, b):
    sign_in(client, staff["admin"])
    response = client.post(
        "/admin/snippets/governance/boardmember/add/?locale=ar",
        {"name": "عضو جديد", "role": "member", "term_start": "2026-01-01", "sort_order": "0"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BoardMember.objects.get(name="عضو جديد").site.is_default_site
    # A document for B's item is refused: the form offers A's items only.
    response = client.get(f"/admin/snippets/governance/disclosuredocument/add/?item={b['statements']}")
    assert f'name="item" value="{b["statements"]}"' not in response.content.decode()
    before = DisclosureDocument.objects.count()
    client.post(
        "/admin/snippets/governance/disclosuredocument/add/?locale=ar",
        {"item": b["statements"], "title": "لا", "date_calendar": "gregorian", "date": "2026-01-01"},
    )
    assert DisclosureDocument.objects.count() == before


def test_a_committee_cannot_name_another_association_s_member(b, people):
    committee = Committee.objects.get(pk=people["committee"].pk)
    committee.chair = BoardMember.objects.get(pk=b["member"])
    with pytest.raises(Exception, match="chair"):
        committee.full_clean()


# --- Health per association, and a new association's list -----------------------------------------------
def test_health_per_association(client, association, documents, b):
    a_figure, b_figure = health.disclosure_percentage(association), health.disclosure_percentage(b["site"])
    assert a_figure == build_report(association).percentage and b_figure == build_report(b["site"]).percentage
    assert a_figure != b_figure


def test_the_operator_screen_shows_each_association_s_figure(client, association, documents, b):
    operator = UserFactory(username="operator")
    operator.groups.add(Group.objects.get(name=OPERATORS_GROUP))
    sign_in(client, operator)
    html = client.get("/admin/hosting/").content.decode()
    for site in (association, b["site"]):
        row = html.split(f'data-association="{site.association.pk}"')[1].split("</tr>")[0]
        assert f'class="hosting-disclosure">{health.disclosure_percentage(site)}%' in row


def test_a_new_association_gets_its_own_default_list(association):
    before_a = set(DisclosureItem.objects.for_site(association).values_list("pk", flat=True))
    site = create_association("third.example.org", "جمعية ثالثة", "Third association", "boss@third.example.org").site
    items = DisclosureItem.objects.for_site(site)
    assert items.filter(locale__language_code="ar").count() == len(DEFAULT_LIST)
    assert items.filter(locale__language_code="en").count() == len(DEFAULT_LIST)
    english = items.get(locale__language_code="en", key="financial-statements")
    assert english.name == "Audited financial statements" and english.site_id == site.pk
    assert set(DisclosureItem.objects.for_site(association).values_list("pk", flat=True)) == before_a
    assert build_report(site).percentage == 0  # nothing published yet: every item missing
    create_default_disclosure_items(site)  # again: nothing changes
    assert items.count() == 2 * len(DEFAULT_LIST)


def test_each_association_s_administrators_hear_of_its_own_list(django_user_model, staff, documents, b):
    b_admin = django_user_model.objects.create_user("b-admin", email="admin@second.example.org", password="x")
    b_admin.groups.add(staff_group(b["site"], "administrator"))
    mail.outbox.clear()
    assert check_and_notify() > 0
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert B_ITEM in by_address["admin@second.example.org"]
    assert B_ITEM not in by_address[staff["admin"].email]
    assert "التقرير السنوي" in by_address[staff["admin"].email]  # A's annual report, out of date


@pytest.mark.usefixtures("no_page_cache")
def test_the_policies_page_links_no_other_association_s_library(client, association, whole_section, b):
    """Only the second association has a policy library: the first's policies page links none."""
    PolicyIndexPageFactory(site=b["site"], slug="second-policies")
    html = client.get(whole_section["policies"].url, HTTP_HOST=association.hostname).content.decode()
    assert "second-policies" not in html
