"""Governance dates (meetings, documents, board terms) outside the Umm al-Qura tables
(1343-1500 AH, 1924-08-01 to 2077-11-16): a Gregorian date is kept with its Hijri unavailable,
a Hijri one is a clear error."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

from governance.models import AssemblyMeeting, BoardMember


def test_a_gregorian_meeting_date_outside_the_tables_is_kept_with_its_hijri_unavailable():
    meeting = AssemblyMeeting(date_calendar="gregorian", date=datetime.date(1920, 5, 1))
    errors = {}
    meeting.clean_dates(errors)
    assert errors == {}
    assert (meeting.date, meeting.date_hijri) == (datetime.date(1920, 5, 1), "")
    assert meeting.dates_in("en")["date_hijri_display"] == "Hijri date unavailable"
    assert meeting.dates_in("ar")["date_gregorian_display"] == "١ مايو ١٩٢٠ م"


def test_a_hijri_meeting_date_outside_the_tables_is_a_clear_error():
    meeting = AssemblyMeeting(date_calendar="hijri", date_hijri="١/١/١٥٠١")
    errors = {}
    meeting.clean_dates(errors)
    with translation.override("en"):
        assert "1343 to 1500 AH" in ValidationError(errors).message_dict["date_hijri"][0]


def test_a_board_term_outside_the_tables_shows_its_hijri_as_unavailable():
    member = BoardMember(
        name="x", role="member", term_start=datetime.date(1920, 1, 1), term_end=datetime.date(2080, 1, 1)
    )
    shown = member.api_representation("en")
    assert shown["term_start_hijri_display"] == shown["term_end_hijri_display"] == "Hijri date unavailable"
