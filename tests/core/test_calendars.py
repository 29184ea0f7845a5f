"""core/calendars.py at the edges of the Umm al-Qura tables: 1343-01-01 to 1500-12-30 AH
(1924-08-01 to 2077-11-16). Inside, dates convert both ways; outside, a Hijri date is refused
with OutOfRange and a Gregorian one has no Hijri counterpart (None, shown as unavailable)."""

import datetime

import pytest

from core import calendars

D = datetime.date
FIRST = D(1924, 8, 1)
LAST = D(2077, 11, 16)
ONE_DAY = datetime.timedelta(days=1)


def test_the_range_comes_from_the_tables():
    assert (calendars.FIRST_GREGORIAN_DAY, calendars.LAST_GREGORIAN_DAY) == (FIRST, LAST)
    assert (calendars.FIRST_HIJRI_YEAR, calendars.LAST_HIJRI_YEAR) == (1343, 1500)


# --- Gregorian to Hijri ------------------------------------------------------------------------
@pytest.mark.parametrize(("day", "hijri"), [(FIRST, "1343-01-01"), (LAST, "1500-12-30")])
def test_the_first_and_last_supported_days_convert(day, hijri):
    assert calendars.gregorian_to_hijri(day) == hijri
    assert calendars.gregorian_to_hijri(datetime.datetime.combine(day, datetime.time(12))) == hijri


@pytest.mark.parametrize("day", [FIRST - ONE_DAY, LAST + ONE_DAY, D(1900, 1, 1), D(1, 1, 1), D(9999, 12, 31)])
def test_a_day_outside_the_tables_has_no_hijri_counterpart(day):
    assert calendars.gregorian_to_hijri(day) is None


@pytest.mark.parametrize("day", [FIRST - ONE_DAY, LAST + ONE_DAY, D(1900, 1, 1)])
def test_a_day_outside_the_tables_shows_its_hijri_as_unavailable(day):
    assert calendars.hijri_display(day, "en") == "Hijri date unavailable"
    assert calendars.hijri_display(day, "ar") == "التاريخ الهجري غير متاح"


def test_a_day_inside_the_tables_shows_its_hijri_in_the_readers_digits():
    assert calendars.hijri_display(FIRST, "en") == "1 Muharram 1343 AH"
    assert calendars.hijri_display(LAST, "ar") == "٣٠ ذو الحجة ١٥٠٠ هـ"
    assert calendars.hijri_display(None, "ar") == ""


def test_a_hijri_date_kept_beside_the_gregorian_one_is_shown_as_kept():
    assert calendars.hijri_display(D(1900, 1, 1), "en", stored="1446-06-25") == "25 Jumada al-Akhirah 1446 AH"


# --- Hijri to Gregorian ------------------------------------------------------------------------
@pytest.mark.parametrize(("hijri", "day"), [((1343, 1, 1), FIRST), ((1500, 12, 30), LAST)])
def test_the_first_and_last_supported_hijri_days_convert(hijri, day):
    assert calendars.hijri_to_gregorian(*hijri) == day
    assert calendars.normalise_hijri("{2}/{1}/{0}".format(*hijri)) == "{:04d}-{:02d}-{:02d}".format(*hijri)


@pytest.mark.parametrize("hijri", [(1342, 12, 29), (1342, 12, 30), (1501, 1, 1), (1, 1, 1), (9999, 12, 30)])
def test_a_hijri_date_outside_the_tables_is_out_of_range(hijri):
    with pytest.raises(calendars.OutOfRange):
        calendars.hijri_to_gregorian(*hijri)
    with pytest.raises(calendars.InvalidDate):  # what callers that do not tell them apart catch
        calendars.normalise_hijri("{2}/{1}/{0}".format(*hijri))


@pytest.mark.parametrize("hijri", [(1446, 13, 1), (1446, 0, 1), (1446, 1, 31), (1446, 1, 0)])
def test_a_day_that_does_not_exist_is_invalid_not_out_of_range(hijri):
    with pytest.raises(calendars.InvalidDate) as raised:
        calendars.hijri_to_gregorian(*hijri)
    assert not isinstance(raised.value, calendars.OutOfRange)


# --- Showing what is stored --------------------------------------------------------------------
@pytest.mark.parametrize("stored", ["1342-12-29", "1501-01-01", "1446-13-01", "garbled"])
def test_a_stored_hijri_date_the_tables_cannot_show_reads_unavailable(stored):
    assert calendars.format_hijri(stored, "en") == "Hijri date unavailable"


def test_nothing_stored_shows_nothing():
    assert calendars.format_hijri("", "ar") == calendars.format_hijri(None, "ar") == ""


@pytest.mark.parametrize("typed", ["٠١/٠٨/١٩٢٤", "۰۱/۰۸/۱۹۲۴", "1924-08-01", "١٩٢٤/٨/١"])
def test_both_arabic_indic_digit_sets_are_read(typed):
    assert calendars.parse_parts(typed) == (1924, 8, 1)
