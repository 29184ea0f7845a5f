"""Report periods at the ends of what dates can hold: year 1, year 9999, the Umm al-Qura tables' edges
(1343-01 and 1500-12 AH) and the months beyond them: a clear message or a report, never a server error."""

import pytest

from tests.support.staff import sign_in_member

pytestmark = pytest.mark.django_db

REPORT = "/admin/followup/report/"
OUTSIDE = ("هذه الأشهر خارج نطاق التقويم.", "These months are outside the calendar's range.")


@pytest.mark.parametrize(
    ("calendar", "first", "last", "refused"),
    [
        ("gregorian", "0001-01", "0001-02", True),  # was an OverflowError (a 500)
        ("gregorian", "٠٠٠١-٠١", "٠٠٠١-١٢", True),
        ("gregorian", "9999-11", "9999-12", True),
        ("gregorian", "1900-01", "1900-02", False),
        ("hijri", "1342-01", "1343-02", True),
        ("hijri", "1343-01", "1343-02", False),
        ("hijri", "1501-01", "1501-02", True),
    ],
)
def test_no_period_is_a_server_error(client, django_user_model, site_pages, calendar, first, last, refused):
    sign_in_member(client, django_user_model, "Beneficiary relations")
    response = client.get(REPORT, {"calendar": calendar, "first": first, "last": last})
    assert response.status_code == 200
    assert any(message in response.content.decode() for message in OUTSIDE) == refused
