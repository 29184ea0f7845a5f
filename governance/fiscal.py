"""Fiscal years in the Gregorian calendar (the default) or the Hijri one, as the association chooses.

A fiscal year is the calendar year of that calendar: 1 January to 31 December,
or 1 Muharram to the last day of Dhu al-Hijjah (Umm al-Qura).
"""

import calendar
import datetime

from django.utils.translation import gettext as _
from hijridate import Gregorian, Hijri

from core import calendars
from core.arabic import to_arabic_indic_digits

YEAR_RANGES = {calendars.GREGORIAN: (1900, 2100), calendars.HIJRI: (1343, 1499)}


def year_range(calendar_name: str) -> tuple[int, int]:
    return YEAR_RANGES[calendar_name]


def year_bounds(year: int, calendar_name: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day (Gregorian dates) of fiscal year `year`."""
    if calendar_name == calendars.HIJRI:
        first = calendars.hijri_to_gregorian(year, 1, 1)
        last = calendars.hijri_to_gregorian(year + 1, 1, 1) - datetime.timedelta(days=1)
        return first, last
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def year_of(day: datetime.date, calendar_name: str) -> int:
    if calendar_name == calendars.HIJRI:
        return Gregorian.fromdate(day).to_hijri().year
    return day.year


def last_ended_year(today: datetime.date, calendar_name: str) -> int:
    """The most recent fiscal year that is over on `today`."""
    return year_of(today, calendar_name) - 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` months later, on the same day of the month or the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_label(year: int | None, calendar_name: str, language: str) -> str:
    """ "2025" / "٢٠٢٥ م" or "1446 AH" / "١٤٤٦ هـ"."""
    if not year:
        return ""
    if calendar_name == calendars.HIJRI:
        return to_arabic_indic_digits(f"{year} هـ") if language == "ar" else f"{year} AH"
    return to_arabic_indic_digits(f"{year} م") if language == "ar" else str(year)


def check_year(year: int, calendar_name: str) -> str | None:
    """A translated error when `year` is not a plausible fiscal year of that calendar."""
    low, high = year_range(calendar_name)
    if not low <= year <= high:
        return _("Enter a year between %(low)s and %(high)s (the association's fiscal years are %(calendar)s).") % {
            "low": low,
            "high": high,
            "calendar": dict(calendars.CALENDAR_CHOICES)[calendar_name],
        }
    # Hijri years need both their ends inside the Umm al-Qura tables.
    if calendar_name == calendars.HIJRI:
        try:
            Hijri(year + 1, 1, 1)
        except (ValueError, OverflowError):
            return _("This year is outside the Umm al-Qura calendar's range.")
    return None
