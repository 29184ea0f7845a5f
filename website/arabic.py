"""Arabic text helpers shared by every app.

Digits: people in Saudi Arabia type Arabic-Indic digits (٠١٢…) or, on Persian
keyboards, Eastern Arabic-Indic ones (۰۱۲…). Everything numeric is stored with
Western digits and shown in the reader's digits.
"""

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EASTERN_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
WESTERN = "0123456789"

_TO_WESTERN = str.maketrans(ARABIC_INDIC + EASTERN_ARABIC_INDIC, WESTERN * 2)
_TO_ARABIC_INDIC = str.maketrans(WESTERN, ARABIC_INDIC)


def to_western_digits(value: str) -> str:
    """Return `value` with every Arabic-Indic digit replaced by its Western digit."""
    return value.translate(_TO_WESTERN)


def to_arabic_indic_digits(value: str) -> str:
    """Return `value` with Western digits written as Arabic-Indic digits."""
    return value.translate(_TO_ARABIC_INDIC)
