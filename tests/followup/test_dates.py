"""The follow-up page and API when the expected answer falls after the Umm al-Qura tables end (2077-11-16):
the Gregorian date is shown, the Hijri one is unavailable (null in the API), never an error."""

import datetime

import pytest

from followup import tokens
from inbox.models import Case
from tests.support.followup import status_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_due_beyond_the_tables(help_case):
    Case.objects.filter(pk=help_case.pk).update(due_date=datetime.date(2078, 1, 1))
    help_case.refresh_from_db()
    return help_case


def test_the_status_page_shows_the_hijri_date_as_unavailable(client, case_due_beyond_the_tables):
    response = client.get(status_path(case_due_beyond_the_tables, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hijri date unavailable (1 January 2078)" in html


def test_the_api_gives_a_null_hijri_date(client, case_due_beyond_the_tables):
    token = tokens.status_token(case_due_beyond_the_tables)
    response = client.get(f"/api/v3/followup/status/{token}/?locale=ar")
    assert response.status_code == 200
    expected = response.json()["expected_answer"]
    assert expected["gregorian"] == "2078-01-01" and expected["hijri"] is None
    assert expected["hijri_display"] == "التاريخ الهجري غير متاح"
