"""List markers, and the lines that are not the policy's text: letterhead, memo header, contents."""

import re

from core.arabic import to_western_digits
from policies.importer.folding import DIGIT

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


# The letterhead, the memo header (number, date, subject…) and the table of contents.
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
TOC_HEADINGS = {"فهرس", "الفهرس", "المحتويات", "فهرس المحتويات", "جدول المحتويات", "قايمه المحتويات"}
TOC_LINE = re.compile(
    rf"^(?:\(?[{DIGIT}]{{1,3}}\)?\s*)?.{{2,120}}?(?:\s*[.…·_]{{3,}}|\s{{2,}}|\t)\s*\(?[{DIGIT}]{{1,3}}\)?$"
)
TOC_LINE_PDF = re.compile(rf"^\(?[{DIGIT}]{{1,3}}\)?\s*[.…·_]{{3,}}\s*\S.{{1,120}}$")  # page number moved to the start


def memo_label(line: str) -> str | None:
    """The memo header's label (الرقم, التاريخ, الموضوع…) when `line` is one of its short fields."""
    western = to_western_digits(line)
    match = _MEMO.match(western)
    if match and len(match["value"].split()) <= 6 and len(western.split()) <= 9:
        return re.search(_MEMO_LABELS, western).group()
    return None


def is_letterhead(line: str) -> bool:
    return any(pattern.search(to_western_digits(line)) for pattern in _LETTERHEAD)


def is_latin_only(line: str) -> bool:
    return bool(re.search(r"[A-Za-z]", line)) and not re.search(r"[\u0600-\u06ff]", line)


def memo_subject(line: str) -> str:
    match = re.match(r"^الموضوع\s*[:：]\s*(.+)$", line)
    return match.group(1).strip() if match else ""
