"""A governance section built with the factories, on the tests' own association (the default site), whose
staff the admin's tests sign in as.

The section, its people and its documents are made once per module (`build_section`, rolled back when the
module is done); each test reads them fresh, and what it changes rolls back with it. The governance records
(board, committees, executive team, documents, meetings) are each association's own; the module's build clears
them first, so a seeded demo never adds to what a test reads."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from governance import fiscal
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
from governance.models import (
    Area,
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    DisclosureNotice,
    ExecutiveMember,
)
from organisation.factories import english
from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from policies.models import PolicyIndexPage, PolicyPage
from tests.support.db import built_once

# (name, English, role, in the current term?)
BOARD = [
    ("سعد بن عبدالله الحمدان", "Saad bin Abdullah Al-Hamdan", "chair", True),
    ("هيفاء بنت ناصر العمران", "Haifa bint Nasser Al-Omran", "vice_chair", True),
    ("فيصل بن حمد الراجح", "Faisal bin Hamad Al-Rajeh", "treasurer", True),
    ("منيرة بنت سليمان الفارس", "Munira bint Sulaiman Al-Fares", "secretary", True),
    ("عبدالعزيز بن فهد النصار", "Abdulaziz bin Fahd Al-Nassar", "chair", False),
    ("لطيفة بنت عمر الصالح", "Latifa bint Omar Al-Saleh", "member", False),
]
AUDIT_COMMITTEE = {"لجنة المراجعة": "Audit committee"}
AUDIT_GUEST = {"أمل بنت يوسف الدوسري (محاسبة قانونية)": "Amal bint Yousef Al-Dosari (chartered accountant)"}
EXECUTIVE = {"ريم بنت عبدالمحسن الجاسر": "Reem bint Abdulmohsen Al-Jasser", "المديرة التنفيذية": "Executive director"}
STATEMENTS = {"القوائم المالية المدققة وتقرير المراجع": "Audited financial statements and the auditor's report"}
AUDITOR = {"مكتب الواحة للمحاسبة والمراجعة": "Al-Waha Accounting and Audit Office"}
LICENCE = {"شهادة تسجيل الجمعية": "The association's registration certificate"}
BYLAWS = {"اللائحة الأساسية المعتمدة": "The approved bylaws"}
ANNUAL_REPORT = {"التقرير السنوي": "Annual report"}
ASSEMBLY_SIZE = 64
APPROVED = {
    "اعتمدت الجمعية العمومية القوائم المالية والتقرير السنوي.": (
        "The general assembly approved the financial statements and the annual report."
    )
}
# key -> (page factory, area, slug, Arabic title, English title): the section's ten pages.
SECTIONS = {
    "licence": (DisclosurePageFactory, Area.LICENCE, "licence", "الترخيص والتسجيل", "Registration and licence"),
    "bylaws": (DisclosurePageFactory, Area.BYLAWS, "bylaws", "اللائحة الأساسية", "Bylaws"),
    "board": (BoardPageFactory, Area.BOARD, "board", "مجلس الإدارة ولجانه", "The board and its committees"),
    "general-assembly": (
        GeneralAssemblyPageFactory, Area.GENERAL_ASSEMBLY, "general-assembly", "الجمعية العمومية", "General assembly",
    ),
    "executive-management": (
        DisclosurePageFactory, Area.EXECUTIVE, "executive-management", "الإدارة التنفيذية", "Executive management",
    ),
    "organisation-chart": (
        DisclosurePageFactory, Area.ORGANISATION_CHART, "organisation-chart", "الهيكل التنظيمي",
        "Organisational chart",
    ),
    "financial-statements": (
        DisclosurePageFactory, Area.FINANCIAL, "financial-statements", "القوائم المالية", "Financial statements",
    ),
    "annual-reports": (DisclosurePageFactory, Area.REPORTS, "annual-reports", "التقارير السنوية", "Annual reports"),
    "plans": (DisclosurePageFactory, Area.PLANS, "plans", "الخطط", "Plans"),
    "policies": (DisclosurePageFactory, Area.POLICIES, "policies", "السياسات", "Policies"),
}  # fmt: skip


def item(key, language="ar"):
    """An item of the default list of the tests' association (made in both languages with it)."""
    return DisclosureItem.objects.for_site(default_site()).get(locale__language_code=language, key=key)


def default_site():
    return Site.objects.get(is_default_site=True)


def path(page, site):
    """`page`'s address as its own site's pages link it."""
    return page.relative_url(site)


def _build_page(site, key):
    page_factory, area, slug, title, english_title = SECTIONS[key]
    fields = {"area": area} if page_factory is DisclosurePageFactory else {}
    if page_factory is GeneralAssemblyPageFactory:
        fields["membership_size"] = ASSEMBLY_SIZE
    return page_factory(site=site, slug=slug, title=title, english={title: english_title}, **fields)


def clear_governance_rows():
    """The shared governance snippets cleared: what a test reads is what the module made."""
    for model in (Committee, BoardMember, ExecutiveMember, DisclosureNotice, DisclosureDocument, AssemblyMeeting):
        model.objects.all().delete()


def build_people():
    """The board (four in term from January of last year, two former), the audit committee and an executive."""
    today = timezone.localdate()
    current = (datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 2, 12, 31))
    former = (datetime.date(today.year - 5, 1, 1), datetime.date(today.year - 2, 12, 31))
    members = []
    for order, (name, english_name, role, in_term) in enumerate(BOARD):
        start, end = current if in_term else former
        members.append(
            BoardMemberFactory(
                name=name, role=role, term_start=start, term_end=end, sort_order=order, english={name: english_name}
            )
        )
    treasurer = members[2]
    committee = CommitteeFactory(
        name="لجنة المراجعة", chair=treasurer, members=[treasurer, members[3]],
        other_members=next(iter(AUDIT_GUEST)), english=AUDIT_COMMITTEE | AUDIT_GUEST,
    )  # fmt: skip
    executive = ExecutiveMemberFactory(name="ريم بنت عبدالمحسن الجاسر", position="المديرة التنفيذية", english=EXECUTIVE)
    return {"board": [member.pk for member in members], "committee": committee.pk, "executive": executive.pk}


def dated(day):
    return {"date_calendar": "gregorian", "date": day, "date_hijri": ""}


def build_documents():
    """The last two ended fiscal years' audited statements (published on 30 April after each), the licence,
    the bylaws, an annual report years old (left out of date) and the last year's assembly meeting."""
    today = timezone.localdate()
    last = fiscal.last_ended_year(today, "gregorian")
    statements = [
        DisclosureDocumentFactory(
            item=item("financial-statements"), title=next(iter(STATEMENTS)), fiscal_year=year,
            auditor=next(iter(AUDITOR)), english=STATEMENTS | AUDITOR, **dated(datetime.date(year + 1, 4, 30)),
        )
        for year in (last - 1, last)
    ]  # fmt: skip
    DisclosureDocumentFactory(
        item=item("licence"), title=next(iter(LICENCE)), english=LICENCE,
        valid_until=datetime.date(today.year + 2, 6, 30), **dated(today - datetime.timedelta(days=400)),
    )  # fmt: skip
    DisclosureDocumentFactory(
        item=item("bylaws"), title=next(iter(BYLAWS)), english=BYLAWS, **dated(datetime.date(today.year - 3, 2, 12))
    )
    DisclosureDocumentFactory(
        item=item("annual-report"), title=next(iter(ANNUAL_REPORT)), fiscal_year=last - 3, english=ANNUAL_REPORT,
        **dated(datetime.date(last - 2, 5, 31)),
    )  # fmt: skip
    meeting = AssemblyMeetingFactory(
        number="15", fiscal_year=last, attendance=ASSEMBLY_SIZE // 2 + 5, summary=next(iter(APPROVED)),
        english=APPROVED, **dated(datetime.date(last + 1, 4, 30)),
    )  # fmt: skip
    return {"statements": [document.pk for document in statements], "meeting": meeting.pk}


def build_section():
    """What the module's fixtures read, by primary key: an association of its own with its whole governance
    section in both languages, the shared governance snippets (people, documents) its pages show, and the
    policies of its library that the default list's items name."""
    clear_governance_rows()
    site = default_site()
    GovernanceIndexPageFactory(site=site, slug="governance", show_in_menus=True, english=True)
    return {
        "site": site.pk,
        "pages": {key: _build_page(site, key).pk for key in SECTIONS},
        "people": build_people(),
        "documents": build_documents(),
        "policies": build_linked_policies(site),
    }


@pytest.fixture(scope="module")
def _section_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_section)


@pytest.fixture
def association(db, _section_rows):
    """The tests' association, its governance section (the index, shown in the menu, and its ten pages)
    in both languages; made once per module with the people and documents, as every fixture here."""
    return Site.objects.get(pk=_section_rows["site"])


@pytest.fixture
def section_page(association, _section_rows):
    """section_page(key): the section's page of `key` (SECTIONS), fresh, its English translation `.english`."""

    def find(key):
        page = Page.objects.get(pk=_section_rows["pages"][key]).specific
        page.english = page.get_translation(english()).specific
        return page

    return find


@pytest.fixture
def whole_section(section_page):
    """Every page of the section, keyed as SECTIONS."""
    return {key: section_page(key) for key in SECTIONS}


@pytest.fixture
def people(association, _section_rows):
    """The board (four in term from January of last year, two former), the audit committee and an executive:
    the only governance people in the database."""
    rows = _section_rows["people"]
    board = BoardMember.objects.in_bulk(rows["board"])
    return {
        "board": [board[pk] for pk in rows["board"]],
        "committee": Committee.objects.get(pk=rows["committee"]),
        "executive": ExecutiveMember.objects.get(pk=rows["executive"]),
    }


@pytest.fixture
def documents(association, _section_rows):
    """The last two ended fiscal years' audited statements, the licence, the bylaws, an annual report years
    old (left out of date) and the last year's assembly meeting: the only governance documents and meetings."""
    rows = _section_rows["documents"]
    return {
        "statements": list(DisclosureDocument.objects.filter(pk__in=rows["statements"]).order_by("fiscal_year")),
        "meeting": AssemblyMeeting.objects.get(pk=rows["meeting"]),
    }


# (key of the default list's item, slug, Arabic title): the policies of the association's library the items name.
LINKED_POLICIES = [
    ("privacy-policy", "privacy", "سياسة الخصوصية"),
    ("beneficiary-relations-policy", "beneficiary-relations", "سياسة العلاقة مع المستفيدين"),
]


def build_linked_policies(site):
    """The association's policy library and two policies in it, named by the default list's items."""
    library = PolicyIndexPageFactory(site=site, slug="policies", english=True)
    linked = {}
    for key, slug, title in LINKED_POLICIES:
        policy = PolicyPageFactory(parent=library, slug=slug, title=title, english=True)
        DisclosureItem.objects.for_site(site).filter(key=key).update(policy=policy)
        linked[slug] = policy.pk
    return {"library": library.pk, "linked": linked}


@pytest.fixture
def linked_policies(association, _section_rows):
    """Two policies of the association's library, named by the default list's privacy and
    beneficiary-relations items: (the library, the policies by slug)."""
    rows = _section_rows["policies"]
    linked = {slug: PolicyPage.objects.get(pk=pk) for slug, pk in rows["linked"].items()}
    return PolicyIndexPage.objects.get(pk=rows["library"]), linked
