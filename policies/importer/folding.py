"""Text as every step compares it (folded Arabic), and the character classes and cuts they share."""

import re

from core.arabic import normalise_for_search

# Persian letters that keyboards and templates slip into Arabic text, mapped to the Arabic ones.
PERSIAN = str.maketrans({"ی": "ي", "ک": "ك", "ۀ": "ة", "ھ": "ه"})
DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"  # Western, Arabic-Indic and Persian digits, for a regex class
TERMINAL = (".", ":", "؟", "!", "؛")  # what ends a sentence, a heading or a list's lead-in


def fold(text: str) -> str:
    """Text folded for comparing: hamza forms, taa marbuta, alef maqsura, digits (core.arabic)."""
    text = normalise_for_search(text.translate(PERSIAN)).replace("ء", "")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_", " ", text)).strip()


def strip_end(text: str) -> str:
    return text.strip().rstrip(" .،-").strip()


def fit(value: str, limit: int) -> str:
    """`value` cut at the last word boundary that leaves room for "…" within `limit` characters."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ،,.-:") + "…"
