"""Headings: which section a heading means, from its words, spelling variants tolerated."""

import re

from policies.importer.folding import fold
from policies.importer.markers import split_bullet

_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف")
_ORDINAL_HEADINGS = {
    "اولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
    "الماده", "البند", "المحور", "الباب", "الفصل", "القسم", "حادي", "عشر",
}  # fmt: skip


def word_forms(token: str) -> set[str]:
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
    forms = [word_forms(token) for token in fold(text).split()]
    for kind, alternatives in _CONCEPTS:
        for stems in alternatives:
            if all(any(_close(form, stem) for token in forms for form in token) for stem in stems):
                return kind
    return None


def heading_text(line: str) -> str:
    """The heading without "##", brackets, numbering ("أولاً:", "1-") or its closing colon."""
    bare = re.sub(r"^#+\s*", "", line).strip()
    bare = re.sub(r"^\((.*)\)$", r"\1", bare).strip()
    tokens = bare.split()
    while len(tokens) > 1 and (fold(tokens[0]) in _ORDINAL_HEADINGS or not fold(tokens[0])):
        tokens = tokens[1:]
    bare = " ".join(tokens)
    if split_bullet(bare)[0] == "number":
        bare = split_bullet(bare)[1]
    return re.sub(r"\s*[:：]\s*-?\s*$|\s*[-–]\s*$", "", bare).strip()


def heading_kind(line: str, *, in_list: bool = False) -> tuple[str, str] | None:
    """(section kind, heading text) when `line` is a heading; kind "section" for one it does not know."""
    if not line or not fold(line):
        return None
    marker = split_bullet(line)[0]
    text = heading_text(line)
    key = fold(text)
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


def inline_heading(line: str) -> tuple[str, str, str] | None:
    """ "الهدف العام: تقديم…": (kind, heading, the text after the colon)."""
    match = re.match(r"^([^:：]{2,80})[:：]\s*-?\s*(\S.{10,})$", line)
    if not match or split_bullet(line)[0] == "symbol":
        return None
    head = match.group(1)
    kind = concept_of(head) if len(fold(head).split()) <= 6 else None
    if kind in (None, "contents", "signatures"):
        return None
    return kind, heading_text(head), match.group(2)
