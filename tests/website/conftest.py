"""The content the public page tests read, built once per module: the catalogue (tests/support/catalogue.py:
services, policies, the home page's sections) and a governance section with its board, committee, executive
team, general assembly and audited statements."""

import datetime

import pytest
from django.utils import timezone

from governance.factories import (
    AssemblyMeetingFactory,
    BoardMemberFactory,
    BoardPageFactory,
    CommitteeFactory,
    DisclosureDocumentFactory,
    DisclosurePageFactory,
    ExecutiveMemberFactory,
    GeneralAssemblyPageFactory,
    GovernanceIndexPageFactory,
)
from governance.models import Area, DisclosureItem
from organisation.factories import home_of
from tests.support.catalogue import build_catalogue, read_catalogue
from tests.support.db import built_once

# slug -> (page factory, area, Arabic title, English title)
SECTIONS = {
    "board": (BoardPageFactory, None, "مجلس الإدارة ولجانه", "The board and its committees"),
    "general-assembly": (GeneralAssemblyPageFactory, None, "الجمعية العمومية", "General assembly"),
    "executive-management": (DisclosurePageFactory, Area.EXECUTIVE, "الإدارة التنفيذية", "Executive management"),
    "financial-statements": (DisclosurePageFactory, Area.FINANCIAL, "القوائم المالية", "Financial statements"),
    "policies": (DisclosurePageFactory, Area.POLICIES, "السياسات", "Policies"),
}
BOARD = {
    "سعد بن عبدالله الحمدان": ("chair", "Saad bin Abdullah Al-Hamdan"),
    "هيفاء بنت ناصر العمران": ("vice_chair", "Haifa bint Nasser Al-Omran"),
    "فيصل بن حمد الراجح": ("treasurer", "Faisal bin Hamad Al-Rajeh"),
}
ENGLISH = {
    **{name: english for name, (_role, english) in BOARD.items()},
    "لجنة المراجعة": "Audit committee",
    "ريم بنت عبدالمحسن الجاسر": "Reem bint Abdulmohsen Al-Jasser",
    "المديرة التنفيذية": "Executive director",
    "القوائم المالية المدققة وتقرير المراجع": "Audited financial statements and the auditor's report",
    "اعتمدت الجمعية العمومية القوائم المالية.": "The general assembly approved the financial statements.",
}


def build_governance(site=None):
    """The governance section (index and the pages of SECTIONS, both languages) and what they show."""
    GovernanceIndexPageFactory(parent=home_of(site), slug="governance", show_in_menus=True, english=True)
    for slug, (page_factory, area, title, english) in SECTIONS.items():
        fields = {"area": area} if area else {}
        page_factory(site=site, slug=slug, title=title, english={title: english}, **fields)
    today = timezone.localdate()
    members = [
        BoardMemberFactory(name=name, role=role, sort_order=order, english=ENGLISH)
        for order, (name, (role, _english)) in enumerate(BOARD.items())
    ]
    CommitteeFactory(name="لجنة المراجعة", chair=members[2], members=members[1:], english=ENGLISH)
    ExecutiveMemberFactory(name="ريم بنت عبدالمحسن الجاسر", position="المديرة التنفيذية", english=ENGLISH)
    dated = {"date_calendar": "gregorian", "date": datetime.date(today.year - 1, 4, 30), "date_hijri": ""}
    DisclosureDocumentFactory(
        item=DisclosureItem.objects.get(locale__language_code="ar", key="financial-statements"),
        title="القوائم المالية المدققة وتقرير المراجع", fiscal_year=today.year - 2, english=ENGLISH, **dated,
    )  # fmt: skip
    AssemblyMeetingFactory(summary="اعتمدت الجمعية العمومية القوائم المالية.", english=ENGLISH, **dated)


@pytest.fixture(scope="module")
def _public_rows(django_db_setup, django_db_blocker):
    def build():
        rows = build_catalogue()
        build_governance()
        return rows

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def public_content(db, _public_rows):
    """The association's catalogue (tests.support.catalogue.read_catalogue) and governance section, in both
    languages (made once per module)."""
    return read_catalogue(_public_rows)
