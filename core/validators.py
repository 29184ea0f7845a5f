"""Validators for numbers that people type in either digit set."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.arabic import to_western_digits


def normalise_iban(value: str) -> str:
    """Uppercase, Western digits, no spaces: the form an IBAN is stored in."""
    return re.sub(r"\s+", "", to_western_digits(value or "")).upper()


def validate_saudi_iban(value: str) -> None:
    """A Saudi IBAN: SA, two check digits, 20 characters; ISO 13616 mod-97 check."""
    iban = normalise_iban(value)
    if not re.fullmatch(r"SA\d{2}[0-9A-Z]{20}", iban):
        raise ValidationError(
            _("Enter a Saudi IBAN: SA followed by 22 characters, for example SA03 8000 0000 6080 1016 7519."),
            code="iban_format",
        )
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    if int(number) % 97 != 1:
        raise ValidationError(_("This IBAN's check digits are wrong: please check it again."), code="iban_checksum")


def validate_digits_only(value: str) -> None:
    if not re.fullmatch(r"\d+", to_western_digits(value or "")):
        raise ValidationError(_("Use digits only."), code="digits_only")
