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


# --- Search normalisation ------------------------------------------------------
# People type the same word many ways: with or without hamza on the alef, taa
# marbuta or haa at the end, alef maqsura or yaa, stretched with tatweel, with
# or without diacritics, in either digit set. Text is indexed and queries are
# searched in one folded form, so every variant finds every other.

_TASHKEEL = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0670"
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        **dict.fromkeys(_TASHKEEL + _TATWEEL),
    }
)


def normalise_for_search(text: str) -> str:
    """Fold Arabic spelling variants and digits so that indexing and queries agree.

    >>> normalise_for_search("إِسْكَانُ الأُسرَةِ ١٤٤٦")
    'اسكان الاسره 1446'
    """
    return to_western_digits((text or "").translate(_FOLD))
