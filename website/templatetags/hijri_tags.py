"""Dates as Saudis expect them: Hijri (Umm al-Qura) beside Gregorian, in the reader's digits."""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import get_language
from hijridate import Gregorian

from website.arabic import to_arabic_indic_digits

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


@register.filter
def hijri_date(value):
    """25 جمادى الآخرة ١٤٤٦هـ / 25 Jumada al-Akhirah 1446 AH."""
    if not value:
        return ""
    date = _as_date(value)
    hijri = Gregorian(date.year, date.month, date.day).to_hijri()
    if get_language() == "ar":
        return to_arabic_indic_digits(f"{hijri.day} {hijri.month_name('ar')} {hijri.year}هـ")
    return f"{hijri.day} {hijri.month_name('en')} {hijri.year} AH"


@register.filter
def gregorian_date(value):
    """٢٦ ديسمبر ٢٠٢٤م / 26 December 2024."""
    if not value:
        return ""
    text = formats.date_format(_as_date(value), "j F Y")
    if get_language() == "ar":
        return to_arabic_indic_digits(text) + "م"
    return text
