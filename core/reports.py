"""What every report of the admin shares: the period (months of either calendar, or a whole year), grouping rows,
tables with their charts, and the CSV or XLSX of tables with spreadsheet-safe cells.

A report works out its figures in Python from the raw rows of the period (so a test can recount them) and
hands its tables to the template as plain lists: followup/reports.py (requests and satisfaction) is built on
this, and so are beneficiaries/reports.py (families served, deliveries) and committee/reports.py (research and the
committee), which answer through `export_or_page`. Nothing here knows what a request is.
"""

import csv
import datetime
import io
import re
from collections import defaultdict

from django import forms as django_forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from hijridate import Hijri
from openpyxl import Workbook

from core import calendars
from core.arabic import to_arabic_indic_digits, to_western_digits
from core.spreadsheets import neutralise

# --- the period -----------------------------------------------------------------------------------
MONTH = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{1,2})\s*$")
# Gregorian report years: 0001-01-01 at midnight in Riyadh is before the first UTC instant Python can hold.
GREGORIAN_YEARS = (1900, 2100)


def month_start(calendar, year, month) -> datetime.date:
    if calendar == calendars.HIJRI:
        return calendars.hijri_to_gregorian(year, month, 1)
    return datetime.date(year, month, 1)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_key(calendar, day: datetime.date) -> str:
    if calendar == calendars.HIJRI:
        return calendars.gregorian_to_hijri(day)[:7]
    return f"{day.year:04d}-{day.month:02d}"


def month_label(calendar, key: str, language: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    if calendar == calendars.HIJRI:
        name = Hijri(year, month, 1).month_name("ar" if language == "ar" else "en")
        text = f"{name} {year} هـ" if language == "ar" else f"{name} {year} AH"
    else:
        with translation.override(language):
            text = date_format(datetime.date(year, month, 1), "F Y")
    return to_arabic_indic_digits(text) if language == "ar" else text


def parse_month(text):
    match = MONTH.match(to_western_digits(text or ""))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 else None


class PeriodForm(django_forms.Form):
    calendar = django_forms.ChoiceField(label=_("Calendar"), choices=calendars.CALENDAR_CHOICES)
    first = django_forms.CharField(label=_("From month"), max_length=10, help_text=_("Year and month, e.g. 2026-01"))
    last = django_forms.CharField(label=_("To month"), max_length=10, help_text=_("Year and month, e.g. 2026-12"))

    def clean(self):
        cleaned = super().clean()
        calendar = cleaned.get("calendar")
        first, last = parse_month(cleaned.get("first")), parse_month(cleaned.get("last"))
        if calendar is None:
            return cleaned
        if first is None or last is None:
            raise django_forms.ValidationError(_("Enter each month as year-month, for example 2026-03 or 1447-09."))
        if first > last:
            raise django_forms.ValidationError(_("The first month must not come after the last."))
        low, high = GREGORIAN_YEARS
        if calendar == calendars.GREGORIAN and not (low <= first[0] and last[0] <= high):
            raise django_forms.ValidationError(_("These months are outside the calendar's range."))
        try:
            cleaned["start"] = month_start(calendar, *first)
            cleaned["end"] = month_start(calendar, *next_month(*last))  # exclusive
        except (calendars.InvalidDate, ValueError):
            raise django_forms.ValidationError(_("These months are outside the calendar's range.")) from None
        if (cleaned["end"] - cleaned["start"]).days > 366 * 5:
            raise django_forms.ValidationError(_("Choose a period of at most five years."))
        return cleaned


YEAR = re.compile(r"^\s*(\d{4})\s*$")
HIJRI_YEARS = (1343, 1499)  # hijridate's Umm al-Qura table ends within 1500 AH


class YearForm(django_forms.Form):
    """A whole year of either calendar (a yearly report, as the ministry asks for), typed in either digit set."""

    calendar = django_forms.ChoiceField(label=_("Calendar"), choices=calendars.CALENDAR_CHOICES)
    year = django_forms.CharField(label=_("Year"), max_length=6, help_text=_("For example 1447 or 2026"))

    def clean(self):
        cleaned = super().clean()
        calendar = cleaned.get("calendar")
        match = YEAR.match(to_western_digits(cleaned.get("year") or ""))
        if calendar is None:
            return cleaned
        if not match:
            raise django_forms.ValidationError(_("Enter the year as four digits, for example 1447 or 2026."))
        year = int(match.group(1))
        low, high = HIJRI_YEARS if calendar == calendars.HIJRI else GREGORIAN_YEARS
        if not low <= year <= high:
            raise django_forms.ValidationError(_("This year is outside the calendar's range."))
        cleaned["start"] = month_start(calendar, year, 1)
        cleaned["end"] = month_start(calendar, year + 1, 1)
        cleaned["number"] = year
        return cleaned


def default_year(today=None) -> dict:
    """The last full Hijri year."""
    today = today or timezone.localdate()
    return {"calendar": calendars.HIJRI, "year": str(int(month_key(calendars.HIJRI, today)[:4]) - 1)}


def default_period(today=None) -> dict:
    today = today or timezone.localdate()
    year, month = today.year, today.month
    first_year, first_month = (year - 1, month + 1) if month < 12 else (year, 1)
    return {"calendar": calendars.GREGORIAN, "first": f"{first_year:04d}-{first_month:02d}",
            "last": f"{year:04d}-{month:02d}"}  # fmt: skip


def day_bounds(start, end):
    """[start, end) as aware datetimes at midnight in the site's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=zone),
    )


# --- tables ---------------------------------------------------------------------------------------
def grouped(rows, key):
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def table(table_id, title, group_label, columns, rows, chart=None) -> dict:
    """One table of a report: {id, title, group label, column labels and keys, rows, chart}.

    `columns` is [(key, label)]; each row is [group name, *values in column order]; `chart` is None or
    {"type": "bar"|"line", "series": [column keys]}."""
    return {
        "id": table_id, "title": str(title), "group": str(group_label),
        "columns": [str(label) for _c, label in columns], "keys": [c for c, _l in columns], "rows": rows,
        "chart": chart,
    }  # fmt: skip


def charts(tables) -> list[dict]:
    """The charts' data, for the tables that have one (drawn by the report's script, each also a table)."""
    return [
        {
            "id": t["id"],
            "type": t["chart"]["type"],
            "title": t["title"],
            "labels": [row[0] for row in t["rows"]],
            "series": [
                {
                    "label": t["columns"][t["keys"].index(key)],
                    "data": [row[1 + t["keys"].index(key)] for row in t["rows"]],
                }
                for key in t["chart"]["series"]
            ],
        }  # fmt: skip
        for t in tables
        if t["chart"]
    ]


def csv_response(table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(table["group"]), *[neutralise(c) for c in table["columns"]]])
    for row in table["rows"]:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table["id"]}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(tables, filename, right_to_left=False) -> HttpResponse:
    """The tables as one workbook, a sheet each; text cells are always text (never a formula) and neutralised
    as in the CSV, so a city named "=HYPERLINK(...)" stays a name whatever opens the file."""
    book = Workbook()
    book.remove(book.active)
    used = set()
    for number, t in enumerate(tables, start=1):
        title = re.sub(r"[\[\]:*?/\\]", " ", t["title"])[:28].strip() or t["id"]
        if title in used:
            title = f"{title[:25]} {number}"
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.sheet_view.rightToLeft = right_to_left
        for row in [[t["group"], *t["columns"]], *t["rows"]]:
            sheet.append([None if value is None else neutralise(value) for value in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the page -------------------------------------------------------------------------------------
def export_or_page(request, tables, filename, context, template):
    """A report's answer: one table's CSV (`?csv=<table id>`), every table as one XLSX (`?xlsx=all`), or its page
    (`template`, extending core/report_page.html) with the tables, their charts and the query to export them."""
    wanted_csv, wanted_xlsx = request.GET.get("csv"), request.GET.get("xlsx")
    if wanted_csv:
        chosen = next((t for t in tables if t["id"] == wanted_csv), None)
        if chosen is not None:  # figures only, no personal data: not an audited export
            return csv_response(chosen)
    if wanted_xlsx:
        return xlsx_response(tables, filename, right_to_left=translation.get_language_bidi())
    query = request.GET.copy()
    query.pop("csv", None)
    query.pop("xlsx", None)
    language = translation.get_language()
    return TemplateResponse(
        request,
        template,
        {
            **context,
            "tables": tables,
            "charts": charts(tables),
            "query": query.urlencode(),
            "chart_options": {"rtl": translation.get_language_bidi(), "language": language},
        },
    )
