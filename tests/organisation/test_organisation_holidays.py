"""Public holidays are bounded: a holiday typed across centuries would be millions of days held for
every reply period counted (and near year 9999 the count overflows), so it is refused with a clear error."""

import datetime

import pytest
from wagtail.blocks import StructBlockValidationError

from organisation.blocks import HOLIDAY_MAX_DAYS, PublicHolidayBlock

D = datetime.date


def holiday(first, last):
    block = PublicHolidayBlock()
    return block.clean(block.to_python({"name": "Eid", "first_day": first.isoformat(), "last_day": last.isoformat()}))


def test_a_holiday_of_the_longest_length_is_kept():
    first = D(2026, 3, 19)
    value = holiday(first, first + datetime.timedelta(days=HOLIDAY_MAX_DAYS - 1))
    assert value["last_day"] == D(2026, 5, 17)


@pytest.mark.parametrize(("first", "last"), [(D(1, 1, 1), D(9999, 12, 31)), (D(2026, 3, 19), D(2026, 5, 18))])
def test_a_longer_holiday_is_a_clear_error(first, last):
    with pytest.raises(StructBlockValidationError) as raised:
        holiday(first, last)
    assert "last_day" in raised.value.block_errors
