"""Twelve beneficiary relationship policies in the shapes associations' files really have.

Every text here was written for these tests (the associations are invented).
Each document says what it exercises and what the importer must give:
the block types in order, the counts, the approval, and text that must or
must not end up in the draft. `build()` makes the file's bytes at test time.
The texts themselves, and the builders of the Word and PDF files, are in texts.py.
"""

import datetime
from dataclasses import dataclass, field

from tests.policies.policy_documents.texts import (
    DOC_01,
    DOC_02,
    DOC_04,
    DOC_05,
    DOC_06,
    DOC_07,
    build_doc_03,
    build_doc_08,
    build_doc_09,
    build_doc_10,
    build_doc_11,
    build_doc_12,
)


@dataclass
class Document:
    name: str  # the file name; its extension is the format
    exercises: str
    title: str
    kinds: list  # block types of the draft's body, in order
    counts: dict  # objectives, sub_points, channels, tools, steps
    approval: dict  # PolicyPage fields
    builder: object = None
    present: list = field(default_factory=list)  # text that must be in the draft
    absent: list = field(default_factory=list)  # text that must not (letterhead, contents)
    unplaced: int = 0  # pieces of text in the "not placed" block
    shortened: bool = False
    channel_kinds: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # the steps' periods, where given

    def build(self) -> bytes:
        if self.name not in _BUILT:  # the same bytes every time: build each file once per run
            _BUILT[self.name] = self.builder()
        return _BUILT[self.name]


_BUILT: dict = {}


def txt(lines):
    return lambda: "\n".join(lines).encode("utf-8")


def _date(year, month, day):
    return datetime.date(year, month, day)


def _hijri(text, gregorian, calendar="hijri", **more):
    return {"approval_calendar": calendar, "approval_date_hijri": text, "approval_date": gregorian, **more}


ALL_SECTIONS = ["preamble", "general_objective", "objectives", "channels", "tools", "procedure"]

DOCUMENTS = [
    Document(
        "01_letterhead_on_every_page.txt",
        "letterhead (Arabic and English names, ministry registration, phones with letter-spaced digits, email,"
        " web, P.O. box, IBAN) and the filled-in memo header repeated between sections; meeting as an ordinal word",
        title="سياسة العلاقة مع المستفيدين وخدمتهم",
        kinds=ALL_SECTIONS,
        counts={"objectives": 4, "channels": 6, "tools": 3, "steps": 5},
        approval=_hijri("1445-03-07", _date(2023, 9, 22), meeting_number="5", approving_body="مجلس الإدارة"),
        builder=txt(DOC_01),
        present=["وضوح العلاقة مع كل مستفيد"],
        absent=["SA44", "info@", "الآيبان", "Birr", "مسجلة بوزارة", "ص.ب", "المرفقات", "٣٢/ع"],
        channel_kinds=["interview", "phone", "social_media", "letters", "help_request", "volunteer"],
        periods=[7],
    ),
    Document(
        "02_contents_and_numbered_headings.txt",
        "a table of contents with dotted leaders and Arabic-Indic page numbers; headings numbered أولاً…سابعاً"
        " without colons; indented sub-points; 'بجلسته العاشرة'; a decision number; both calendars as d/m/y",
        title="سياسة التواصل مع المستفيدين",
        kinds=[*ALL_SECTIONS, "section"],  # the association's name under the title, not placed
        counts={"objectives": 3, "sub_points": 2, "channels": 5, "tools": 2, "steps": 4},
        approval=_hijri("1445-03-07", _date(2023, 9, 22), meeting_number="10", decision_number="3/10"),
        builder=txt(DOC_02),
        absent=["........", "سابعاً"],
        unplaced=1,  # the association's name under the title
        channel_kinds=["interview", "phone", "other", "website", "branch_representatives"],
        periods=[10],
    ),
    Document(
        "03_kashida_presentation_forms_spaced_digits.txt",
        "kashida runs inside words and headings, headings and channels in Arabic presentation forms,"
        " letter-spaced meeting, decision and date digits",
        title="سياسة خدمة المستفيدين",
        kinds=["preamble", "objectives", "channels", "tools", "procedure"],
        counts={"objectives": 3, "channels": 4, "tools": 2, "steps": 3},
        approval=_hijri("1446-02-15", _date(2024, 8, 19), meeting_number="42", decision_number="107"),
        builder=build_doc_03,
        present=["الاتصال الهاتفي", "نافذة الشكاوى والمقترحات", "الاستقبال في الفروع"],
        absent=["ـ"],
        channel_kinds=["phone", "social_media", "complaints", "survey"],
        periods=[7],
    ),
    Document(
        "04_list_markers_on_either_side.txt",
        "list markers before and after the item (-1, 2-, (3), (4), ٥., .٦, •, ٨.), nine channels including"
        " survey, complaints and app; periods in days and in words; a Gregorian-only date",
        title="سياسة تنظيم العلاقة بالمستفيدين",
        kinds=["preamble", "channels", "tools", "procedure"],
        counts={"channels": 9, "tools": 2, "steps": 4},
        approval={
            "approval_calendar": "gregorian",
            "approval_date": _date(2024, 1, 15),
            "approval_date_hijri": "1445-07-03",
            "meeting_number": "12",
        },
        builder=txt(DOC_04),
        channel_kinds=[
            "interview",
            "phone",
            "social_media",
            "letters",
            "complaints",
            "survey",
            "app",
            "help_request",
            "website",
        ],  # fmt: skip
        periods=[5, 30],
    ),
    Document(
        "05_heading_variants.txt",
        "a heading's colon at the start, headings with a word added, changed or missing, hamza and taa marbuta"
        " variants (إعتماد, الاهداف التفصيليه, الإتصال), a misspelt الإجرائات, a heading broken over two lines,"
        " an unknown section kept as a free section",
        title="سياسة العلاقة مع المستفيدين",
        kinds=[*ALL_SECTIONS, "section"],
        counts={"objectives": 2, "channels": 3, "tools": 3, "steps": 3},
        approval=_hijri("1445-11-20", _date(2024, 5, 28), meeting_number="21"),
        builder=txt(DOC_05),
        present=["يراجع مجلس الإدارة هذه السياسة كل سنتين"],
        periods=[14],
    ),
    Document(
        "06_reversed_justified_lines.txt",
        "justified lines whose words came out in reverse order (a paragraph, a heading, the approval sentence);"
        " the meeting 'الحادي والثلاثين بعد المائة' (131); both calendars, agreeing",
        title="سياسة خدمة المستفيدين",
        kinds=["preamble", "objectives", "channels", "procedure"],
        counts={"objectives": 3, "channels": 4, "steps": 3},
        approval=_hijri("1446-05-10", _date(2024, 11, 12), meeting_number="131", decision_number="131/4"),
        builder=txt(DOC_06),
        present=["تهدف هذه السياسة إلى تنظيم العلاقة مع المستفيدين من خلال قواعد واضحة."],
    ),
    Document(
        "07_sections_by_meaning_long_values.txt",
        "headings the importer does not know (channels, procedure and tools recognised by what they hold,"
        " the approval by its sentence); a title of more than 255 characters and a channel of more than 200,"
        " shortened at a word; a version line that fits nowhere; signatures after the approval",
        title="",  # checked apart: shortened
        kinds=["preamble", "channels", "procedure", "tools", "section", "section"],  # signatures, then not placed
        counts={"channels": 4, "tools": 3, "steps": 4},
        approval=_hijri("1446-09-03", _date(2025, 3, 3), meeting_number="3"),
        builder=txt(DOC_07),
        present=["عبدالرحمن بن سعد القحطاني", "الإصدار الثاني", "لمن يتعذر عليه الحضور"],
        unplaced=2,  # the version line and the whole title
        shortened=True,
        periods=[14],
    ),
    Document(
        "08_word_letterhead_in_header_and_table.docx",
        "Word: letterhead in the page header part and in a table, memo header in a table, Word numbering with"
        " a second level for sub-points, a word split across runs with kashida, a heading broken by a line"
        " break, a text box stored twice (choice and fallback); 'الثالث عشر'",
        title="سياسة التعامل مع المستفيدين",
        kinds=["preamble", "objectives", "channels", "tools", "procedure", "section"],
        counts={"objectives": 3, "sub_points": 2, "channels": 4, "tools": 2, "steps": 3},
        approval=_hijri("1446-01-15", _date(2024, 7, 21), meeting_number="13"),
        builder=build_doc_08,
        absent=["Al Noor", "مسجلة بالوزارة", "١٢/ن"],
        unplaced=1,  # the text box's slogan, once
        periods=[14],
    ),
    Document(
        "09_word_contents_and_signature_table.docx",
        "Word: a table of contents whose leaders are tab stops (page numbers after a tab), one-word headings"
        " (المقدمة, الأهداف, الإجراءات, الاعتماد), 'المائة والخامس' (105), both calendars d/m/y,"
        " signatures in a table after the approval",
        title="سياسة تنظيم العلاقة مع المستفيدين",
        kinds=["preamble", "objectives", "channels", "procedure", "section"],
        counts={"objectives": 3, "channels": 5, "steps": 5},
        approval=_hijri("1445-08-15", _date(2024, 2, 25), meeting_number="105"),
        builder=build_doc_09,
        present=["فهد بن ناصر العتيبي", "أمين الصندوق"],
        channel_kinds=["phone", "letters", "social_media", "branch_representatives", "app"],
        periods=[7],
    ),
    Document(
        "10_pdf_letterhead_on_every_page.pdf",
        "PDF over three pages with the letterhead on each; the extraction's own artefacts: colons at the start"
        " of headings, Western-digit dates moved to the other end of the line, a paragraph broken over lines;"
        " kashida; both calendars",
        title="سياسة تنظيم العلاقة مع المستفيدين",
        kinds=ALL_SECTIONS,
        counts={"objectives": 3, "channels": 7, "tools": 2, "steps": 6},
        approval=_hijri("1445-06-12", _date(2023, 12, 25), meeting_number="7"),
        builder=build_doc_10,
        present=["تقدم الجمعية السلال الغذائية والكسوة والإعانات المالية للأسر المسجلة لديها، وتلتزم"],
        absent=["Amal", "info@", "مسجلة بوزارة"],
        periods=[14],
    ),
    Document(
        "11_pdf_presentation_forms_and_contents.pdf",
        "PDF whose text layer is in presentation forms (U+FB50–U+FEFF) with a table of contents (dotted"
        " leaders, Arabic-Indic page numbers); markers 1-, (2), ٣., • as extraction cuts them;"
        " letter-spaced Arabic-Indic meeting digits",
        title="سياسة خدمة المستفيدين",
        kinds=["preamble", "objectives", "channels", "procedure"],
        counts={"objectives": 4, "channels": 4, "steps": 3},
        approval=_hijri("1447-01-20", _date(2025, 7, 15), meeting_number="42"),
        builder=build_doc_11,
        present=["تمكين الطلاب من إكمال دراستهم", "توفير الأدوات المدرسية في بداية العام"],
        absent=["........"],
        channel_kinds=["interview", "phone", "website", "help_request"],
        periods=[10],
    ),
    Document(
        "12_pdf_reversed_lines_broken_headings.pdf",
        "PDF with a justified line in reverse word order, two headings broken over two lines, a line before"
        " the first section that fits nowhere, 'الخامس والثلاثين' (35), names and titles after the approval",
        title="سياسة تنظيم العلاقة مع المستفيدين",
        kinds=["general_objective", "objectives", "channels", "procedure", "section", "section"],
        counts={"objectives": 2, "channels": 3, "steps": 4},
        approval=_hijri("1445-10-05", _date(2024, 4, 14), meeting_number="35"),
        builder=build_doc_12,
        present=["تقديم خدمة سريعة ومنصفة لجميع المستفيدين.", "منى بنت سعيد الدوسري", "لجنة الحوكمة"],
        unplaced=1,
    ),
]
