"""Dates outside the Umm al-Qura tables (before 1924-08-01, after 2077-11-16) in the inbox, its
emails and exports: kept in Gregorian, their Hijri shown as unavailable, never an error."""

import datetime

import pytest

from inbox import messages
from inbox.models import Case
from scripts.signin import sign_in
from tests.support.inbox import csv_rows, export, file_help_request

pytestmark = pytest.mark.django_db

BEYOND = datetime.date(2078, 1, 1)


@pytest.fixture
def case_beyond_the_tables(client, site_pages):
    """A request whose applicant was born in 1900 and whose answer is due after the tables end."""
    case = file_help_request(client, birth_date_0="gregorian", birth_date_1="١/١/١٩٠٠")
    Case.objects.filter(pk=case.pk).update(due_date=BEYOND)
    case.refresh_from_db()
    return case


def test_the_request_page_shows_the_due_dates_hijri_as_unavailable(client, staff, case_beyond_the_tables):
    sign_in(client, staff["relations"])
    response = client.get(f"/admin/inbox/{case_beyond_the_tables.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2078-01-01 (التاريخ الهجري غير متاح)" in html
    assert "1900-01-01" in html  # the birth date, as entered


def test_email_placeholders_say_the_hijri_date_is_unavailable(case_beyond_the_tables):
    values = messages.placeholders(case_beyond_the_tables)
    assert values["due_date_hijri"] == "التاريخ الهجري غير متاح"
    assert values["due_date"] == "١ يناير ٢٠٧٨ م"


def test_the_export_keeps_the_gregorian_birth_date(staff, case_beyond_the_tables):
    header, row = csv_rows(export(staff["relations"], language="en")[1])
    values = dict(zip(header, row, strict=True))
    assert values["Date of birth [birth_date]"] == "1900-01-01"
