"""The report's figures against a recount of a known set of requests and answers, and who may read it."""

import csv
import datetime
import io
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from tests.support.association import association
from tests.support.inbox import make_case
from tests.support.staff import sign_in_member

TODAY = datetime.date(2026, 5, 10)


def at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def request(slug, received, due, *, answered=None, status=None, service="", language="ar", complaint_type=""):
    from inbox.models import Case

    case = make_case(slug, language=language, service_title=service, complaint_type=complaint_type,
                     submitted_at=at(received))  # fmt: skip
    changes = {"due_date": due, "answered_at": at(answered) if answered else None}
    if status:
        changes["status"] = status
    Case.objects.filter(pk=case.pk).update(**changes)
    return case


def survey(received, overall, *, service="", status=None):
    from inbox.models import Case

    case = make_case("satisfaction-survey", data={"overall": overall, "speed": 3, "staff": 3},
                     service_title=service, submitted_at=at(received))  # fmt: skip
    if status:
        Case.objects.filter(pk=case.pk).update(status=status)
    return case


@pytest.fixture
def known_set(site_pages):
    from inbox.models import AnonymisedCase

    d = datetime.date
    request("help-request", d(2026, 3, 2), d(2026, 3, 16), answered=d(2026, 3, 12), status="accepted", service="A")
    request("help-request", d(2026, 3, 5), d(2026, 3, 19), answered=d(2026, 3, 25), status="rejected", service="A",
            language="en")  # fmt: skip
    request("help-request", d(2026, 4, 1), d(2026, 4, 15), status="verification")
    request("complaints", d(2026, 4, 10), d(2026, 4, 24), answered=d(2026, 4, 11), status="answered",
            complaint_type="suggestion")  # fmt: skip
    request("complaints", d(2026, 4, 20), d(2026, 5, 4), status="in_progress", language="en",
            complaint_type="complaint")  # fmt: skip
    request("volunteer", d(2026, 4, 28), d(2026, 5, 12), status="screening")
    request("help-request", d(2026, 3, 10), d(2026, 3, 24), status="spam")  # not a request
    request("help-request", d(2026, 2, 27), d(2026, 3, 13), status="received")  # before the period
    request("help-request", d(2026, 3, 20), d(2026, 4, 3), status="withdrawn")  # the clock stopped
    page_key = uuid.uuid4()
    AnonymisedCase.objects.create(
        kind="help_request", form_key=page_key, form_title="طلب مساعدة", service_title="A", language="ar",
        final_status="closed", received_at=at(d(2026, 4, 5)), due_date=d(2026, 4, 19), answered_at=at(d(2026, 4, 9)),
    )  # fmt: skip
    survey(d(2026, 3, 15), 5, service="A")
    survey(d(2026, 3, 20), 3, service="A")
    survey(d(2026, 4, 2), 4)
    survey(d(2026, 5, 2), 1)  # after the period
    survey(d(2026, 3, 21), 1, status="spam")
    AnonymisedCase.objects.create(
        kind="survey", form_key=page_key, form_title="قياس", service_title="A", language="ar", final_status="recorded",
        received_at=at(d(2026, 4, 8)), due_date=d(2026, 4, 8), satisfaction=2,
    )  # fmt: skip


def tables(calendar="gregorian", first="2026-03", last="2026-04", language="en"):
    from django.utils import translation

    from core.reports import PeriodForm
    from followup import reports

    form = PeriodForm({"calendar": calendar, "first": first, "last": last})
    assert form.is_valid(), form.errors
    with translation.override(language):
        period = form.cleaned_data
        built = reports.build_report(association().site, period["start"], period["end"], calendar, language, TODAY)
    return {table["id"]: table for table in built}


def rows_of(table):
    return {row[0]: row[1:] for row in table["rows"]}


def test_every_figure_equals_a_recount(known_set):
    report = tables()
    # received, on time, late, overdue, average days, median days
    assert rows_of(report["total"]) == {"All": [8, 3, 1, 2, 8.8, 7.0]}
    assert rows_of(report["by_month"]) == {"March 2026": [3, 1, 1, 0, 15.0, 15.0], "April 2026": [5, 2, 0, 2, 2.5, 2.5]}
    assert rows_of(report["by_kind"]) == {
        "Complaints and suggestions": [2, 1, 0, 1, 1.0, 1.0],
        "Help request": [5, 2, 1, 1, 11.3, 10.0],
        "Volunteer application": [1, 0, 0, 0, None, None],
    }
    assert rows_of(report["by_service"]) == {"A": [3, 2, 1, 0, 11.3, 10.0], "No service": [5, 1, 0, 2, 1.0, 1.0]}
    assert rows_of(report["by_language"]) == {"Arabic": [6, 3, 0, 1, 5.0, 4.0], "English": [2, 0, 1, 1, 20.0, 20.0]}
    # answers, average, rated 1..5
    assert rows_of(report["satisfaction_distribution"]) == {"1": [0], "2": [1], "3": [1], "4": [1], "5": [1]}
    assert rows_of(report["satisfaction_by_service"]) == {
        "A": [3, 3.33, 0, 1, 1, 0, 1],
        "No service": [1, 4.0, 0, 0, 0, 1, 0],
    }
    assert rows_of(report["satisfaction_by_month"]) == {"March 2026": [2, 4.0, 0, 0, 1, 0, 1],
                                                        "April 2026": [2, 3.0, 0, 1, 0, 1, 0]}  # fmt: skip
    assert rows_of(report["complaint_types"]) == {"Complaint": [1], "Suggestion": [1]}


def test_hijri_months_recount_the_same_rows(known_set):
    from core.calendars import gregorian_to_hijri

    # Ramadan to Dhu al-Qadah 1447: 18 February to 17 May 2026, so the February request is in.
    report = tables("hijri", "1447-09", "1447-11")
    assert rows_of(report["total"])["All"][0] == 9
    received = [datetime.date(2026, 3, 2), datetime.date(2026, 3, 5), datetime.date(2026, 4, 1),
                datetime.date(2026, 4, 10), datetime.date(2026, 4, 20), datetime.date(2026, 4, 28),
                datetime.date(2026, 2, 27), datetime.date(2026, 3, 20), datetime.date(2026, 4, 5)]  # fmt: skip
    by_month = {}
    for day in received:
        by_month[gregorian_to_hijri(day)[:7]] = by_month.get(gregorian_to_hijri(day)[:7], 0) + 1
    counted = [row[1] for row in report["by_month"]["rows"]]
    assert counted == [by_month[key] for key in sorted(by_month)]
    assert all(label.endswith("AH") for label in rows_of(report["by_month"]))
    arabic = tables("hijri", "١٤٤٧-٠٩", "١٤٤٧-١١", language="ar")  # typed in Arabic-Indic digits
    assert [row[1] for row in arabic["by_month"]["rows"]] == counted
    assert all(label.endswith("هـ") for label in rows_of(arabic["by_month"]))


def test_bad_periods_are_explained():
    from core.reports import PeriodForm

    for first, last in [("2026-13", "2026-12"), ("2026-05", "2026-01"), ("soon", "2026-01")]:
        form = PeriodForm({"calendar": "gregorian", "first": first, "last": last})
        assert not form.is_valid() and form.non_field_errors()


URL = "/admin/followup/report/?calendar=gregorian&first=2026-03&last=2026-04"


@pytest.mark.parametrize(
    "group,allowed",
    [
        ("Beneficiary relations", True),
        ("Administrators", True),
        ("Social researchers", False),
        ("Research committee", False),
        ("Editors", False),
        ("Moderators", False),
    ],  # fmt: skip
)
def test_only_beneficiary_relations_and_administrators_read_the_report(
    client, django_user_model, site_pages, group, allowed
):
    sign_in_member(client, django_user_model, group)
    response = client.get(URL)
    assert (response.status_code == 200) == allowed, response.status_code
    menu = client.get("/admin/").content.decode()
    assert ("/admin/followup/report/" in menu) == allowed


def test_the_page_draws_each_chart_from_a_json_block_with_the_same_figures_as_its_table_and_csv(
    client, django_user_model, known_set, settings
):
    import json
    import re

    sign_in_member(client, django_user_model, "Beneficiary relations")
    response = client.get(URL + "&x=1", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "core/reports/vendor/chart.umd.min.js" in body and "core/reports/report.js" in body
    assert "cdn" not in body.lower().replace("cdnjs", "cdn")  # nothing from elsewhere
    charts = json.loads(re.search(r'<script id="report-charts" type="application/json">(.*?)</script>', body, re.S)
                        .group(1))  # fmt: skip
    by_month = next(chart for chart in charts if chart["id"] == "by_month")
    assert by_month["series"][0]["data"] == [3, 5]  # received, as in the table
    assert 'data-table="by_month"' in body and '<th scope="row">' in body
    download = client.get(URL + "&csv=by_month")
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [line[1] for line in lines[1:]] == ["3", "5"]


def test_in_arabic_the_charts_are_told_to_read_right_to_left(client, django_user_model, known_set):
    import json
    import re

    user = sign_in_member(client, django_user_model, "Beneficiary relations")
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save()
    body = client.get(URL).content.decode()
    options = json.loads(re.search(r'id="report-chart-options" type="application/json">(.*?)</script>', body).group(1))
    assert options == {"rtl": True, "language": "ar"}
    script = (Path(__file__).resolve().parents[2] / "core/static/core/reports/report.js").read_text()
    for needed in ("rtl: rtl", "textDirection", "reverse: rtl", 'position: rtl ? "right"'):
        assert needed in script


def test_chart_js_is_committed_with_its_licence():
    folder = Path(__file__).resolve().parents[2] / "core/static/core/reports/vendor"
    assert (folder / "chart.umd.min.js").read_text()[:200].count("Chart.js v4.")
    assert (
        "MIT" in (folder / "chart.js.LICENSE.md").read_text()
        or "Permission is hereby granted" in (folder / "chart.js.LICENSE.md").read_text()
    )
