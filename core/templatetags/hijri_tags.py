"""Dates as Saudis expect them: Hijri (Umm al-Qura) beside Gregorian, in the reader's digits."""

import datetime

from django import template
from django.utils.translation import get_language

from core import calendars

register = template.Library()


def _as_date(value):
    """A date from a date, a datetime or an ISO string; None for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, datetime.date) else None


@register.filter
def hijri_date(value):
    """25 جمادى الآخرة ١٤٤٦ هـ / 25 Jumada al-Akhirah 1446 AH; "Hijri date unavailable" outside Umm al-Qura's tables."""
    return calendars.hijri_display(_as_date(value), get_language())


@register.filter
def gregorian_date(value):
    """٢٦ ديسمبر ٢٠٢٤ م / 26 December 2024."""
    return calendars.format_gregorian(_as_date(value), get_language())
