"""Read a beneficiary relationship policy from a .txt, .docx or .pdf file.

Associations keep their policies as Word files made from a letterhead
template, and as PDFs exported from them. What comes out of such a file is
messy: the letterhead and the memo header (number, date, subject,
attachments) repeated on every page, a table of contents, words stretched
with kashida, Arabic presentation forms, a heading's colon at the wrong end,
list markers on either side of the item, justified lines whose words come out
in reverse order, headings broken over two lines, spelling variants.

The importer works in three steps:

1. read the file into text (`read_document`);
2. normalise it, once, line by line (`normalise_lines`);
3. recognise the sections by what their headings mean (and, for a heading it
   does not know, by what the section holds), read the board approval, and
   keep whatever it cannot place in a marked block at the end.

Every failure is a `PolicyImportError` whose message is one translated
sentence; `ImportReport` says, per section, what was found and what was not.
"""

import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import calendars as dates
from core import file_safety
from core.arabic import normalise_for_search, to_western_digits
from policies.blocks import FORM_PAGE_SLUGS

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a policy is a few pages; anything larger is not one
MAX_PDF_PAGES = 300
MAX_DOCX_XML = 50 * 1024 * 1024  # uncompressed document.xml: refuse zip bombs


LETTERHEAD_MARK = "\ue000"  # a line the file itself says is letterhead (a Word header), not text


class PolicyImportError(Exception):
    """The file cannot become a policy; the message says why, for the person importing."""


SECTION_KINDS = ["preamble", "general_objective", "objectives", "channels", "tools", "procedure"]
KIND_LABELS = {
    "preamble": gettext_lazy("Preamble"),
    "general_objective": gettext_lazy("General objective"),
    "objectives": gettext_lazy("Detailed objectives"),
    "channels": gettext_lazy("Channels"),
    "tools": gettext_lazy("Tools"),
    "procedure": gettext_lazy("Procedure"),
    "approval": gettext_lazy("Board approval"),
    "signatures": gettext_lazy("Signatures"),
    "section": gettext_lazy("Other section"),
    "unplaced": gettext_lazy("Text not placed"),
}


@dataclass
class SectionReport:
    kind: str
    heading: str
    counts: dict = field(default_factory=dict)
    by_content: bool = False  # recognised by what it holds, not by its heading


@dataclass
class ParsedPolicy:
    title: str
    body: list = field(default_factory=list)  # (block type, value) pairs
    approval: dict = field(default_factory=dict)  # PolicyPage field values
    recognised: list = field(default_factory=list)  # section kinds, in document order
    warnings: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # SectionReport, in document order
    unplaced: list = field(default_factory=list)  # pieces of text kept in the last block
    shortened: list = field(default_factory=list)  # (what, limit) of values cut to fit
    removed: dict = field(default_factory=dict)  # "letterhead" / "contents": lines taken out
    source: str = "txt"


# --- Reading -----------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _not_text():
    return PolicyImportError(_("This is not a text file. Upload a .txt, .docx or .pdf policy."))


def read_document(data: bytes, filename: str) -> tuple[str, str]:
    """(text, source kind: "txt", "docx" or "pdf"), or a PolicyImportError."""
    if len(data) > MAX_BYTES:
        raise PolicyImportError(_("The file is larger than 20 MB, too large for a policy document."))
    if not data or not data.strip():
        raise PolicyImportError(_("The file is empty."))
    name = filename.lower()
    if data[:5] == b"%PDF-":
        return _read_pdf(data), _checked(data, filename, "pdf")
    if name.endswith(".pdf"):
        raise PolicyImportError(_("This is not a PDF document."))
    if data.startswith(file_safety.OLE_MAGIC):  # an OLE container: old Word, or an encrypted .docx
        if name.endswith(".docx"):
            raise PolicyImportError(
                _("This Word document is protected with a password: save a copy without the password and upload that.")
            )
        raise PolicyImportError(_("This is an old Word (.doc) file: save it as .docx and upload that copy."))
    if name.endswith(".docx") or data[:4] == b"PK\x03\x04":
        return _read_docx(data), _checked(data, filename, "docx")
    return _read_plain(data), _checked(data, filename, "txt")


def _checked(data: bytes, filename: str, source: str) -> str:
    """The source kind, once the file is known to carry no active content (core/file_safety/).
    Run after reading, so a damaged file keeps the importer's own, more precise message."""
    try:
        file_safety.check_content(data, filename, match_extension=False)
    except ValidationError as refused:
        raise PolicyImportError(refused.messages[0]) from None
    return source


def read_text(data: bytes, filename: str) -> str:
    return read_document(data, filename)[0]


def _read_plain(data: bytes) -> str:
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Windows Notepad's "Unicode"
    if b"\x00" in data[:4096] and not utf16:
        raise _not_text()
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1256 decodes nearly anything
        raise _not_text()
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    if not re.search(r"[\u0600-\u06ff]", text) and printable < 0.95 * len(text):
        raise _not_text()
    return text


def _read_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if archive.getinfo("word/document.xml").file_size > MAX_DOCX_XML:
                raise PolicyImportError(_("This Word document is too large to be a policy."))
            xml = archive.read("word/document.xml")
            # The page header and footer hold the letterhead: learn its lines, to drop them where
            # the template repeats them in the body.
            furniture = [
                ElementTree.fromstring(archive.read(info))
                for info in archive.infolist()
                if re.fullmatch(r"word/(header|footer)\d*\.xml", info.filename) and info.file_size < 1024 * 1024
            ]
        root = ElementTree.fromstring(xml)
    except PolicyImportError:
        raise
    except Exception as error:  # a broken zip, a missing part, bad XML: all the same to the user
        raise PolicyImportError(_("This is not a Word (.docx) document.")) from error
    # Text boxes come twice (a modern copy and a fallback for old Word): keep one.
    for parent in root.iter():
        for child in list(parent):
            if child.tag == _MC_FALLBACK:
                parent.remove(child)
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(
            node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else "\n"
            for node in paragraph.iter()
            if node.tag in (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr")
        )
        # Word's own list numbering is not in the text: keep it a list item.
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbering is not None and text.strip():
            level = numbering.find(f"{_W}ilvl")
            depth = int(level.get(f"{_W}val", "0")) if level is not None and level.get(f"{_W}val", "").isdigit() else 0
            text = "    " * min(depth, 8) + "- " + text  # a deeper level is a sub-point
        lines.append(text)
        lines.append("")
    for part in furniture:
        for paragraph in part.iter(f"{_W}p"):
            text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t")).strip()
            if text:
                lines.append(LETTERHEAD_MARK + text)
    return "\n".join(lines)


def _read_pdf(data: bytes) -> str:
    # pypdf: pure Python, kept by the py-pdf project, and its text extraction
    # puts right-to-left runs back in reading order (see README).
    from pypdf import PdfReader

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # restricted but readable without a password
            except Exception:
                opened = 0
            if not opened:
                raise PolicyImportError(
                    _("This PDF is protected with a password: save a copy without the password and upload that.")
                )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise PolicyImportError(_("This PDF has too many pages to be a policy."))
        pages = [page.extract_text() or "" for page in reader.pages]
    except PolicyImportError:
        raise
    except Exception as error:
        logger.info("Unreadable PDF: %r", error)
        raise PolicyImportError(_("This PDF cannot be read: it may be damaged.")) from error
    text = "\n".join(pages)
    if len(re.findall(r"\w", text)) < 20:
        raise PolicyImportError(
            _(
                "This PDF has no text layer (it is probably a scan): it needs a text layer."
                " Export it again from Word, or pass it through text recognition (OCR), and upload that copy."
            )
        )
    return text


# --- Normalising ---------------------------------------------------------------
_TATWEEL = "\u0640"
_INVISIBLE = dict.fromkeys(
    map(ord, "\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad")
)
_PERSIAN = str.maketrans({"ی": "ي", "ک": "ك", "ۀ": "ة", "ھ": "ه"})
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_SPACED_DIGITS = re.compile(rf"(?<![^\s(\[/\-])[{_DIGIT}](?: [{_DIGIT}]){{2,}}(?![^\s)\]/\-.،])")
_SPACED_DATE_PART = re.compile(rf"(?<=[/\-])\s*([{_DIGIT}]) ([{_DIGIT}])\s*(?=[/\-]|\s|$)")
_SPACED_IN_BRACKETS = re.compile(rf"\(\s*([{_DIGIT}](?: [{_DIGIT}])+)\s*\)")
_COLON_FIRST = re.compile(r"^(?:[:：]\s*-?|-\s*[:：])\s*(\S.*?)\s*$")
_TERMINAL = (".", ":", "؟", "!", "؛")
_MARK = rf"[{_DIGIT}]{{1,2}}"
# A marker after the item, as a right-to-left line leaves it: "الخطابات -6", "الخطابات (٦)", "الخطابات ٦."
_TRAILING_MARKER = re.compile(
    rf"^(?P<text>\S.*?)\s+(?P<mark>[-–.]\s*{_MARK}|{_MARK}\s*[-–.)]|\({_MARK}\)|\){_MARK}\(|[•●▪◦■►➢])$"
)
# What PDF text extraction makes of a leading "6-" or "(6)": "- الخطابات6", ".) الخطابات6(".
_PDF_MARKER = re.compile(r"^(?P<open>[-–.)]{1,3})\s*(?P<text>\S.*?[\u0600-\u06ff][.،:]?)(?P<num>[0-9]{1,2})\(?$")
_LTR_RUN = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z/.:@_+\-]*[0-9A-Za-z])?")
_INDIC_NUMBER = re.compile(
    r"[\u0660-\u0669\u06f0-\u06f9](?:[\u0660-\u0669\u06f0-\u06f9/.\-]*[\u0660-\u0669\u06f0-\u06f9])?"
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u066e-\u06d3]")
_NO_TRAILING_MARKER_AFTER = {"رقم", "ماده", "المادة", "البند", "بند", "فقره", "صفحه", "الماده", "الفقره"}


def _fold(text: str) -> str:
    """Text folded for comparing: hamza forms, taa marbuta, alef maqsura, digits (core.arabic)."""
    text = normalise_for_search(text.translate(_PERSIAN)).replace("ء", "")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_", " ", text)).strip()


def repair_pdf_line(line: str) -> str:
    """Undo what PDF text extraction does to a right-to-left line.

    pypdf puts each right-to-left run back in reading order but leaves the
    runs themselves, and the left-to-right runs between them (Western digits,
    dates, Latin), in the order they stand on the page, left to right; it also
    reverses numbers written in Arabic-Indic digits, and sends the sentence's
    closing punctuation to the start of the line."""
    line = _INDIC_NUMBER.sub(lambda match: match.group()[::-1], line)
    match = _PDF_MARKER.match(line)
    if match:
        marker = f"({match['num']})" if ")" in match["open"] else f"{match['num']}-"
        text = match["text"] + ("." if "." in match["open"] and not match["text"].endswith(".") else "")
        return f"{marker} {text}"
    match = re.match(r"^\)([\u0660-\u0669\u06f0-\u06f90-9/\-]+)\(\s*(.+)$", line)
    if match:  # "(١٦١)" at the end of the line, sent to its start and mirrored
        line = f"{match.group(2)} ({match.group(1)})"
    if not _ARABIC_LETTER.search(line) or not _LTR_RUN.search(line):
        return re.sub(r"^([.،؛])\s*(?=[^.\s])(.*)$", r"\2\1", line)
    first = _ARABIC_LETTER.search(line).start()
    ltr = _LTR_RUN.search(line)
    start = min(first, ltr.start())
    lead, rest = line[:start], line[start:]
    pieces, position = [], 0
    for run in _LTR_RUN.finditer(rest):
        pieces += [rest[position : run.start()], run.group()]
        position = run.end()
    pieces.append(rest[position:])
    pieces = [piece.strip() for piece in reversed(pieces) if piece.strip()]
    return re.sub(r"\s+", " ", " ".join(pieces) + lead.strip()).strip()


def normalise_line(line: str, source: str = "txt") -> str:
    """One line as the rest of the importer expects it (the one normalisation step)."""
    line = line.translate(_INVISIBLE).translate(_PERSIAN).replace("\t", " ").replace("\u00a0", " ")
    # Presentation forms are shaped glyphs; NFKC gives back the letters (and lam-alef as two).
    line = _PRESENTATION.sub(lambda match: unicodedata.normalize("NFKC", match.group()), line)
    # Kashida goes, but not the one in "هـ" (the Hijri year's mark) that ends a word.
    line = re.sub(r"(?<=ه)ـ+(?![\u0621-\u064a])", "\x00", line).replace(_TATWEEL, "").replace("\x00", _TATWEEL)
    line = re.sub(r"\s+", " ", line).strip()
    if source == "pdf":
        line = repair_pdf_line(line)
    # Letter-spaced digits: "0 5 0 2" and "1 4 4 5/ 0 3/ 0 7".
    line = _SPACED_DIGITS.sub(lambda match: match.group().replace(" ", ""), line)
    line = _SPACED_DATE_PART.sub(r"\1\2", line)
    line = _SPACED_IN_BRACKETS.sub(lambda match: "(" + match.group(1).replace(" ", "") + ")", line)
    # A heading's colon left at the start of the line.
    match = _COLON_FIRST.match(line)
    if match:
        line = match.group(1) + ":"
    if _looks_reversed(line):
        line = _reverse_words(line)
    match = _TRAILING_MARKER.match(line)
    if match and not split_bullet(line)[0]:
        before = _fold(match["text"]).split()[-1:] or [""]
        if before[0] not in _NO_TRAILING_MARKER_AFTER:
            mark = match["mark"]
            digits = re.sub(rf"[^{_DIGIT}]", "", mark)
            line = f"{digits}- {match['text']}" if digits else f"- {match['text']}"
    return line


# Words that stand before what they govern: at the end of a line, and in these
# pairs read backwards, they show a line whose words came out reversed.
_PARTICLES = {
    "في", "من", "علي", "الي", "عن", "مع", "او", "ثم", "التي", "الذي", "الذين", "حيث", "بين", "عند", "لدي",
    "حتي", "وفق", "كل", "كافه", "جميع", "ان", "بان", "قد", "لا", "لم", "لن", "هذه", "هذا", "وذلك",
}  # fmt: skip
_PAIRS = {
    ("من", "خلال"), ("عن", "طريق"), ("مجلس", "الاداره"), ("في", "حاله"), ("بما", "يكفل"), ("علي", "ان"),
    ("لجنه", "البحث"), ("البحث", "الاجتماعي"), ("التواصل", "الاجتماعي"), ("علاقات", "المستفيدين"),
    ("الموقع", "الالكتروني"), ("خدمه", "المستفيد"), ("الاهداف", "التفصيليه"), ("الهدف", "العام"),
    ("اعتماد", "مجلس"), ("التعامل", "مع"), ("مع", "المستفيد"), ("مع", "المستفيدين"), ("رضا", "المستفيد"),
    ("جوده", "الخدمه"), ("طلب", "المساعده"), ("خدمه", "التطوع"), ("الاتصالات", "الهاتفيه"),
    ("المقابله", "الشخصيه"), ("وسايل", "التواصل"), ("قنوات", "التواصل"), ("الادوات", "المتاحه"),
    ("هذه", "السياسه"), ("الجمعيه", "العموميه"), ("الباحث", "الاجتماعي"), ("بالشكل", "التالي"),
}  # fmt: skip


def _looks_reversed(line: str) -> bool:
    words = [_fold(word) for word in line.split()]
    words = [word for word in words if word]
    if len(words) < 2 or not re.search(r"[\u0600-\u06ff]", line) or split_bullet(line)[0]:
        return False
    tokens = line.split()
    score = 0
    if tokens[0].endswith((".", "؛", "،")) and not tokens[-1].endswith(_TERMINAL + ("،",)):
        score += 2
    pairs = list(zip(words, words[1:], strict=False))
    score += 2 * sum((b, a) in _PAIRS for a, b in pairs) - 2 * sum((a, b) in _PAIRS for a, b in pairs)
    score += (words[-1] in _PARTICLES) - (words[0] in _PARTICLES)
    return score >= 2


def _reverse_words(line: str) -> str:
    tokens = line.split()
    colon = tokens[-1].endswith(":") and len(tokens[-1]) > 1
    if colon:
        tokens[-1] = tokens[-1][:-1]
    line = " ".join(reversed(tokens))
    return line + ":" if colon else line


def normalise_lines(text: str, source: str = "txt") -> list[tuple[int, str]]:
    """(indent, normalised line) for every line, blank lines kept as ""."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        expanded = raw.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        lines.append((indent, normalise_line(raw, source)))
    return lines


# --- List markers ----------------------------------------------------------------
_BULLET = re.compile(
    r"^(?:[-–—•●▪◦○■□*·►➢✓✔]\s*|\(?\d{1,3}\s*[.)\-–:]\s*|\(\d{1,3}\)\s*|\)\d{1,3}\(\s*|[.\-–]\d{1,2}\s+)",
)


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


# --- Letterhead, memo header, table of contents ------------------------------------
_MEMO_LABELS = r"(?:الرقم|التاريخ|الموافق|المرفقات|المشفوعات|الموضوع|رقم الصادر|رقم الوارد)"
_MEMO = re.compile(rf"^[\d\s/\\\-.هـم]*{_MEMO_LABELS}\s*[:：]?(?P<value>.*)$")
_LETTERHEAD = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(مسجل[ةه]?|مرخص[ةه]?|ترخيص|تسجيل)\b.{0,40}(وزار[ةه]|برقم|رقم)",
        r"registered|ministry|licen[cs]e",
        r"(هاتف|تليفون|جوال|ناسوخ|فاكس|الهاتف|الجوال|واتساب)\s*[:：]?\s*[+\d(]",
        r"\b(tel|phone|fax|mobile)\b",
        r"[\w.+-]+@[\w-]+\.[\w.]+",
        r"(www\.|https?://)",
        r"(ص\s*\.?\s*ب|صندوق بريد|الرمز البريدي|p\.?\s*o\.?\s*box)",
        r"(ا?لآيبان|ا?لايبان|iban|رقم الحساب)|\bSA\d{2}[\d\s]{10,}",
        r"^(صفحة|صفحه|page)\s*\d+(\s*(من|of)\s*\d+)?$",
        r"^[-–]?\s*\d{1,3}\s*[-–]?$",
        r"^بسم الله الرحمن الرحيم$",
    )
]
_TOC_HEADING = {"فهرس", "الفهرس", "المحتويات", "فهرس المحتويات", "جدول المحتويات", "قايمه المحتويات"}
_TOC_LINE = re.compile(
    rf"^(?:\(?[{_DIGIT}]{{1,3}}\)?\s*)?.{{2,120}}?(?:\s*[.…·_]{{3,}}|\s{{2,}}|\t)\s*\(?[{_DIGIT}]{{1,3}}\)?$"
)
_TOC_LINE_PDF = re.compile(
    rf"^\(?[{_DIGIT}]{{1,3}}\)?\s*[.…·_]{{3,}}\s*\S.{{1,120}}$"
)  # page number moved to the start


def _memo_label(line: str) -> str | None:
    """The memo header's label (الرقم, التاريخ, الموضوع…) when `line` is one of its short fields."""
    western = to_western_digits(line)
    match = _MEMO.match(western)
    if match and len(match["value"].split()) <= 6 and len(western.split()) <= 9:
        return re.search(_MEMO_LABELS, western).group()
    return None


def _is_letterhead(line: str) -> bool:
    return any(pattern.search(to_western_digits(line)) for pattern in _LETTERHEAD)


def _is_latin_only(line: str) -> bool:
    return bool(re.search(r"[A-Za-z]", line)) and not re.search(r"[\u0600-\u06ff]", line)


def _memo_subject(line: str) -> str:
    match = re.match(r"^الموضوع\s*[:：]\s*(.+)$", line)
    return match.group(1).strip() if match else ""


# --- Headings -----------------------------------------------------------------------
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف")
_ORDINAL_HEADINGS = {
    "اولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
    "الماده", "البند", "المحور", "الباب", "الفصل", "القسم", "حادي", "عشر",
}  # fmt: skip


def _forms(token: str) -> set[str]:
    forms = {token}
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            forms.add(token[len(prefix) :])
    return forms


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart for words of five letters or more (a letter missing, changed or added)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or max(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[:2] != b[:2]:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= 1


# Each kind: alternatives, each a set of stems that must all be there.
_CONCEPTS = [
    ("contents", [{"فهرس"}, {"محتويات"}]),
    ("approval", [{"اعتماد"}, {"مصادقه"}, {"قرار", "مجلس"}]),
    ("signatures", [{"توقيعات"}, {"توقيع"}, {"تواقيع"}]),
    ("general_objective", [{"هدف", "عام"}, {"غايه"}, {"هدف", "رييسي"}]),
    ("objectives", [{"اهداف"}]),
    ("channels", [{"قنوات"}, {"قناه"}, {"وسايل", "تواصل"}, {"وسايل", "اتصال"}, {"طرق", "تواصل"}]),
    ("tools", [{"ادوات"}]),
    ("procedure", [{"اجراءات"}, {"تعامل", "مستفيد"}, {"اليه", "عمل"}, {"خطوات"}, {"اليه", "تعامل"}]),
    ("preamble", [{"تمهيد"}, {"مقدمه"}, {"توطيه"}]),
]


def concept_of(text: str) -> str | None:
    """The section a heading means, from its words (order, spelling variants and extra words tolerated)."""
    forms = [_forms(token) for token in _fold(text).split()]
    for kind, alternatives in _CONCEPTS:
        for stems in alternatives:
            if all(any(_close(form, stem) for token in forms for form in token) for stem in stems):
                return kind
    return None


def _heading_text(line: str) -> str:
    """The heading without "##", brackets, numbering ("أولاً:", "1-") or its closing colon."""
    bare = re.sub(r"^#+\s*", "", line).strip()
    bare = re.sub(r"^\((.*)\)$", r"\1", bare).strip()
    tokens = bare.split()
    while len(tokens) > 1 and (_fold(tokens[0]) in _ORDINAL_HEADINGS or not _fold(tokens[0])):
        tokens = tokens[1:]
    bare = " ".join(tokens)
    if split_bullet(bare)[0] == "number":
        bare = split_bullet(bare)[1]
    return re.sub(r"\s*[:：]\s*-?\s*$|\s*[-–]\s*$", "", bare).strip()


def heading_kind(line: str, *, in_list: bool = False) -> tuple[str, str] | None:
    """(section kind, heading text) when `line` is a heading; kind "section" for one it does not know."""
    if not line or not _fold(line):
        return None
    marker = split_bullet(line)[0]
    text = _heading_text(line)
    key = _fold(text)
    if not key:
        return None
    words = len(key.split())
    ends_like_heading = bool(re.search(r"[:：]\s*-?\s*$", line)) or line.startswith("#")
    if marker == "symbol" or (marker and in_list):
        return None
    kind = concept_of(text)
    if kind and (words <= 16 if ends_like_heading else words <= 6 and not line.endswith((".", "،"))):
        if marker and not ends_like_heading:
            return None
        return kind, text
    if ends_like_heading and words <= 8 and not marker:
        return "section", text
    return None


def _inline_heading(line: str) -> tuple[str, str, str] | None:
    """ "الهدف العام: تقديم…": (kind, heading, the text after the colon)."""
    match = re.match(r"^([^:：]{2,80})[:：]\s*-?\s*(\S.{10,})$", line)
    if not match or split_bullet(line)[0] == "symbol":
        return None
    head = match.group(1)
    kind = concept_of(head) if len(_fold(head).split()) <= 6 else None
    if kind in (None, "contents", "signatures"):
        return None
    return kind, _heading_text(head), match.group(2)


# --- Channels, roles, periods --------------------------------------------------
CHANNEL_KEYWORDS = [
    ("app", ("تطبيق",)),
    ("help_request", ("طلب المساعد", "طلب الدعم", "طلبات المساعد", "طلب مساعد")),
    ("volunteer", ("تطوع",)),
    ("complaints", ("شكاوي", "الشكاوى", "مقترحات", "شكوي")),
    ("survey", ("استبيان", "قياس الرضا", "رضا")),
    ("interview", ("مقابل", "الزياره", "زيارات")),
    ("phone", ("هاتف", "اتصال", "جوال", "الرقم الموحد")),
    ("social_media", ("التواصل الاجتماعي", "منصات")),
    ("letters", ("خطاب", "مراسل", "بريد")),
    ("website", ("الموقع الالكتروني", "الموقع الإلكتروني", "موقع الجمعيه")),
    ("branch_representatives", ("مناديب", "مندوب", "المكاتب الفرعيه", "الفروع")),
]


def channel_kind(name: str) -> str:
    key = _fold(name)
    for kind, words in CHANNEL_KEYWORDS:
        if any(_fold(word) in key for word in words):
            return kind
    return "other"


def step_role(text: str) -> str:
    key = _fold(text)
    if "لجنه البحث" in key or "لجنه البحوث" in key or "اللجنه" in key:
        return "research_committee"
    if "البحث الاجتماعي" in key or "الباحث" in key:
        return "social_researcher"
    return "beneficiary_relations"


_PERIOD_WORDS = [("شهرين", 60), ("شهر", 30), ("اسبوعين", 14), ("اسبوع", 7), ("يومين", 2)]


def period_days(text: str) -> int | None:
    key = _fold(to_western_digits(text))
    match = re.search(r"(\d+)\s*(يوم|ايام|اسبوع|اسابيع|شهر|اشهر)", key)
    if match:
        unit = match.group(2)
        factor = 30 if "شهر" in unit else 7 if "سبوع" in unit or "سابيع" in unit else 1
        return min(int(match.group(1)) * factor, 365) or None
    if not re.search(r"خلال|مده", key):
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


# Recognising a section by what it holds, when its heading is not one we know.
_STEP_WORDS = ("استقبال", "التاكد", "احاله", "الرد", "استكمال", "تقديم الخدمه", "دراسه", "رفع", "ابلاغ", "تسجيل")
_TOOL_WORDS = ("دليل", "لايحه", "نموذج", "استماره", "سجل", "نظام", "برنامج", "ميثاق")


def kind_by_content(items: list[str]) -> str | None:
    if len(items) < 2:
        return None
    keys = [_fold(item) for item in items]
    share = len(items) * 0.6
    if sum(channel_kind(item) != "other" for item in items) >= share:
        return "channels"
    if sum(key.startswith(_STEP_WORDS) or "المستفيد" in key and "طلب" in key for key in keys) >= share:
        return "procedure"
    if sum(any(word in key for word in _TOOL_WORDS) for key in keys) >= share:
        return "tools"
    return None


# --- Approval ----------------------------------------------------------------
_DATE = re.compile(r"(?:(هـ|ه|م)\s*)?(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})\s*(هـ|ه\b|م\b)?")
_HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الاخر": 4, "ربيع الثاني": 4, "جمادي الاولي": 5,
    "جمادي الاخره": 6, "جمادي الثانيه": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}  # fmt: skip
_GREGORIAN_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7, "اغسطس": 8,
    "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
_UNITS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4,
    "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7, "ثامن": 8, "ثامنه": 8,
    "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
}  # fmt: skip
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_HUNDREDS = {"مايه": 100, "ميه": 100, "مايتين": 200, "مايتان": 200, "ميتين": 200}
for _number, _word in enumerate(("ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"), start=3):
    _HUNDREDS[_word + "مايه"] = _HUNDREDS[_word + "ميه"] = _number * 100
_MEETING_WORDS = ("اجتماع", "جلسه", "جلست", "دوره", "دورت", "لقاء")


def _number_word(token: str) -> tuple[str, int] | None:
    """("unit" | "teen" | "tens" | "hundreds" | "after", value) for one ordinal word."""
    bare = token[1:] if token.startswith("و") and len(token) > 3 else token
    bare = bare[2:] if bare.startswith("ال") else bare
    if bare in ("عشر", "عشره"):
        return "teen", 10
    if bare == "بعد":
        return "after", 0
    for table, name in ((_UNITS, "unit"), (_TENS, "tens"), (_HUNDREDS, "hundreds")):
        if bare in table:
            return name, table[bare]
    return None


def ordinal_value(words: list[str]) -> int | None:
    """The number an Arabic ordinal spells: "الحادي والعشرين بعد المائة" is 121 (folded words)."""
    total, seen = 0, False
    for position, word in enumerate(words):
        found = _number_word(word)
        if found is None:
            break
        kind, value = found
        if kind == "after":
            if position + 1 < len(words) and (_number_word(words[position + 1]) or ("",))[0] == "hundreds":
                continue
            break
        if kind == "teen" and not seen:
            break
        total += value
        seen = True
    return total or None


def meeting_number(text: str) -> str | None:
    folded = _fold(text)
    words = folded.split()
    for position, word in enumerate(words):
        if any(form.startswith(_MEETING_WORDS) for form in _forms(word)):
            value = ordinal_value(words[position + 1 : position + 8])
            if value:
                return str(value)
    # "اجتماع مجلس الإدارة رقم (161)": up to three words between, none of them the decision's.
    match = re.search(r"(?:اجتماع\w*|جلس\w*|دور\w*|لقاء\w*)\s+(?:(?!\w*قرار)\w+\s+){0,3}?رقم\s*(\d{1,4})\b", folded)
    if match:
        return match.group(1)
    match = re.search(r"رقم\s+(?:ال)?(?:اجتماع|جلسه|دوره)\s*(\d{1,4})\b", folded)  # "رقم الاجتماع: 14"
    return match.group(1) if match else None


# A Hijri date the Umm al-Qura tables do not cover: reported, never kept.
HIJRI_OUT_OF_RANGE = "hijri_out_of_range"


def _dates(text: str) -> list[tuple[str, object]]:
    """("hijri", "YYYY-MM-DD") and ("gregorian", date) in the order the text gives them;
    (HIJRI_OUT_OF_RANGE, "YYYY-MM-DD") for a Hijri date in a year outside the calendar's tables."""
    import datetime

    western = to_western_digits(text)
    found = []
    for match in _DATE.finditer(western):
        before, first, month, last, after = match.groups()
        try:
            year, month_number, day = dates.parse_parts(f"{first}/{month}/{last}")
        except dates.InvalidDate:
            continue
        suffix = after or before
        if 1300 <= year <= 1500 or (suffix in ("هـ", "ه") and year > 1000 and year < 1900):
            try:
                dates.hijri_to_gregorian(year, month_number, day)
            except dates.OutOfRange:
                if 1 <= month_number <= 12 and 1 <= day <= 30:
                    found.append((match.start(), HIJRI_OUT_OF_RANGE, f"{year:04d}-{month_number:02d}-{day:02d}"))
                continue
            except dates.InvalidDate:
                continue
            found.append((match.start(), "hijri", f"{year:04d}-{month_number:02d}-{day:02d}"))
        elif 1900 <= year <= 2100:
            try:
                found.append((match.start(), "gregorian", datetime.date(year, month_number, day)))
            except ValueError:
                continue
    folded = _fold(western)
    for names, calendar in ((_HIJRI_MONTHS, "hijri"), (_GREGORIAN_MONTHS, "gregorian")):
        pattern = "|".join(sorted(names, key=len, reverse=True))
        for match in re.finditer(rf"\b(\d{{1,2}})\s+({pattern})\s+(\d{{4}})", folded):
            day, month_number, year = int(match.group(1)), names[match.group(2)], int(match.group(3))
            written = f"{year:04d}-{month_number:02d}-{day:02d}"
            try:
                if calendar == "hijri":
                    dates.hijri_to_gregorian(year, month_number, day)
                    found.append((10**6 + match.start(), "hijri", written))
                else:
                    found.append((10**6 + match.start(), "gregorian", datetime.date(year, month_number, day)))
            except dates.OutOfRange:
                if 1 <= day <= 30:
                    found.append((10**6 + match.start(), HIJRI_OUT_OF_RANGE, written))
            except (dates.InvalidDate, ValueError):
                continue
    return [(calendar, value) for _position, calendar, value in sorted(found, key=lambda item: item[0])]


def parse_approval(text: str) -> dict:
    western = to_western_digits(text)
    found: dict = {}
    key = _fold(western)
    if re.search(r"مجلس (ال)?اداره", key):
        found["approving_body"] = "مجلس الإدارة"
    elif "الجمعيه العموميه" in key:
        found["approving_body"] = "الجمعية العمومية"
    number = meeting_number(western)
    if number:
        found["meeting_number"] = number
    light = normalise_for_search(western)  # folded, punctuation kept: "3/10" stays one number
    decision = re.search(r"قرار\w*[^\d()]{0,25}?رقم\s*[(\[]?\s*(\d[\d/\-]*)", light) or re.search(
        r"رقم القرار\s*[:(\[]?\s*(\d[\d/\-]*)", light
    )
    if decision:
        found["decision_number"] = decision.group(1).strip("/-")
    for calendar, value in _dates(western):
        found.setdefault(calendar, value)
    replaces = re.search(r"(?:و\s*)?((?:تحل|يحل)\s+محل[^.]*|(?:تلغي|يلغي|وتلغى|تلغى)\s[^.]*)", text)
    if replaces:
        found["replaces_note"] = _strip_end(replaces.group(1)) + "."
    return found


def _has_approval_data(paragraph: str) -> bool:
    """A sentence of the approval itself, not a signatory's title ("رئيس مجلس الإدارة")."""
    found = parse_approval(paragraph)
    if found.keys() & {"meeting_number", "decision_number", "hijri", "gregorian", HIJRI_OUT_OF_RANGE, "replaces_note"}:
        return True
    return bool(re.search(r"\b(اعتمد|اعتماد|صادق|اقر|وافق)", _fold(paragraph)))


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
        hijri = dates.gregorian_to_hijri(found["gregorian"])
        fields["approval_calendar"] = dates.GREGORIAN
        fields["approval_date"] = found["gregorian"]
        fields["approval_date_hijri"] = hijri or ""
        if hijri is None and HIJRI_OUT_OF_RANGE not in found:
            warnings.append(
                _(
                    "The approval date %(date)s is outside the Umm al-Qura calendar's tables:"
                    " it was kept, and its Hijri date is shown as unavailable."
                )
                % {"date": found["gregorian"].isoformat()}
            )
    if "hijri" not in found and HIJRI_OUT_OF_RANGE in found:
        years = {"date": found[HIJRI_OUT_OF_RANGE], "first": dates.FIRST_HIJRI_YEAR, "last": dates.LAST_HIJRI_YEAR}
        if "gregorian" in found:
            message = _(
                "The document's Hijri date (%(date)s AH) is outside the Umm al-Qura calendar's years"
                " (%(first)s to %(last)s AH): it was not kept; the document's Gregorian date was."
            )
        else:
            message = _(
                "The document's Hijri date (%(date)s AH) is outside the Umm al-Qura calendar's years"
                " (%(first)s to %(last)s AH): it was not kept. Enter the approval date in the draft by hand."
            )
        warnings.append(message % years)
    return fields


# --- Paragraphs and lists -----------------------------------------------------------
@dataclass
class _Item:
    text: str
    marker: str | None
    indent: int
    sub: list = field(default_factory=list)


def _strip_end(text: str) -> str:
    return text.strip().rstrip(" .،-").strip()


def _paragraphs(lines: list[str]) -> list[str]:
    """Join broken lines: a paragraph goes on until a line ends a sentence."""
    paragraphs, current = [], []
    for line in lines:
        if not line:
            continue
        current.append(split_bullet(line)[1] if split_bullet(line)[0] else line)
        if line.endswith(_TERMINAL):
            paragraphs.append(" ".join(current))
            current = []
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
        if parent is not None:
            # Where sub-points are indented (Word's list levels), coming back to the parent's level ends them.
            indented = any(sub.indent >= parent.indent + 2 for sub in parent.sub)
            if item.indent >= parent.indent + 2 or (opens and not (indented and item.indent <= parent.indent)):
                parent.sub.append(item)
                continue
        nested.append(item)
        parent, opens = item, item.text.rstrip(" -").endswith(":")
    return nested


def _rich(paragraphs: list[str]) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def fit(value: str, limit: int) -> str:
    """`value` cut at the last word boundary that leaves room for "…" within `limit` characters."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ،,.-:") + "…"


# --- The whole document ----------------------------------------------------------
class _Parser:
    def __init__(self, text: str, locale_code: str, source: str):
        self.locale_code = locale_code
        self.policy = ParsedPolicy(title="", source=source)
        self.lines = normalise_lines(text, source)

    # 1. Letterhead, memo header and table of contents go; the memo subject may give the title.
    def strip_furniture(self):
        counts: dict = {}
        known = {_fold(line) for _indent, line in self.lines if line.startswith(LETTERHEAD_MARK)}
        self.lines = [(indent, line) for indent, line in self.lines if not line.startswith(LETTERHEAD_MARK)]
        for _indent, line in self.lines:
            if line and not split_bullet(line)[0]:
                counts[_fold(line)] = counts.get(_fold(line), 0) + 1
        kept, subject, in_toc, letterhead, contents = [], "", False, 0, 0
        # A memo field counts only beside another one ("التاريخ:" alone may be the approval's date).
        filled = [(i, _memo_label(line)) for i, (_indent, line) in enumerate(self.lines) if line]
        memo = set()
        for position, (index, label) in enumerate(filled):
            near = filled[max(0, position - 3) : position + 4]
            if label and any(other and other != label for _i, other in near):
                memo.add(index)
        previous_letterhead = False
        for index, (indent, line) in enumerate(self.lines):
            if not line:
                kept.append((indent, line))
                continue
            key = _fold(line)
            if key in _TOC_HEADING or _fold(_heading_text(line)) in _TOC_HEADING:
                in_toc, contents = True, contents + 1
                continue
            if _TOC_LINE.match(line) or _TOC_LINE_PDF.match(line):
                contents += 1
                continue
            if in_toc:
                # A contents entry without leaders: a section's name and its page number.
                if (
                    re.search(rf"(^|\s)\(?[{_DIGIT}]{{1,3}}\)?$|^\(?[{_DIGIT}]{{1,3}}\)?\s", line)
                    and len(key.split()) <= 12
                ):
                    contents += 1
                    continue
                in_toc = False
            # An English line in an Arabic document: the letterhead's, when it repeats or sits in it.
            latin = (
                _is_latin_only(line) and self.locale_code == "ar" and (counts.get(key, 0) >= 2 or previous_letterhead)
            )
            if key in known or index in memo or _is_letterhead(line) or latin:
                subject = subject or _memo_subject(line)
                letterhead += 1
                previous_letterhead = True
                continue
            previous_letterhead = False
            # The association's name and slogan repeated at the top of every page.
            if counts.get(key, 0) >= 3 and len(key.split()) <= 10 and not heading_kind(line):
                letterhead += 1
                continue
            kept.append((indent, line))
        self.lines = kept
        self.subject = subject
        self.policy.removed = {"letterhead": letterhead, "contents": contents}

    # 2. Headings broken over two lines are joined; "heading: text" is split.
    def mend_headings(self):
        lines, i = [], 0
        source = self.lines
        while i < len(source):
            indent, line = source[i]
            following = next((j for j in range(i + 1, len(source)) if source[j][1]), None)
            if (
                line
                and following is not None
                and following - i <= 2
                and not line.endswith(_TERMINAL + ("،",))
                and not split_bullet(line)[0]
                and len(line.split()) <= 8
            ):
                nxt = source[following][1]
                joined = f"{line} {nxt}"
                # The second half closes the heading (its colon) without meaning a section of its own,
                # and only the two halves together name a section.
                next_kind = heading_kind(nxt)
                closes = nxt.endswith((":", ":-", ": -")) and not split_bullet(nxt)[0] and len(nxt.split()) <= 10
                joined_kind = heading_kind(joined)
                if (
                    closes
                    and (next_kind is None or next_kind[0] == "section")
                    and joined_kind is not None
                    and joined_kind[0] != "section"
                ):
                    lines.append((indent, joined))
                    i = following + 1
                    continue
            inline = _inline_heading(line) if line else None
            if inline:
                _kind, heading, rest = inline
                lines.append((indent, heading + ":"))
                lines.append((indent, rest))
                i += 1
                continue
            lines.append((indent, line))
            i += 1
        self.lines = lines

    # 3. Sections.
    def split_sections(self):
        title_lines: list[str] = []
        sections: list[list] = []  # [kind, heading, lines]
        for indent, line in self.lines:
            in_list = bool(sections) and any(split_bullet(text)[0] for _i, text in sections[-1][2][-3:] if text)
            heading = heading_kind(line, in_list=in_list) if line else None
            if heading and heading[0] == "section" and not sections:
                heading = None  # a heading before any section is the title's
            if heading and heading[0] == "contents":
                heading = None
            if heading:
                sections.append([heading[0], heading[1], []])
            elif sections:
                sections[-1][2].append((indent, line))
            elif line:
                title_lines.append(re.sub(r"^#+\s*", "", line).strip())
        # A heading repeated with nothing under it (a page header): dropped.
        sections = [s for s in sections if any(text for _i, text in s[2]) or s[0] in ("approval", "signatures")]
        return title_lines, sections

    def choose_title(self, title_lines: list[str]) -> str:
        title, rest = "", []
        start = next((i for i, line in enumerate(title_lines) if "سياسه" in _fold(line)), 0 if title_lines else None)
        if start is not None:
            title = title_lines[start]
            after = start + 1
            # A title written on two lines ("سياسة" / "تنظيم العلاقة مع المستفيدين").
            if after < len(title_lines) and len(_fold(title).split()) <= 3 and not title.endswith(_TERMINAL):
                title = f"{title} {title_lines[after]}"
                after += 1
            rest = title_lines[:start] + title_lines[after:]
        if not title and self.subject:
            title = self.subject
        seen = {_fold(title)}
        for line in rest:
            if _fold(line) not in seen and _fold(line) not in _fold(title):
                self.policy.unplaced.append(line)
                seen.add(_fold(line))
        title = _strip_end(re.sub(r"^\((.*)\)$", r"\1", title)) or str(_("Imported policy"))
        if len(title) > 255:
            self.policy.shortened.append((str(_("the title")), 255))
            self.policy.unplaced.append(title)
            title = fit(title, 255)
        return title

    def run(self) -> ParsedPolicy:
        self.strip_furniture()
        self.mend_headings()
        title_lines, sections = self.split_sections()
        policy = self.policy
        if not any(kind not in ("section", "signatures") for kind, _h, _l in sections):
            raise PolicyImportError(
                _(
                    "No section of a policy was recognised (preamble, objectives, channels, procedure…)."
                    " Nothing was created."
                )
            )
        policy.title = self.choose_title(title_lines)
        title_key = _fold(policy.title)
        seen: set = set()
        signatures: list[str] = []
        for kind, heading, section_lines in sections:
            # The title repeated as a page header is dropped.
            section_lines = [(i, text) for i, text in section_lines if not (text and _fold(text) == title_key)]
            text_lines = [text for _i, text in section_lines]
            by_content = False
            if kind == "section" and "approval" not in seen:
                items = [split_bullet(text)[1] for text in text_lines if text and split_bullet(text)[0]]
                guessed = kind_by_content(items)
                if guessed and guessed not in seen:
                    kind, by_content = guessed, True
                elif self._approval_paragraph(text_lines):
                    kind, by_content = "approval", True
            if kind == "approval":
                rest = self.read_approval(heading, text_lines, by_content)
                seen.add("approval")
                signatures += rest
                continue
            if kind == "signatures":
                signatures += [text for text in text_lines if text]
                continue
            if kind in seen:
                kind = "section"  # a second preamble or channel list: keep it, as a free section
            block, counts = self.block(kind, heading, section_lines, text_lines)
            if block is None:
                continue
            seen.add(block[0])
            policy.recognised.append(block[0])
            policy.body.append(block)
            policy.sections.append(SectionReport(block[0], heading, counts, by_content))
        if signatures:
            self.add_signatures(signatures)
        if policy.unplaced:
            with translation.override(self.locale_code):
                heading = str(_("Text not placed: move it to its section or delete it"))
            policy.body.append(("section", {"heading": heading, "text": _rich(policy.unplaced)}))
        return policy

    def _approval_paragraph(self, text_lines: list[str]) -> bool:
        key = _fold(" ".join(text_lines))
        return bool(re.search(r"\bاعتمد|\bاعتماد|\bصادق", key)) and bool(_dates(" ".join(text_lines)))

    def read_approval(self, heading: str, text_lines: list[str], by_content: bool) -> list[str]:
        """Fill the approval fields; return the lines after the approval (signatures and names)."""
        paragraphs = _paragraphs([text for text in text_lines if text])
        data_index = [i for i, p in enumerate(paragraphs) if _has_approval_data(p)]
        if not data_index:
            # Nothing to read: keep the text as a free section.
            if paragraphs:
                self.policy.body.append(("section", {"heading": heading, "text": _rich(paragraphs)}))
                self.policy.sections.append(SectionReport("section", heading, {"paragraphs": len(paragraphs)}))
                self.policy.recognised.append("section")
            return []
        first, last = data_index[0], data_index[-1]
        found = parse_approval(" ".join(paragraphs[first : last + 1]))
        self.policy.approval.update(approval_fields(found, self.policy.warnings))
        self.policy.recognised.append("approval")
        self.policy.sections.append(SectionReport("approval", heading, {}, by_content))
        self.policy.unplaced += paragraphs[:first]
        # After the approval paragraph: names, titles and signatures, one per line.
        after = []
        consumed = " ".join(paragraphs[: last + 1])
        for line in text_lines:
            if line and _fold(line) not in _fold(consumed):
                after.append(line)
        return after

    def add_signatures(self, lines: list[str]):
        lines = [re.sub(r"\s*[.…_]{3,}\s*", " ", line).strip(" :") for line in lines]
        lines = [line for line in lines if _fold(line)]
        if not lines:
            return
        with translation.override(self.locale_code):
            heading = str(_("Signatures"))
        self.policy.body.append(("section", {"heading": heading, "text": _rich(lines)}))
        self.policy.recognised.append("signatures")
        self.policy.sections.append(SectionReport("signatures", heading, {"lines": len(lines)}))

    def heading_value(self, heading: str) -> str:
        if len(heading) > 200:
            self.policy.shortened.append((str(_("a section heading")), 200))
            self.policy.unplaced.append(heading)
            return fit(heading, 200)
        return heading

    def block(self, kind, heading, section_lines, text_lines):
        heading = self.heading_value(heading)
        if kind in ("preamble", "general_objective", "section"):
            paragraphs = _paragraphs(text_lines)
            if not paragraphs:
                return None, {}
            return (kind, {"heading": heading, "text": _rich(paragraphs)}), {"paragraphs": len(paragraphs)}
        marked = [line for _indent, line in section_lines if line and split_bullet(line)[0]]
        if not marked:
            # A list whose markers were lost (Word paragraphs, a PDF): one item a line.
            lines = [(indent, "- " + line) for indent, line in section_lines if line]
            if not lines or any(len(line.split()) > 25 for _indent, line in lines):
                paragraphs = _paragraphs(text_lines)
                if not paragraphs:
                    return None, {}
                block = ("section", {"heading": heading, "text": _rich(paragraphs)})
                return block, {"paragraphs": len(paragraphs)}
            section_lines = lines
        else:
            # An introductory sentence before the first item is kept for the editor, not made an item.
            first = next(i for i, (_indent, line) in enumerate(section_lines) if line and split_bullet(line)[0])
            intro = _paragraphs([line for _indent, line in section_lines[:first]])
            self.policy.unplaced += intro
            section_lines = section_lines[first:]
        items = _items(section_lines)
        if kind == "objectives":
            value = [{"text": _strip_end(i.text), "sub_points": [_strip_end(s.text) for s in i.sub]} for i in items]
            counts = {"objectives": len(value), "sub_points": sum(len(v["sub_points"]) for v in value)}
            return ("objectives", {"heading": heading, "items": value}), counts
        flat = [item for top in items for item in (top, *top.sub)]
        if kind == "channels":
            channels = []
            for item in flat:
                name, description = _strip_end(item.text), ""
                if len(name) > 200:
                    self.policy.shortened.append((str(_("a channel's name")), 200))
                    name, description = fit(name, 200), name  # the whole text stays in the description
                channel_type = channel_kind(name)
                channels.append(
                    {
                        "kind": channel_type,
                        "name": name,
                        "description": description,
                        "page": form_page_for(channel_type, self.locale_code),
                        "contact": "",
                    }
                )
            counts = {"channels": len(channels), "linked": sum(c["page"] is not None for c in channels)}
            return ("channels", {"heading": heading, "channels": channels}), counts
        if kind == "tools":
            tools = [_strip_end(item.text) for item in flat]
            return ("tools", {"heading": heading, "items": tools}), {"tools": len(tools)}
        steps = [
            {"text": _strip_end(item.text) + ".", "role": step_role(item.text), "period_days": period_days(item.text)}
            for item in flat
        ]
        counts = {"steps": len(steps), "periods": sum(bool(step["period_days"]) for step in steps)}
        return ("procedure", {"heading": heading, "steps": steps}), counts


def parse(text: str, locale_code: str = "ar", source: str = "txt") -> ParsedPolicy:
    return _Parser(text, locale_code, source).run()


# --- The report ------------------------------------------------------------------------
def report_lines(parsed: ParsedPolicy) -> list[tuple[str, str]]:
    """(level "info" | "warning", sentence) lines: per section what was found, then what was not."""
    lines: list[tuple[str, str]] = []
    add = lines.append
    if parsed.removed.get("letterhead"):
        add(
            (
                "info",
                _("Letterhead and memo header: %(count)d lines removed.") % {"count": parsed.removed["letterhead"]},
            )
        )
    if parsed.removed.get("contents"):
        add(
            (
                "info",
                _n(
                    "Table of contents: %(count)d line removed.",
                    "Table of contents: %(count)d lines removed.",
                    parsed.removed["contents"],
                ),
            )
        )
    for section in parsed.sections:
        label = KIND_LABELS.get(section.kind, section.kind)
        counts = section.counts
        if section.kind == "objectives":
            detail = ", ".join(
                (
                    _n("%(count)d objective", "%(count)d objectives", counts["objectives"]),
                    _n("%(count)d sub-point", "%(count)d sub-points", counts["sub_points"]),
                )
            )
        elif section.kind == "channels":
            detail = ", ".join(
                (
                    _n("%(count)d channel", "%(count)d channels", counts["channels"]),
                    _n(
                        "%(count)d linked to this site's forms",
                        "%(count)d linked to this site's forms",
                        counts["linked"],
                    ),
                )
            )
        elif section.kind == "tools":
            detail = _n("%(count)d tool", "%(count)d tools", counts["tools"])
        elif section.kind == "procedure":
            detail = ", ".join(
                (
                    _n("%(count)d step", "%(count)d steps", counts["steps"]),
                    _n("%(count)d with a period", "%(count)d with a period", counts["periods"]),
                )
            )
        elif section.kind == "signatures":
            detail = _n("%(count)d line after the approval", "%(count)d lines after the approval", counts["lines"])
        elif section.kind == "approval":
            detail = _approval_detail(parsed.approval)
        else:
            detail = _n("%(count)d paragraph", "%(count)d paragraphs", counts.get("paragraphs", 0))
        how = _(" (recognised by its content)") if section.by_content else ""
        heading = f" “{section.heading}”" if section.heading and section.kind != "signatures" else ""
        add(("info", f"{label}{heading}{how}: {detail}"))
    found = {section.kind for section in parsed.sections}
    missing = [str(KIND_LABELS[kind]) for kind in SECTION_KINDS if kind not in found]
    if "approval" not in found:
        missing.append(str(KIND_LABELS["approval"]))
    if missing:
        add(("warning", _("Not found: %(sections)s.") % {"sections": ", ".join(missing)}))
    if "approval" in found:
        absent = [
            str(label)
            for key, label in (
                ("meeting_number", _("meeting number")),
                ("decision_number", _("decision number")),
                ("approval_date", _("date")),
            )
            if not parsed.approval.get(key)
        ]
        if absent:
            add(("warning", _("Board approval without: %(fields)s.") % {"fields": ", ".join(absent)}))
    for what, limit in parsed.shortened:
        add(
            (
                "warning",
                _("%(what)s was longer than %(limit)d characters: it was shortened at a word boundary.")
                % {"what": what.capitalize(), "limit": limit},
            )
        )
    if parsed.unplaced:
        add(
            (
                "warning",
                _n(
                    "%(count)d piece of text could not be placed; it is in the last block of the draft:",
                    "%(count)d pieces of text could not be placed; they are in the last block of the draft:",
                    len(parsed.unplaced),
                ),
            )
        )
        for piece in parsed.unplaced:
            add(("warning", "  – " + fit(piece, 80)))
    for warning in parsed.warnings:
        add(("warning", warning))
    return lines


def _n(singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count) % {"count": count}


def _approval_detail(approval: dict) -> str:
    parts = []
    if approval.get("approving_body"):
        parts.append(approval["approving_body"])
    if approval.get("meeting_number"):
        parts.append(_("meeting %(number)s") % {"number": approval["meeting_number"]})
    if approval.get("decision_number"):
        parts.append(_("decision %(number)s") % {"number": approval["decision_number"]})
    if approval.get("approval_date_hijri"):
        parts.append(_("%(date)s AH") % {"date": approval["approval_date_hijri"]})
    if approval.get("approval_date"):
        parts.append(_("%(date)s CE") % {"date": approval["approval_date"].isoformat()})
    return ", ".join(parts) or _("nothing read")


# --- Creating the draft ------------------------------------------------------------
def create_draft(parsed: ParsedPolicy, locale_code: str = "ar", user=None):
    """A draft PolicyPage under the locale's policy index (never published here)."""
    from django.core.exceptions import ValidationError
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
    approval = dict(parsed.approval)
    # Any value still longer than its field: shorten it and say so (never a raw ValidationError).
    for name, value in list(approval.items()):
        limit = getattr(PolicyPage._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            parsed.shortened.append((str(PolicyPage._meta.get_field(name).verbose_name), limit))
            approval[name] = fit(value, limit)
    try:
        with transaction.atomic():
            page = PolicyPage(
                title=parsed.title,
                draft_title=parsed.title,
                slug=find_available_slug(index, _slug(parsed.title)),
                body=parsed.body,
                live=False,
                owner=user,
                locale=locale,
                **approval,
            )
            index.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
    except ValidationError as error:
        problems = "; ".join(
            f"{PolicyPage._meta.get_field(name).verbose_name if name != '__all__' else ''}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise PolicyImportError(
            _("The draft could not be saved (%(problems)s). Nothing was created.") % {"problems": problems}
        ) from error
    return page


def _slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title, allow_unicode=True)[:80].strip("-") or "policy"


def import_file(data: bytes, filename: str, locale_code: str = "ar", user=None):
    """(draft page, ParsedPolicy); every failure is a PolicyImportError and creates nothing."""
    try:
        text, source = read_document(data, filename)
        parsed = parse(text, locale_code, source)
        return create_draft(parsed, locale_code, user), parsed
    except PolicyImportError:
        raise
    except Exception as error:  # a document shape nobody foresaw: say so, log it, create nothing
        logger.exception("The policy importer failed on %s", filename)
        raise PolicyImportError(
            _("This document could not be imported because of an error in the importer; nothing was created.")
        ) from error
