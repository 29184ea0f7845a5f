"""The board approval: body, meeting and decision numbers, Hijri and Gregorian dates, what it replaces."""

import datetime
import re

from django.utils.translation import gettext as _

from core import calendars as dates
from core.arabic import normalise_for_search, to_western_digits
from policies.importer.folding import fold, strip_end
from policies.importer.headings import word_forms

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
    folded = fold(text)
    words = folded.split()
    for position, word in enumerate(words):
        if any(form.startswith(_MEETING_WORDS) for form in word_forms(word)):
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


def find_dates(text: str) -> list[tuple[str, object]]:
    """("hijri", "YYYY-MM-DD") and ("gregorian", date) in the order the text gives them;
    (HIJRI_OUT_OF_RANGE, "YYYY-MM-DD") for a Hijri date in a year outside the calendar's tables."""
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
    folded = fold(western)
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
    key = fold(western)
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
    for calendar, value in find_dates(western):
        found.setdefault(calendar, value)
    replaces = re.search(r"(?:و\s*)?((?:تحل|يحل)\s+محل[^.]*|(?:تلغي|يلغي|وتلغى|تلغى)\s[^.]*)", text)
    if replaces:
        found["replaces_note"] = strip_end(replaces.group(1)) + "."
    return found


def has_approval_data(paragraph: str) -> bool:
    """A sentence of the approval itself, not a signatory's title ("رئيس مجلس الإدارة")."""
    found = parse_approval(paragraph)
    if found.keys() & {"meeting_number", "decision_number", "hijri", "gregorian", HIJRI_OUT_OF_RANGE, "replaces_note"}:
        return True
    return bool(re.search(r"\b(اعتمد|اعتماد|صادق|اقر|وافق)", fold(paragraph)))


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
