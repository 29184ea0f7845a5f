"""Who a family's head or member is, by the number on their papers: a national ID, a resident's iqama, or a
border number. Typed in any digit set, with spaces or dashes; stored as ten Western digits."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.arabic import to_western_digits
from forms.saudi import clean_national_id


class IdKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID")
    IQAMA = "iqama", _("Iqama (resident)")
    BORDER_NUMBER = "border_number", _("Border number")


def digits_of(value: str) -> str:
    """What was typed, as Western digits without spaces or dashes (for matching, not checking)."""
    return re.sub(r"[\s\-]", "", to_western_digits(value or ""))


def clean_identity(value: str) -> tuple[str, str]:
    """(kind, ten digits) of a typed ID, or a translated ValidationError.

    National IDs start with 1 and iqamas with 2, both carrying a check digit; a border number (given to
    visitors and to residents before their iqama) starts with 3 or 4 and carries none that is published."""
    digits = digits_of(value)
    if re.fullmatch(r"[34][0-9]{9}", digits):
        return IdKind.BORDER_NUMBER, digits
    digits = clean_national_id(digits)
    return (IdKind.NATIONAL_ID if digits[0] == "1" else IdKind.IQAMA), digits


def validate_identity(value: str) -> None:
    clean_identity(value)


def national_id_for(serial: int, first: str = "1") -> str:
    """A valid ID for demo and fake data: `first` (1: national ID, 2: iqama), `serial` as the next eight digits,
    then the check digit (the digits in odd positions from the left doubled, their digits summed)."""
    body = f"{first}{serial % 10**8:08d}"
    total = 0
    for index, char in enumerate(body):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return body + str(-total % 10)
