"""Read a beneficiary relationship policy from a .txt or .docx file.

Real documents are messy: letterhead lines repeated on every page, words
stretched with tatweel, lines broken in the middle of a sentence, Arabic-Indic
and Western digits side by side, bullets of every shape. The parser cleans
the lines, recognises the usual sections by their headings, and keeps
whatever it cannot place in a free section, so nothing is lost.
"""

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from policies.blocks import FORM_PAGE_SLUGS
from website import calendars as dates
from website.arabic import normalise_for_search, to_western_digits


class PolicyImportError(Exception):
    """The file cannot become a policy; the message says why, for the person importing."""


@dataclass
class ParsedPolicy:
    title: str
    body: list = field(default_factory=list)  # (block type, value) pairs
    approval: dict = field(default_factory=dict)
    recognised: list = field(default_factory=list)  # section kinds, in document order
    warnings: list = field(default_factory=list)


# --- Reading -----------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_text(data: bytes, filename: str) -> str:
    if not data or not data.strip():
        raise PolicyImportError(_("The file is empty."))
    if filename.lower().endswith(".docx"):
        return _read_docx(data)
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Windows Notepad's "Unicode"
    if b"\x00" in data[:4096] and not utf16:
        raise PolicyImportError(_("This is not a text file. Upload a .txt or .docx policy."))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1256 decodes nearly anything
        raise PolicyImportError(_("This is not a text file. Upload a .txt or .docx policy."))
    if not re.search(r"[\u0600-\u06ff]", text) and sum(ch.isprintable() or ch.isspace() for ch in text) < 0.95 * len(
        text
    ):
        raise PolicyImportError(_("This is not a text file. Upload a .txt or .docx policy."))
    return text


def _read_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise PolicyImportError(_("This is not a Word (.docx) document.")) from error
    root = ElementTree.fromstring(xml)
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(
            node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else "\n"
            for node in paragraph.iter()
            if node.tag in (f"{_W}t", f"{_W}tab", f"{_W}br")
        )
        # Word's own list numbering is not in the text: keep it a list item.
        if paragraph.find(f"{_W}pPr/{_W}numPr") is not None and text.strip():
            text = "- " + text
        lines.append(text)
        lines.append("")
    return "\n".join(lines)


# --- Cleaning ----------------------------------------------------------------
_TATWEEL = "\u0640"
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u00ad"))
_PERSIAN = str.maketrans({"ی": "ي", "ک": "ك"})
# Letterhead fields repeated on every page of Word files: label and nothing else.
_LETTERHEAD = re.compile(r"^[\d\s/\\\-.هـ]*(الرقم|التاريخ|الموافق|المرفقات)\s*:?[\d\s/\\\-.هـم]*$")
_BULLET = re.compile(
    r"^(?:[-–—•●▪◦○■□*·►➢✓✔]\s*|\(?\d{1,3}\s*[.)\-–:]\s*)",
)


def clean_line(line: str) -> str:
    line = line.replace(_TATWEEL, "").translate(_INVISIBLE).replace("\t", " ")
    return re.sub(r"\s+", " ", line).strip()


def _key(text: str) -> str:
    """Text folded for matching headings and keywords."""
    text = normalise_for_search(text.translate(_PERSIAN))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def split_bullet(line: str) -> tuple[str | None, str]:
    """("number" | "symbol" | None, text without its markers)."""
    western = to_western_digits(line)
    kind = None
    while True:
        match = _BULLET.match(western)
        if not match or match.end() >= len(western):
            break
        marker = match.group(0)
        kind = "number" if re.search(r"\d", marker) else (kind or "symbol")
        western, line = western[match.end() :], line[match.end() :]
    return kind, line.strip()


# --- Sections ----------------------------------------------------------------
SECTION_HEADINGS = [
    ("preamble", ("تمهيد", "مقدمه")),
    ("general_objective", ("الهدف العام",)),
    ("objectives", ("الاهداف التفصيليه", "الاهداف الفرعيه", "الاهداف")),
    ("channels", ("القنوات", "قنوات التواصل")),
    ("tools", ("الادوات",)),
    ("procedure", ("ويتم التعامل مع المستفيد", "التعامل مع المستفيد", "اجراءات التعامل")),
    ("approval", ("اعتماد مجلس الاداره", "اعتماد السياسه", "الاعتماد")),
]
_TERMINAL = (".", ":", "؟", "!", "؛")


def _heading_kind(line: str) -> tuple[str, str] | None:
    """(section kind, heading text) when `line` is a heading; kind "section" for unknown ones."""
    bare = re.sub(r"^#+\s*", "", line).strip()
    bare = re.sub(r"^\((.*)\)$", r"\1", bare).strip()
    text = re.sub(r"\s*[:：]\s*-?\s*$|\s*[-–]\s*$", "", bare).strip()
    key = _key(text)
    if not key:
        return None
    ends_like_heading = bool(re.search(r"[:：]\s*-?\s*$", bare)) or line.startswith("#")
    for kind, prefixes in SECTION_HEADINGS:
        matches = any(key == prefix or key.startswith(prefix + " ") for prefix in prefixes)
        if matches and len(key.split()) <= 14 and (ends_like_heading or len(key.split()) <= 4):
            return kind, text
    if ends_like_heading and len(key.split()) <= 8:
        return "section", text
    return None


@dataclass
class _Item:
    text: str
    marker: str | None
    indent: int
    sub: list = field(default_factory=list)


def _paragraphs(lines: list[str]) -> list[str]:
    """Join broken lines: a paragraph goes on until a line ends a sentence."""
    paragraphs, current = [], []
    for line in lines:
        if not line:
            if current and current[-1].endswith(_TERMINAL):
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(split_bullet(line)[1] if split_bullet(line)[0] else line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _items(raw_lines: list[tuple[int, str]]) -> list[_Item]:
    """List items with their sub-points, joining lines broken across items."""
    items: list[_Item] = []
    for indent, line in raw_lines:
        if not line:
            continue
        marker, text = split_bullet(line)
        if marker is None and items:
            items[-1].text += " " + text  # a broken line: the sentence goes on
            continue
        items.append(_Item(text, marker, indent))
    if not items:
        return []
    # A piece of a sentence the word processor made into a bullet of its own:
    # in a list whose items end with a full stop, an item without one goes on
    # in the next unnumbered item.
    ended = sum(item.text.endswith(_TERMINAL) for item in items) / len(items)
    if ended >= 0.6:
        joined = [items[0]]
        for item in items[1:]:
            previous = joined[-1]
            if not previous.text.endswith(_TERMINAL) and item.marker != "number":
                previous.text += " " + item.text
            else:
                joined.append(item)
        items = joined
    # Sub-points: the items after one that ends "…as follows:", or indented further.
    nested: list[_Item] = []
    parent, opens = None, False
    for item in items:
        if parent is not None and (opens or item.indent >= parent.indent + 2):
            parent.sub.append(item)
            continue
        nested.append(item)
        parent, opens = item, item.text.rstrip(" -").endswith(":")
    return nested


def _strip_end(text: str) -> str:
    return text.strip().rstrip(" .،-").strip()


# --- Channels, roles, periods --------------------------------------------------
CHANNEL_KEYWORDS = [
    ("app", ("تطبيق",)),
    ("help_request", ("طلب المساعد", "طلب الدعم", "طلبات المساعد")),
    ("volunteer", ("تطوع",)),
    ("complaints", ("شكاوي", "الشكاوى", "مقترحات")),
    ("survey", ("استبيان", "قياس الرضا", "رضا")),
    ("interview", ("مقابل",)),
    ("phone", ("هاتف", "اتصال")),
    ("social_media", ("التواصل الاجتماعي",)),
    ("letters", ("خطاب", "مراسل")),
    ("website", ("الموقع الالكتروني", "الموقع الإلكتروني")),
    ("branch_representatives", ("مناديب", "مندوب", "المكاتب الفرعيه", "الفروع")),
]


def channel_kind(name: str) -> str:
    key = _key(name)
    for kind, words in CHANNEL_KEYWORDS:
        if any(_key(word) in key for word in words):
            return kind
    return "other"


def step_role(text: str) -> str:
    key = _key(text)
    if "لجنه البحث" in key or "لجنه البحوث" in key:
        return "research_committee"
    if "البحث الاجتماعي" in key or "الباحث" in key:
        return "social_researcher"
    return "beneficiary_relations"


_PERIOD_WORDS = [("شهرين", 60), ("شهر", 30), ("اسبوعين", 14), ("اسبوع", 7), ("يومين", 2)]


def period_days(text: str) -> int | None:
    key = _key(to_western_digits(text))
    match = re.search(r"(\d+)\s*(يوم|ايام|اسبوع|اسابيع|شهر|اشهر)", key)
    if match:
        unit = match.group(2)
        factor = 30 if "شهر" in unit else 7 if "سبوع" in unit or "سابيع" in unit else 1
        return int(match.group(1)) * factor
    if not re.search(r"خلال|مده|مدة", key):
        return None
    for word, days in _PERIOD_WORDS:
        if re.search(rf"\b{word}\b", key):
            return days
    return None


def form_page_for(kind: str, locale_code: str):
    """The site's own form page for an online channel, if a colleague's app made one."""
    from wagtail.models import Page

    slug = FORM_PAGE_SLUGS.get(kind)
    if not slug:
        return None
    return Page.objects.filter(locale__language_code=locale_code, slug=slug).first()


# --- Approval ----------------------------------------------------------------
_DATE = re.compile(r"(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})\s*(هـ|ه\b|م\b)?")


def parse_approval(text: str) -> dict:
    western = to_western_digits(text.translate(_PERSIAN))
    found: dict = {}
    key = _key(western)
    if re.search(r"مجلس (ال)?اداره", key):
        found["approving_body"] = "مجلس الإدارة"
    meeting = re.search(r"اجتماع[^\d()]{0,40}?(?:رقم)\s*[(\[]?\s*(\d+)", western)
    if meeting:
        found["meeting_number"] = meeting.group(1)
    decision = re.search(r"قرار[^\d()]{0,20}?(?:رقم)\s*[(\[]?\s*([\d/\-]+)", western)
    if decision:
        found["decision_number"] = decision.group(1)
    for match in _DATE.finditer(western):
        first, month, last, suffix = match.groups()
        try:
            year, month_number, day = dates.parse_parts(f"{first}/{month}/{last}")
        except dates.InvalidDate:
            continue
        is_hijri = suffix in ("هـ", "ه") or (suffix is None and 1300 <= year <= 1500)
        if is_hijri and "hijri" not in found:
            try:
                dates.hijri_to_gregorian(year, month_number, day)
            except dates.InvalidDate:
                continue
            found["hijri"] = f"{year:04d}-{month_number:02d}-{day:02d}"
        elif not is_hijri and 1900 <= year <= 2100 and "gregorian" not in found:
            import datetime

            try:
                found["gregorian"] = datetime.date(year, month_number, day)
            except ValueError:
                continue
    replaces = re.search(r"(?:و\s*)?(تحل\s+محل[^.]*)", text)
    if replaces:
        found["replaces_note"] = _strip_end(replaces.group(1)) + "."
    return found


def approval_fields(found: dict, warnings: list) -> dict:
    fields = {
        key: found[key]
        for key in ("approving_body", "meeting_number", "decision_number", "replaces_note")
        if key in found
    }
    if "hijri" in found:
        fields["approval_calendar"] = dates.HIJRI
        fields["approval_date_hijri"] = found["hijri"]
        fields["approval_date"] = dates.hijri_to_gregorian(*dates.parse_parts(found["hijri"]))
        if "gregorian" in found and found["gregorian"] != fields["approval_date"]:
            warnings.append(
                _(
                    "The document's Gregorian date (%(written)s) differs from its Hijri date's (%(computed)s);"
                    " the Hijri date was kept."
                )
                % {"written": found["gregorian"].isoformat(), "computed": fields["approval_date"].isoformat()}
            )
    elif "gregorian" in found:
        fields["approval_calendar"] = dates.GREGORIAN
        fields["approval_date"] = found["gregorian"]
        fields["approval_date_hijri"] = dates.gregorian_to_hijri(found["gregorian"])
    return fields


# --- The whole document ----------------------------------------------------------
def parse(text: str, locale_code: str = "ar") -> ParsedPolicy:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[tuple[int, str]] = []
    for line in raw:
        indent = len(line.replace("\t", "    ")) - len(line.replace("\t", "    ").lstrip())
        cleaned = clean_line(line)
        if cleaned and _LETTERHEAD.match(to_western_digits(cleaned.translate(_PERSIAN))):
            continue
        lines.append((indent, cleaned))

    title_lines: list[str] = []
    sections: list[tuple[str, str, list]] = []  # (kind, heading, lines)
    for indent, line in lines:
        heading = _heading_kind(line) if line and not split_bullet(line)[0] else None
        if heading and heading[0] == "section" and not sections:
            heading = None  # a heading before any section is the title's
        if heading:
            sections.append((heading[0], heading[1], []))
        elif sections:
            if not (line and title_lines and _key(line) in {_key(t) for t in title_lines}):
                sections[-1][2].append((indent, line))  # a title repeated as a page header is dropped
        elif line:
            title_lines.append(re.sub(r"^#+\s*", "", line).strip())

    # A heading repeated with nothing under it (a page header, a table of contents).
    sections = [
        section for section in sections if any(line for _indent, line in section[2]) or section[0] == "approval"
    ]
    if not any(kind != "section" for kind, _heading, _lines in sections):
        raise PolicyImportError(
            _(
                "No section of a policy was recognised (preamble, objectives, channels, procedure…)."
                " Nothing was created."
            )
        )

    title = ""
    for line in title_lines:
        if _key(line) and _key(line) not in _key(title):
            title = f"{title} {line}".strip()
    if not title:
        title = _("Imported policy")
    policy = ParsedPolicy(title=_strip_end(title))

    seen: set = set()
    for kind, heading, section_lines in sections:
        text_lines = [line for _indent, line in section_lines]
        if kind == "approval":
            found = parse_approval(" ".join(text_lines))
            fields = approval_fields(found, policy.warnings)
            if fields:
                policy.approval.update(fields)
                policy.recognised.append(kind)
                continue
            kind = "section"
        if kind in seen:
            kind = "section"  # a second preamble or channel list: keep it, as a free section
        block = _block(kind, heading, section_lines, text_lines, locale_code)
        if block is None:
            continue
        seen.add(kind)
        policy.recognised.append(kind)
        policy.body.append(block)
    return policy


def _rich(paragraphs: list[str]) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _block(kind, heading, section_lines, text_lines, locale_code):
    if kind in ("preamble", "general_objective", "section"):
        paragraphs = _paragraphs(text_lines)
        if not paragraphs:
            return None
        return (kind, {"heading": heading, "text": _rich(paragraphs)})
    items = _items(section_lines)
    if not items:
        paragraphs = _paragraphs(text_lines)
        return ("section", {"heading": heading, "text": _rich(paragraphs)}) if paragraphs else None
    if kind == "objectives":
        value = [{"text": _strip_end(i.text), "sub_points": [_strip_end(s.text) for s in i.sub]} for i in items]
        return ("objectives", {"heading": heading, "items": value})
    flat = [item for top in items for item in (top, *top.sub)]
    if kind == "channels":
        channels = []
        for item in flat:
            name = _strip_end(item.text)[:200]  # the block's limit; a long item is rarely a channel's name
            channel_type = channel_kind(name)
            page = form_page_for(channel_type, locale_code)
            channels.append(
                {
                    "kind": channel_type,
                    "name": name,
                    "description": "",
                    "page": page,
                    "contact": "",
                }
            )
        return ("channels", {"heading": heading, "channels": channels})
    if kind == "tools":
        return ("tools", {"heading": heading, "items": [_strip_end(item.text) for item in flat]})
    if kind == "procedure":
        steps = [
            {"text": _strip_end(item.text) + ".", "role": step_role(item.text), "period_days": period_days(item.text)}
            for item in flat
        ]
        return ("procedure", {"heading": heading, "steps": steps})
    return None


# --- Creating the draft ------------------------------------------------------------
def create_draft(parsed: ParsedPolicy, locale_code: str = "ar", user=None):
    """A draft PolicyPage under the locale's policy index (never published here)."""
    from django.db import transaction
    from wagtail.coreutils import find_available_slug
    from wagtail.models import Locale

    from policies.models import PolicyIndexPage, PolicyPage

    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        raise PolicyImportError(_("Unknown language: %(code)s.") % {"code": locale_code})
    index = PolicyIndexPage.objects.filter(locale=locale).first()
    if index is None:
        raise PolicyImportError(_("There is no policy index page in this language to put the policy under."))
    with transaction.atomic():
        page = PolicyPage(
            title=parsed.title,
            draft_title=parsed.title,
            slug=find_available_slug(index, _slug(parsed.title)),
            body=parsed.body,
            live=False,
            owner=user,
            locale=locale,
            **parsed.approval,
        )
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page


def _slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title, allow_unicode=True)[:80] or "policy"


def import_file(data: bytes, filename: str, locale_code: str = "ar", user=None):
    parsed = parse(read_text(data, filename), locale_code)
    return create_draft(parsed, locale_code, user), parsed
