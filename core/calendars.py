"""Dates in the Hijri (Umm al-Qura) and Gregorian calendars: parsing, converting, showing.

One module for the whole site (policy approvals, form answers, answer dates).

Dates are typed as day/month/year or year/month/day, with any separator and
in either digit set; the four-digit part is the year.

The Umm al-Qura tables cover 1343-1500 AH (1924-08-01 to 2077-11-16). Outside them a
Hijri date is refused (OutOfRange, a form error) and a Gregorian one is kept with no Hijri
counterpart: gregorian_to_hijri() gives None and hijri_display() "Hijri date unavailable".
Converting or showing a Gregorian date never raises: callers need no try/except of their own.
"""

import datetime
import re

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian, Hijri, ummalqura

from core.arabic import to_arabic_indic_digits, to_western_digits

HIJRI = "hijri"
GREGORIAN = "gregorian"
CALENDAR_CHOICES = [(HIJRI, _("Hijri (Umm al-Qura)")), (GREGORIAN, _("Gregorian"))]

_PARTS = re.compile(r"^\s*(\d{1,4})\s*[-/.\\]\s*(\d{1,2})\s*[-/.\\]\s*(\d{1,4})\s*(?:هـ|ه|م)?\s*$")


# The Umm al-Qura tables cover these days only (1343-01-01 to 1500-12-30 AH); a date outside them
# is real but has no Hijri counterpart here.
FIRST_GREGORIAN_DAY = datetime.date(*ummalqura.GREGORIAN_RANGE[0])
LAST_GREGORIAN_DAY = datetime.date(*ummalqura.GREGORIAN_RANGE[1])
FIRST_HIJRI_YEAR = ummalqura.HIJRI_RANGE[0][0]
LAST_HIJRI_YEAR = ummalqura.HIJRI_RANGE[1][0]

HIJRI_UNAVAILABLE = _("Hijri date unavailable")
# For a Hijri date typed in a year outside the tables: ValidationError(HIJRI_OUT_OF_RANGE, params=HIJRI_YEARS).
HIJRI_OUT_OF_RANGE = _(
    "Hijri dates can be entered for the years %(first)s to %(last)s AH only."
    " For an earlier or later date, choose the Gregorian calendar."
)
HIJRI_YEARS = {"first": FIRST_HIJRI_YEAR, "last": LAST_HIJRI_YEAR}


class InvalidDate(ValueError):
    pass


class OutOfRange(InvalidDate):
    """A Hijri date in a year the Umm al-Qura tables do not cover."""


def parse_parts(text: str) -> tuple[int, int, int]:
    """(year, month, day) from "25/6/1446", "1446-06-25", "٢٣/٠٣/١٤٤٧هـ"…"""
    match = _PARTS.match(to_western_digits(text or ""))
    if not match:
        raise InvalidDate(text)
    first, month, last = match.groups()
    if len(first) == 4:
        year, day = first, last
    elif len(last) == 4:
        year, day = last, first
    else:
        raise InvalidDate(text)
    return int(year), int(month), int(day)


def hijri_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Hijri one; OutOfRange outside the tables' years, InvalidDate for a day
    that does not exist."""
    if not FIRST_HIJRI_YEAR <= year <= LAST_HIJRI_YEAR:
        raise OutOfRange(f"{year}-{month}-{day}")
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
        return datetime.date(gregorian.year, gregorian.month, gregorian.day)
    except (ValueError, OverflowError) as error:
        raise InvalidDate(f"{year}-{month}-{day}") from error


def gregorian_to_hijri(date: datetime.date) -> str | None:
    """The Umm al-Qura date as "YYYY-MM-DD" (the form it is stored in), or None for a day
    outside the tables (before 1924-08-01 or after 2077-11-16)."""
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not FIRST_GREGORIAN_DAY <= date <= LAST_GREGORIAN_DAY:
        return None
    hijri = Gregorian.fromdate(date).to_hijri()
    return f"{hijri.year:04d}-{hijri.month:02d}-{hijri.day:02d}"


def normalise_hijri(text: str) -> str:
    """Validate a typed Hijri date and return it as "YYYY-MM-DD"."""
    year, month, day = parse_parts(text)
    hijri_to_gregorian(year, month, day)  # raises if the day does not exist
    return f"{year:04d}-{month:02d}-{day:02d}"


def hijri_unavailable(language: str) -> str:
    """What is shown in place of the Hijri counterpart of a date outside the tables."""
    with translation.override(language):
        return str(HIJRI_UNAVAILABLE)


def format_hijri(stored: str | None, language: str) -> str:
    """ "25 جمادى الآخرة ١٤٤٦ هـ" on Arabic pages, "25 Jumada al-Akhirah 1446 AH" otherwise;
    "" when nothing is stored, and the "unavailable" text for a stored value the tables cannot show."""
    if not stored:
        return ""
    try:
        year, month, day = parse_parts(stored)
        hijri = Hijri(year, month, day)
    except (ValueError, OverflowError):
        return hijri_unavailable(language)
    if language == "ar":
        return to_arabic_indic_digits(f"{day} {hijri.month_name('ar')} {year} هـ")
    return f"{day} {hijri.month_name('en')} {year} AH"


def hijri_display(date: datetime.date | None, language: str, *, stored: str | None = None) -> str:
    """The Hijri counterpart of a Gregorian date, ready to show: "" without a date, and the
    translated "Hijri date unavailable" outside the tables. Never raises. A Hijri date kept beside
    the Gregorian one (`stored`, as typed) is shown as it is."""
    if stored:
        return format_hijri(stored, language)
    if not date:
        return ""
    hijri = gregorian_to_hijri(date)
    return format_hijri(hijri, language) if hijri else hijri_unavailable(language)


def format_gregorian(date: datetime.date | None, language: str) -> str:
    if not date:
        return ""
    text = formats.date_format(date, "j F Y")
    return to_arabic_indic_digits(text + " م") if language == "ar" else text


# --- Reply periods -----------------------------------------------------------
# Saudi Arabia's working week is Sunday to Thursday: Friday and Saturday are off.
WEEKEND = {4, 5}  # date.weekday(): Monday is 0, Friday 4, Saturday 5


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date] = frozenset()) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_days(
    start: datetime.date, days: int, *, working_days: bool = False, holidays: frozenset[datetime.date] = frozenset()
) -> datetime.date:
    """The date `days` days after `start`: calendar days, or working days (Sunday to
    Thursday, skipping `holidays`). The start day itself never counts."""
    if not working_days:
        return start + datetime.timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def days_between(
    start: datetime.date,
    end: datetime.date,
    *,
    working_days: bool = False,
    holidays: frozenset[datetime.date] = frozenset(),
) -> int:
    """How many days from `start` to `end` (0 when end is not after start), counted like `add_days`."""
    if end <= start:
        return 0
    if not working_days:
        return (end - start).days
    days = (start + datetime.timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working_day(day, holidays))
