"""Saudi identity numbers, mobile numbers and Hijri dates: parse, check, normalise."""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import calendars
from core.arabic import to_western_digits


def clean_national_id(value: str) -> str:
    """A national ID (starts with 1) or Iqama (starts with 2): 10 digits, Luhn check digit."""
    digits = re.sub(r"[\s-]", "", to_western_digits(value or ""))
    # [0-9], not \d: \d also takes other scripts' digits (full-width "０"), which would be stored as typed.
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(_("The ID number must be exactly 10 digits."), code="national_id_length")
    if digits[0] not in "12":
        raise ValidationError(_("The ID number starts with 1 (citizens) or 2 (residents)."), code="national_id_prefix")
    total = 0
    for index, char in enumerate(digits):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    if total % 10:
        raise ValidationError(
            _("This ID number is not valid: please check the digits again."), code="national_id_checksum"
        )
    return digits


def clean_saudi_mobile(value: str) -> str:
    """Accept 05…, 5…, +966…, 00966…, spaces and Arabic-Indic digits; return E.164 (+9665…)."""
    text = re.sub(r"[\s\-()]", "", to_western_digits(value or ""))
    if text.startswith("00"):
        text = "+" + text[2:]
    error = ValidationError(_("Enter a Saudi mobile number, for example 05X XXX XXXX."), code="mobile_invalid")
    try:
        number = phonenumbers.parse(text, "SA")
    except phonenumbers.NumberParseException:
        raise error from None
    if number.country_code != 966 or not phonenumbers.is_valid_number(number):
        raise error
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_gregorian(calendar: str, value: str) -> datetime.date:
    """A date typed in the Hijri (Umm al-Qura) or Gregorian calendar, as a Gregorian date."""
    try:
        year, month, day = calendars.parse_parts(value)
    except calendars.InvalidDate:
        raise ValidationError(
            _("Enter the date as day/month/year, for example 25/06/1446."), code="date_format"
        ) from None
    try:
        if calendar == calendars.HIJRI:
            return calendars.hijri_to_gregorian(year, month, day)
        return datetime.date(year, month, day)
    except calendars.OutOfRange:
        raise ValidationError(
            calendars.HIJRI_OUT_OF_RANGE, code="date_out_of_range", params=calendars.HIJRI_YEARS
        ) from None
    except (calendars.InvalidDate, ValueError):
        raise ValidationError(_("This date does not exist in the chosen calendar."), code="date_invalid") from None


def hijri_of(date: datetime.date) -> str | None:
    """The Umm al-Qura date of a Gregorian date, as YYYY-MM-DD; None outside the calendar's tables."""
    return calendars.gregorian_to_hijri(date)
