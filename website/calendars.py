"""Dates in the Hijri (Umm al-Qura) and Gregorian calendars: parsing, converting, showing.

One module for the whole site (policy approvals, form answers, answer dates).

Dates are typed as day/month/year or year/month/day, with any separator and
in either digit set; the four-digit part is the year.
"""

import datetime
import re

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian, Hijri

from website.arabic import to_arabic_indic_digits, to_western_digits

HIJRI = "hijri"
GREGORIAN = "gregorian"
CALENDAR_CHOICES = [(HIJRI, _("Hijri (Umm al-Qura)")), (GREGORIAN, _("Gregorian"))]

_PARTS = re.compile(r"^\s*(\d{1,4})\s*[-/.\\]\s*(\d{1,2})\s*[-/.\\]\s*(\d{1,4})\s*(?:هـ|ه|م)?\s*$")


class InvalidDate(ValueError):
    pass


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
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
        return datetime.date(gregorian.year, gregorian.month, gregorian.day)
    except (ValueError, OverflowError) as error:
        raise InvalidDate(f"{year}-{month}-{day}") from error


def gregorian_to_hijri(date: datetime.date) -> str:
    """The Umm al-Qura date as "YYYY-MM-DD" (the form it is stored in)."""
    try:
        hijri = Gregorian.fromdate(date).to_hijri()
    except (ValueError, OverflowError) as error:
        raise InvalidDate(str(date)) from error
    return f"{hijri.year:04d}-{hijri.month:02d}-{hijri.day:02d}"


def normalise_hijri(text: str) -> str:
    """Validate a typed Hijri date and return it as "YYYY-MM-DD"."""
    year, month, day = parse_parts(text)
    hijri_to_gregorian(year, month, day)  # raises if the day does not exist
    return f"{year:04d}-{month:02d}-{day:02d}"


def format_hijri(stored: str, language: str) -> str:
    """ "25 جمادى الآخرة ١٤٤٦ هـ" on Arabic pages, "25 Jumada al-Akhirah 1446 AH" otherwise."""
    if not stored:
        return ""
    year, month, day = parse_parts(stored)
    hijri = Hijri(year, month, day)
    if language == "ar":
        return to_arabic_indic_digits(f"{day} {hijri.month_name('ar')} {year} هـ")
    return f"{day} {hijri.month_name('en')} {year} AH"


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
