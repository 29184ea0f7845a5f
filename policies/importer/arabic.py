"""Repairing Arabic text, one line at a time: invisible marks, presentation forms, kashida, spaced
digits, a PDF's reordered runs, words in reverse order, list markers left after the item."""

import re
import unicodedata

from policies.importer.folding import DIGIT, PERSIAN, TERMINAL, fold
from policies.importer.markers import split_bullet

_TATWEEL = "\u0640"
_INVISIBLE = dict.fromkeys(
    map(ord, "\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad")
)
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_SPACED_DIGITS = re.compile(rf"(?<![^\s(\[/\-])[{DIGIT}](?: [{DIGIT}]){{2,}}(?![^\s)\]/\-.،])")
_SPACED_DATE_PART = re.compile(rf"(?<=[/\-])\s*([{DIGIT}]) ([{DIGIT}])\s*(?=[/\-]|\s|$)")
_SPACED_IN_BRACKETS = re.compile(rf"\(\s*([{DIGIT}](?: [{DIGIT}])+)\s*\)")
_COLON_FIRST = re.compile(r"^(?:[:：]\s*-?|-\s*[:：])\s*(\S.*?)\s*$")
_MARK = rf"[{DIGIT}]{{1,2}}"
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
    line = line.translate(_INVISIBLE).translate(PERSIAN).replace("\t", " ").replace("\u00a0", " ")
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
        before = fold(match["text"]).split()[-1:] or [""]
        if before[0] not in _NO_TRAILING_MARKER_AFTER:
            mark = match["mark"]
            digits = re.sub(rf"[^{DIGIT}]", "", mark)
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
    words = [fold(word) for word in line.split()]
    words = [word for word in words if word]
    if len(words) < 2 or not re.search(r"[\u0600-\u06ff]", line) or split_bullet(line)[0]:
        return False
    tokens = line.split()
    score = 0
    if tokens[0].endswith((".", "؛", "،")) and not tokens[-1].endswith(TERMINAL + ("،",)):
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
