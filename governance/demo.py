"""Demo governance section of the invented association: every disclosure area in
Arabic with its English translation, fictional people, and PDFs made here.

Dates follow today's, so the section stays plausible whenever it is seeded;
one item is left out of date on purpose (the annual report of the last years)
so the dashboard panel has something to show. Safe to run again.
"""

import datetime
import zlib

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site

from core.localization import translate_with
from governance import fiscal
from governance.defaults import create_default_disclosure_items
from governance.models import (
    Area,
    AssemblyMeeting,
    BoardMember,
    BoardPage,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    DisclosurePage,
    ExecutiveMember,
    GeneralAssemblyPage,
    GovernanceIndexPage,
    fiscal_calendar,
)

ENGLISH: dict[str, str] = {}


def t(arabic: str, english: str) -> str:
    """Record a segment's English and return the Arabic source."""
    ENGLISH[arabic] = english
    return arabic


INDEX = {
    "slug": "governance",
    "title": t("الحوكمة والشفافية", "Governance and transparency"),
    "intro": t(
        "ننشر هنا ما يطلبه معيار الحوكمة للقطاع غير الربحي: ترخيصنا ولائحتنا، ومجلس الإدارة ولجانه، والجمعية العمومية، وقوائمنا المالية المدققة وتقاريرنا وخططنا وسياساتنا.",
        "Here we publish what the non-profit sector's governance standard asks for: our licence and bylaws, the board and its committees, the general assembly, our audited financial statements, reports, plans and policies.",
    ),
}
# (page type, area, slug, title, intro)
SECTIONS = [
    (DisclosurePage, Area.LICENCE, "licence", t("الترخيص والتسجيل", "Registration and licence"),
     t("ترخيص الجمعية وشهادة تسجيلها لدى المركز الوطني لتنمية القطاع غير الربحي.",
       "The association's licence and its registration certificate with the National Center for Non-Profit Sector Development.")),
    (DisclosurePage, Area.BYLAWS, "bylaws", t("اللائحة الأساسية", "Bylaws"),
     t("اللائحة التي تحدد أهداف الجمعية وعضويتها وصلاحيات جمعيتها العمومية ومجلس إدارتها.",
       "The rules that set the association's aims, its membership and the powers of its general assembly and board.")),
    (BoardPage, Area.BOARD, "board", t("مجلس الإدارة ولجانه", "The board and its committees"),
     t("أعضاء مجلس الإدارة في دورته الحالية ومناصبهم، ولجان المجلس.",
       "The members of the board in its current term, their roles, and the board's committees.")),
    (GeneralAssemblyPage, Area.GENERAL_ASSEMBLY, "general-assembly", t("الجمعية العمومية", "General assembly"),
     t("الجمعية العمومية أعلى سلطة في الجمعية: تعتمد القوائم المالية والتقرير السنوي وتنتخب مجلس الإدارة.",
       "The general assembly is the association's highest authority: it approves the financial statements and the annual report and elects the board.")),
    (DisclosurePage, Area.EXECUTIVE, "executive-management", t("الإدارة التنفيذية", "Executive management"),
     t("الفريق الذي يدير أعمال الجمعية اليومية.", "The team that runs the association's daily work.")),
    (DisclosurePage, Area.ORGANISATION_CHART, "organisation-chart", t("الهيكل التنظيمي", "Organisational chart"),
     t("كيف تتوزع الإدارات والمسؤوليات في الجمعية.", "How departments and responsibilities are arranged in the association.")),
    (DisclosurePage, Area.FINANCIAL, "financial-statements", t("القوائم المالية", "Financial statements"),
     t("القوائم المالية المدققة لكل سنة مالية مع تقرير المراجع الخارجي.",
       "The audited financial statements of each fiscal year with the external auditor's report.")),
    (DisclosurePage, Area.REPORTS, "annual-reports", t("التقارير السنوية", "Annual reports"),
     t("ما أنجزته الجمعية في كل سنة وأثره على المستفيدين.", "What the association did each year and what it meant for beneficiaries.")),
    (DisclosurePage, Area.PLANS, "plans", t("الخطط", "Plans"),
     t("الخطة الاستراتيجية النافذة والخطة التشغيلية للسنة.", "The strategic plan in force and the year's operating plan.")),
    (DisclosurePage, Area.POLICIES, "policies", t("السياسات", "Policies"),
     t("السياسات التي اعتمدها مجلس الإدارة، من مكتبة السياسات.", "The policies the board has approved, from the policy library.")),
]  # fmt: skip

BOARD = [
    # (name, role, in the current term?)
    (t("سعد بن عبدالله الحمدان", "Saad bin Abdullah Al-Hamdan"), "chair", True),
    (t("هيفاء بنت ناصر العمران", "Haifa bint Nasser Al-Omran"), "vice_chair", True),
    (t("فيصل بن حمد الراجح", "Faisal bin Hamad Al-Rajeh"), "treasurer", True),
    (t("منيرة بنت سليمان الفارس", "Munira bint Sulaiman Al-Fares"), "secretary", True),
    (t("خالد بن إبراهيم السيف", "Khalid bin Ibrahim Al-Saif"), "member", True),
    (t("عبدالعزيز بن فهد النصار", "Abdulaziz bin Fahd Al-Nassar"), "chair", False),
    (t("لطيفة بنت عمر الصالح", "Latifa bint Omar Al-Saleh"), "member", False),
]
BIOGRAPHY = t(
    "متطوع في العمل الأهلي منذ خمسة عشر عامًا، وعمل في إدارة المشاريع الاجتماعية.",
    "A volunteer in community work for fifteen years, with a background in managing social projects.",
)
COMMITTEES = [
    (t("اللجنة التنفيذية", "Executive committee"),
     t("تتابع تنفيذ قرارات المجلس والخطة التشغيلية بين اجتماعاته.",
       "Follows up the board's decisions and the operating plan between its meetings."),
     0, [0, 1, 2], ""),
    (t("لجنة المراجعة", "Audit committee"),
     t("تراجع القوائم المالية وتتابع أعمال المراجع الخارجي والرقابة الداخلية.",
       "Reviews the financial statements and follows the external auditor's work and internal control."),
     2, [2, 4], t("أمل بنت يوسف الدوسري (محاسبة قانونية)", "Amal bint Yousef Al-Dosari (chartered accountant)")),
    (t("لجنة البحث", "Research committee"),
     t("تدرس طلبات المساعدة بعد زيارة الباحث الاجتماعي وتقرر قبولها أو الاعتذار عنها.",
       "Studies help requests after the social researcher's visit and decides whether to accept them."),
     1, [1, 3], ""),
]  # fmt: skip
EXECUTIVES = [
    (t("ريم بنت عبدالمحسن الجاسر", "Reem bint Abdulmohsen Al-Jasser"), t("المديرة التنفيذية", "Executive director")),
    (t("ماجد بن علي الحربي", "Majed bin Ali Al-Harbi"), t("مدير الشؤون المالية", "Finance manager")),
    (
        t("أروى بنت خالد الزيد", "Arwa bint Khalid Al-Zaid"),
        t("مديرة علاقات المستفيدين", "Beneficiary relations manager"),
    ),
]
AUDITOR = t("مكتب الواحة للمحاسبة والمراجعة (اسم تجريبي)", "Al-Waha Accounting and Audit Office (a demo name)")
ASSEMBLY_SIZE = 64
STATEMENTS = t("القوائم المالية المدققة وتقرير المراجع", "Audited financial statements and the auditor's report")
ANNUAL_REPORT = t("التقرير السنوي", "Annual report")
OPERATING_PLAN = t("الخطة التشغيلية للسنة", "The year's operating plan")
POLICY_LINKS = {"privacy-policy": "privacy", "beneficiary-relations-policy": "beneficiary-relations"}


def _locales():
    return Locale.objects.get(language_code="ar"), Locale.objects.get(language_code="en")


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF saying what it stands for (Latin text: the built-in fonts have no Arabic)."""
    text = f"BT /F1 18 Tf 72 760 Td ({title}) Tj 0 -28 Td /F1 11 Tf (Demo document of a fictional association.) Tj ET"
    stream = zlib.compress(text.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _document(slug: str, title: str):
    Document = get_document_model()
    filename = f"{slug}.pdf"
    found = Document.objects.filter(title=title).first()
    if found is None:
        found = Document(title=title, collection=Collection.get_first_root_node())
        found.file.save(filename, ContentFile(demo_pdf(title)), save=False)
        found.save()
    return found


# --- Pages -----------------------------------------------------------------------------------------
def seed_pages(home, english, membership_size: int | None = ASSEMBLY_SIZE):
    """The governance section's pages under `home` (no records in them); also for a new association, which
    passes `membership_size=None` until its administrators type it."""
    index = GovernanceIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=GovernanceIndexPage(
                title=INDEX["title"], slug=INDEX["slug"], intro=INDEX["intro"], show_in_menus=True
            )
        )
        index.save_revision().publish()
    if index.get_translation_or_none(english) is None:
        translate_with(index, "en", ENGLISH | {INDEX["slug"]: INDEX["slug"]})
    for model, area, slug, title, intro in SECTIONS:
        page = model.objects.child_of(index).filter(slug=slug).first()
        if page is None:
            fields = {"title": title, "slug": slug, "intro": intro}
            if model is DisclosurePage:
                fields["area"] = area
            if model is GeneralAssemblyPage:
                counted_on = _start_of_year(timezone.localdate()) if membership_size else None
                fields.update(membership_size=membership_size, membership_counted_on=counted_on)
            page = index.add_child(instance=model(**fields))
            page.save_revision().publish()
        if page.get_translation_or_none(english) is None:
            translate_with(page, "en", ENGLISH | {slug: slug})
    return index


def _start_of_year(day):
    return datetime.date(day.year, 1, 1)


# --- Structured data -----------------------------------------------------------------------------
def _snippet(model, site, arabic, lookup: dict, fields: dict):
    found = model.objects.for_site(site).filter(locale=arabic, **lookup).first()
    if found is None:
        found = model(site=site, locale=arabic, **lookup, **fields)
        found.full_clean(exclude=["translation_key", "locale"])
        found.save()
        translate_with(found, "en", ENGLISH)
    return found


def _seed_board(site, arabic, today):
    term_start = datetime.date(today.year - 1, 1, 1)
    term_end = datetime.date(today.year + 2, 12, 31)
    previous_start, previous_end = datetime.date(today.year - 5, 1, 1), datetime.date(today.year - 2, 12, 31)
    members = []
    for order, (name, role, current) in enumerate(BOARD):
        start, end = (term_start, term_end) if current else (previous_start, previous_end)
        fields = {"role": role, "term_start": start, "term_end": end, "sort_order": order}
        if order == 0:
            fields["biography"] = BIOGRAPHY
        members.append(_snippet(BoardMember, site, arabic, {"name": name}, fields))
    for order, (name, mandate, chair, on_it, others) in enumerate(COMMITTEES):
        committee = Committee.objects.for_site(site).filter(locale=arabic, name=name).first()
        if committee is None:
            committee = Committee(
                site=site, locale=arabic, name=name, mandate=mandate, chair=members[chair], other_members=others, sort_order=order
            )
            committee.members = [members[index] for index in on_it]
            committee.save()
            translate_with(committee, "en", ENGLISH)
    for order, (name, position) in enumerate(EXECUTIVES):
        _snippet(ExecutiveMember, site, arabic, {"name": name}, {"position": position, "sort_order": order})


def _item(site, arabic, key):
    return DisclosureItem.objects.for_site(site).get(locale=arabic, key=key)


def _dated(day: datetime.date) -> dict:
    return {"date_calendar": "gregorian", "date": day, "date_hijri": ""}


def _seed_document(site, arabic, key, title, day, year=None, **fields):
    item = _item(site, arabic, key)
    found = DisclosureDocument.objects.for_site(site).filter(locale=arabic, item=item, title=title, fiscal_year=year).first()
    if found is not None:
        return found
    slug = f"{key}-{year}" if year else key
    label = f"{ENGLISH.get(title, slug)} {year}" if year else ENGLISH.get(title, slug)
    document = DisclosureDocument(
        site=site, locale=arabic, item=item, title=title, fiscal_year=year, document=_document(slug, label),
        **_dated(day), **fields,
    )  # fmt: skip
    document.full_clean(exclude=["translation_key", "locale"])
    document.save()
    translate_with(document, "en", ENGLISH)
    return document


def _seed_documents(site, arabic, today):
    calendar_name = fiscal_calendar(site=site)
    last = fiscal.last_ended_year(today, calendar_name)
    _seed_document(
        site, arabic, "licence", t("شهادة تسجيل الجمعية", "The association's registration certificate"),
        today - datetime.timedelta(days=400), valid_until=datetime.date(today.year + 2, 6, 30),
    )  # fmt: skip
    _seed_document(
        site, arabic, "bylaws", t("اللائحة الأساسية المعتمدة", "The approved bylaws"), datetime.date(today.year - 3, 2, 12),
        summary=t("النسخة المعدلة التي أقرتها الجمعية العمومية غير العادية.",
                  "The amended version approved by the extraordinary general assembly."),
    )  # fmt: skip
    _seed_document(
        site, arabic, "organisation-chart", t("الهيكل التنظيمي للجمعية", "The association's organisational chart"),
        datetime.date(today.year - 1, 3, 1),
    )  # fmt: skip
    for year in (last - 2, last - 1, last):
        published = fiscal.add_months(fiscal.year_bounds(year, calendar_name)[1], 4)
        if published > today:
            continue  # not ready yet: the rules show it as due, not missing
        _seed_document(
            site, arabic, "financial-statements", STATEMENTS,
            published, year, auditor=AUDITOR,
        )  # fmt: skip
    # The annual reports stop two years back: the one item left out of date.
    for year in (last - 3, last - 2):
        published = fiscal.add_months(fiscal.year_bounds(year, calendar_name)[1], 5)
        _seed_document(site, arabic, "annual-report", ANNUAL_REPORT, published, year)
    _seed_document(
        site, arabic, "strategic-plan", t("الخطة الاستراتيجية", "Strategic plan"), datetime.date(today.year - 2, 1, 15),
        valid_until=datetime.date(today.year + 1, 12, 31),
    )  # fmt: skip
    _seed_document(
        site, arabic, "operating-plan", OPERATING_PLAN,
        datetime.date(today.year, 1, 10), valid_until=datetime.date(today.year, 12, 31),
    )  # fmt: skip


def _seed_meetings(site, arabic, today):
    calendar_name = fiscal_calendar(site=site)
    last = fiscal.last_ended_year(today, calendar_name)
    for year in (last - 1, last):
        held = fiscal.add_months(fiscal.year_bounds(year, calendar_name)[1], 4)
        if held > today:
            continue
        number = str(year - 2010)
        if AssemblyMeeting.objects.for_site(site).filter(locale=arabic, kind="ordinary", fiscal_year=year).exists():
            continue
        summary = t(
            f"اعتمدت الجمعية العمومية القوائم المالية والتقرير السنوي لعام {year} وأبرأت ذمة مجلس الإدارة.",
            f"The general assembly approved the financial statements and annual report for {year} and discharged the board.",
        )
        meeting = AssemblyMeeting(
            site=site, locale=arabic, kind="ordinary", number=number, fiscal_year=year, attendance=ASSEMBLY_SIZE // 2 + 5,
            summary=summary, minutes=_document(f"assembly-{year}", f"Minutes of the ordinary general assembly {year}"),
            **_dated(held),
        )  # fmt: skip
        meeting.full_clean(exclude=["translation_key", "locale"])
        meeting.save()
        translate_with(meeting, "en", ENGLISH | {number: number})


def _link_policies(site, arabic):
    for key, slug in POLICY_LINKS.items():
        item = _item(site, arabic, key)
        policy = Page.objects.in_site(site).filter(
            locale=arabic, slug=slug, content_type__app_label="policies", content_type__model="policypage"
        ).first()
        if policy is not None and item.policy_id != policy.pk:
            item.policy = policy
            item.save(update_fields=["policy"])
            for translation in item.get_translations():
                translation.policy = policy
                translation.save(update_fields=["policy"])


def seed(site: Site) -> GovernanceIndexPage:
    home = site.root_page.specific
    arabic, english = _locales()
    today = timezone.localdate()
    index = seed_pages(home, english)
    create_default_disclosure_items(site)  # the first association's came with the migrations: kept as they are
    _seed_board(site, arabic, today)
    _seed_documents(site, arabic, today)
    _seed_meetings(site, arabic, today)
    _link_policies(site, arabic)
    return index
