"""Exports of the listing: permitted roles and rows only, Excel-friendly, no live formulas, recorded."""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from core import spreadsheets
from inbox import exports
from inbox.models import Case
from scripts.signin import sign_in
from tests.support.inbox import csv_rows, export, file_help_request, make_case

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tlead", "\rlead"]


def test_only_roles_allowed_to_export(staff):
    for name in ("researcher", "committee", "editor", "moderator"):
        with pytest.raises(PermissionDenied):
            export(staff[name])


def test_one_forms_export_has_its_questions_labelled_in_the_staff_language(client, site_pages, staff):
    case = file_help_request(client)
    header, row = csv_rows(export(staff["relations"])[1])
    assert "الاسم الرباعي [full_name]" in header
    assert "المستندات [documents]" in header
    values = dict(zip(header, row, strict=True))
    assert values[header[0]] == case.submission.reference
    assert values["الاسم الرباعي [full_name]"] == "سارة محمد عبدالله العتيبي"
    assert values["المستندات [documents]"] == "id-copy.pdf, scan.png"
    assert values["عدد أفراد الأسرة [family_size]"] == "5"
    # The mobile starts with "+": neutralised like any other cell.
    assert values[header[12]] == "'+966505550123"

    english_header, english_row = csv_rows(export(staff["relations"], language="en")[1])
    assert english_header[:13] == [
        "Reference", "Kind", "Form", "Service", "Language", "Channel", "Status", "Assigned to", "Received", "Due",
        "Overdue", "Applicant", "Mobile",
    ]  # fmt: skip
    assert "Full name [full_name]" in english_header
    english = dict(zip(english_header, english_row, strict=True))
    assert english["Status"] == "Received" and english["Kind"] == "Help request"


def test_several_forms_give_the_fixed_columns_only(client, site_pages, staff):
    file_help_request(client)
    make_case("complaints", data={"details": "x"})
    header, *rows = csv_rows(export(staff["relations"], language="en")[1])
    assert len(header) == 13 and len(rows) == 2


def test_every_cell_that_could_be_a_formula_is_neutralised(site_pages, staff):
    for text in DANGEROUS:
        make_case(applicant_name=text, data={"full_name": text, "needs": text})
    header, *rows = csv_rows(export(staff["relations"], language="en")[1])
    names = {row[header.index("Applicant")] for row in rows}
    assert names == {"'" + text for text in DANGEROUS}
    column = next(index for index, heading in enumerate(header) if heading.endswith("[needs]"))
    needs = {row[column] for row in rows}
    assert needs == names

    _response, content = export(staff["relations"], "xlsx", language="en")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    starts = spreadsheets.DANGEROUS_STARTS
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(starts)]
    # XML reads a carriage return back as a line feed.
    assert {"'" + text.replace("\r", "\n") for text in DANGEROUS} <= {cell.value for cell in cells}


def test_neutralise_covers_each_dangerous_start_and_nothing_else():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheets.neutralise(start + "1") == "'" + start + "1"
    assert spreadsheets.neutralise("سارة") == "سارة"
    assert spreadsheets.neutralise("a=b") == "a=b"
    assert spreadsheets.neutralise(-5) == -5


def test_xlsx_reads_right_to_left_in_arabic_only(client, site_pages, staff):
    file_help_request(client)
    response, content = export(staff["relations"], "xlsx", language="ar")
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    assert 'filename="requests-' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.cell(row=2, column=13).value == "'+966505550123"
    assert sheet.cell(row=2, column=9).is_date
    _response, content = export(staff["relations"], "xlsx", language="en")
    assert not openpyxl.load_workbook(io.BytesIO(content)).active.sheet_view.rightToLeft


def test_only_rows_the_person_may_see_whatever_queryset_is_given(site_pages, staff, django_user_model):
    from django.contrib.auth.models import Permission

    researcher = staff["researcher"]
    researcher.user_permissions.add(Permission.objects.get(codename="export_case"))
    researcher = django_user_model.objects.get(pk=researcher.pk)  # fresh permission cache
    mine = make_case(applicant_name="mine")
    make_case(applicant_name="not mine")
    Case.objects.filter(pk=mine.pk).update(assignee=researcher)
    header, *rows = csv_rows(export(researcher, queryset=Case.objects.all(), language="en")[1])
    assert [row[header.index("Applicant")] for row in rows] == ["mine"]


def test_queries_do_not_grow_with_rows(client, site_pages, staff, django_assert_max_num_queries):
    file_help_request(client)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        export(staff["relations"], "csv")
    for _ in range(5):
        file_help_request(client)
    with CaptureQueriesContext(connection) as many:
        export(staff["relations"], "csv")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_export_is_recorded_without_personal_data(client, site_pages, staff):
    file_help_request(client)
    export(staff["relations"], "xlsx", query="?status=received&q=0505550123&format=xlsx")
    entry = ModelLogEntry.objects.get(action="inbox.export")
    assert entry.user == staff["relations"]
    assert entry.data == {"format": "xlsx", "rows": 1, "filters": {"q": "…", "status": "received"}}
    text = json.dumps(entry.data) + entry.label
    for secret in ("0505550123", "+966505550123", "1000000008", "سارة"):
        assert secret not in text


def test_export_view_answers_permitted_staff_and_refuses_others(client, site_pages, staff):
    from django.urls import reverse

    file_help_request(client)
    url = reverse("inbox:export")
    sign_in(client, staff["relations"])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf")
    assert client.get(url, {"format": "pdf"}).status_code == 400
    sign_in(client, staff["editor"])
    assert client.get(url, {"format": "csv"}).status_code in (302, 403)
    sign_in(client, staff["researcher"])
    assert client.get(url, {"format": "csv"}).status_code == 403
