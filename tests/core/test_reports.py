"""The pieces every report shares (core.reports): tables, their charts and their CSV."""

import csv
import io

from core import reports


def sample_table():
    columns = [("received", "Received"), ("late", "Answered late")]
    rows = [["=HYPERLINK(1)", 3, None], ["خدمة", 1, 0]]
    return reports.table(
        "by_service", "Requests by service", "Service", columns, rows, chart={"type": "bar", "series": ["late"]}
    )


def test_a_table_keeps_its_columns_keys_and_rows():
    table = sample_table()
    assert table["columns"] == ["Received", "Answered late"] and table["keys"] == ["received", "late"]
    assert table["group"] == "Service" and len(table["rows"]) == 2


def test_a_chart_is_drawn_from_the_columns_it_names():
    (chart,) = reports.charts([sample_table(), reports.table("plain", "No chart", "Group", [], [])])
    assert chart["labels"] == ["=HYPERLINK(1)", "خدمة"]
    assert chart["series"] == [{"label": "Answered late", "data": [None, 0]}]


def test_the_csv_of_a_table_is_safe_to_open_in_a_spreadsheet():
    response = reports.csv_response(sample_table())
    assert response["Content-Disposition"] == 'attachment; filename="by_service.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Arabic as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Service", "Received", "Answered late"]
    assert rows[1] == ["'=HYPERLINK(1)", "3", ""]
    assert rows[2] == ["خدمة", "1", "0"]


def test_a_period_of_hijri_months_typed_in_arabic_indic_digits():
    form = reports.PeriodForm({"calendar": "hijri", "first": "١٤٤٧-٠٩", "last": "١٤٤٧-٠٩"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["end"] - form.cleaned_data["start"]).days in (29, 30)
