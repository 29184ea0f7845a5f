"""governance.factories: settings per site, the completeness list, PDFs, the board, the assembly, the pages."""

import datetime

import pytest

from governance.factories import (
    AssemblyMeetingFactory,
    BoardMemberFactory,
    BoardPageFactory,
    CommitteeFactory,
    DisclosureDocumentFactory,
    DisclosureItemFactory,
    DisclosurePageFactory,
    ExecutiveMemberFactory,
    GeneralAssemblyPageFactory,
    GovernanceIndexPageFactory,
    GovernanceSettingsFactory,
    PdfDocumentFactory,
    governance_of,
)
from governance.models import Area, GovernanceSettings
from home.factories import SiteFactory
from organisation.factories import english

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory_class",
    [DisclosureItemFactory, DisclosureDocumentFactory, BoardMemberFactory, ExecutiveMemberFactory,
     AssemblyMeetingFactory, CommitteeFactory],
)  # fmt: skip
def test_each_snippet_is_valid_and_translated(factory_class):
    snippet = factory_class(english=True)
    snippet.full_clean()
    translated = snippet.english
    assert translated.locale == english() and translated.translation_key == snippet.translation_key
    translated.full_clean()


def test_dates_and_documents_as_the_admin_computes_them():
    document = DisclosureDocumentFactory(item=DisclosureItemFactory(english=True), english=True)
    assert document.date == datetime.date(2024, 12, 26) and document.document.file_extension == "pdf"
    assert document.english.document_id == document.document_id and document.english.date_hijri == "1446-06-25"
    assert document.english.item == document.item.get_translation(english())
    meeting = AssemblyMeetingFactory()
    assert meeting.date is not None and meeting.minutes.file.read().startswith(b"%PDF-")
    assert PdfDocumentFactory().collection.is_root()


def test_a_committee_with_its_board_members():
    chair, member = BoardMemberFactory(role="chair", english=True), BoardMemberFactory()
    committee = CommitteeFactory(chair=chair, members=[chair, member], english=True)
    assert set(committee.members.all()) == {chair, member} and chair.in_term()
    assert committee.english.chair == chair.english  # pointed at the chair's translation, as wagtail-localize does
    assert set(committee.english.members.all()) == {chair, member}  # the originals: readers see translations


def test_the_governance_pages_of_a_site(client):
    site = SiteFactory()
    index = GovernanceIndexPageFactory(site=site, english=True)
    pages = [
        DisclosurePageFactory(site=site, area=Area.FINANCIAL, english=True),
        BoardPageFactory(site=site, english=True),
        GeneralAssemblyPageFactory(site=site, english=True),
    ]
    for page in pages:
        page.full_clean()
        assert page.get_parent().pk == index.pk == governance_of(site).pk
        assert page.english.get_parent().pk == index.english.pk
        assert client.get(page.english.url, HTTP_HOST=site.hostname).status_code == 200
    assert index.registration["registration_number"] == site.organisation.registration_number


def test_settings_per_site():
    site = SiteFactory(organisation=False)
    GovernanceSettingsFactory(site=site, fiscal_year_calendar="hijri")
    assert GovernanceSettings.for_site(site).fiscal_year_calendar == "hijri"
