"""Exports of the inbox listing as CSV or XLSX, for the roles allowed to export.

Only the rows the person may see are written, whatever queryset the caller
hands in. When every row comes from one form, that form's questions follow
the fixed columns: one header row, each question headed by its label in the
staff member's language and its field key in brackets, e.g.
"Family size [family_size]" (one header row keeps Excel's filters and
pandas' `read_csv` working; the key keeps the column machine-readable).

Files open well in Excel: CSV starts with a UTF-8 byte order mark, an Arabic
export's sheet reads right to left. Every text cell that begins with = + - @,
a tab or a carriage return is prefixed with a single quote, in both formats,
so no answer is ever taken for a formula (and XLSX cells are written as
strings besides). Rows are read with `.iterator()`, never all at once.
"""

import csv
import datetime
import decimal
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from core import bidi
from core.localization import default_locale_id
from core.spreadsheets import neutralise
from forms.builder import NUMBER_MAX_DIGITS, split_choices
from forms.kinds import FILE_TYPES, Channel, FieldType, FormKind
from forms.models import Attachment, FormField
from inbox import audit, roles, services
from inbox.lifecycle import Status
from inbox.models import Case

FORMATS = ("csv", "xlsx")
CHUNK = 2000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Question:
    """One of the form's questions as a column: its key, its label in the staff member's language."""

    def __init__(self, key, label, field_type, choice_labels):
        self.key = key
        self.label = label
        self.field_type = field_type
        self.choice_labels = choice_labels  # stored (source) value -> label in this language
        self.yes_no = {True: _("Yes"), False: _("No")}

    @property
    def heading(self):
        return f"{self.label} [{self.key}]"

    def value(self, submission):
        if self.field_type in FILE_TYPES:
            names = [a.original_name for a in submission.attachments.all() if a.field_key == self.key]
            return ", ".join(names)
        answer = submission.data.get(self.key)
        if answer is None:
            return ""
        if isinstance(answer, dict):  # a date typed in either calendar
            return answer.get("gregorian") or answer.get("hijri") or ""
        if isinstance(answer, list):
            return ", ".join(str(self.choice_labels.get(item, item)) for item in answer)
        if isinstance(answer, bool):
            return self.yes_no[answer]
        if self.field_type in (FieldType.NUMBER, FieldType.RATING):
            try:
                number = decimal.Decimal(str(answer))
            except decimal.InvalidOperation:
                return str(answer)
            # Answers stored before numbers were bounded ("1E+999999999") stay text, never a huge integer.
            if not number.is_finite() or abs(number.adjusted()) > NUMBER_MAX_DIGITS:
                return str(answer)
            return int(number) if number == number.to_integral_value() else float(number)
        return self.choice_labels.get(answer, answer) if isinstance(answer, str) else answer


def form_questions(form_key, language) -> list[Question]:
    """The form's questions in its order, labelled in `language` (the source language where untranslated)."""
    fields = list(
        FormField.objects.filter(page__translation_key=form_key).select_related("locale").order_by("sort_order", "pk")
    )
    source = [field for field in fields if field.locale_id == default_locale_id()] or fields
    translated = {field.translation_key: field for field in fields if field.locale.language_code == language}
    questions, seen = [], set()
    for field in source:
        if field.key in seen:
            continue
        seen.add(field.key)
        shown = translated.get(field.translation_key, field)
        values, labels = split_choices(field.choices), split_choices(shown.choices)
        choice_labels = dict(zip(values, labels, strict=True)) if len(values) == len(labels) else {}
        questions.append(Question(field.key, shown.label, field.field_type, choice_labels))
    return questions


def fixed_columns():
    """(heading, value of a case) for the columns every export has, in the active language.

    Every label is turned into text here, once: a streamed CSV writes its rows
    after the view returned, when another language may be active.
    """
    languages = {code: str(name) for code, name in settings.LANGUAGES}
    kinds = {value: str(label) for value, label in FormKind.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    yes = _("Yes")

    def assignee(case):
        user = case.assignee
        return (user.get_full_name() or user.get_username()) if user else ""

    return [
        (_("Reference"), lambda case: case.submission.reference),
        (_("Kind"), lambda case: kinds.get(case.submission.kind, case.submission.kind)),
        (_("Form"), lambda case: case.submission.form_title),
        (_("Service"), lambda case: case.submission.service_title),
        (_("Language"), lambda case: languages.get(case.submission.language, case.submission.language)),
        (_("Channel"), lambda case: channels.get(case.submission.channel, case.submission.channel)),
        (_("Status"), lambda case: statuses.get(case.status, case.status)),
        (_("Assigned to"), assignee),
        (_("Received"), lambda case: timezone.localtime(case.submission.submitted_at).replace(tzinfo=None)),
        (_("Due"), lambda case: case.due_date),
        (_("Overdue"), lambda case: yes if case.is_overdue else ""),
        (_("Applicant"), lambda case: case.submission.applicant_name),
        (_("Mobile"), lambda case: case.submission.applicant_mobile),
    ]


def _single_form_key(queryset):
    keys = list(queryset.order_by().values_list("submission__form_key", flat=True).distinct()[:2])
    return keys[0] if len(keys) == 1 else None


def rows(queryset, language):
    """The header row, then one row per case; values as Python objects (dates stay dates).

    The headings and labels are worked out now; the rows are read as they are written.
    """
    columns = fixed_columns()
    form_key = _single_form_key(queryset)
    questions = form_questions(form_key, language) if form_key else []
    header = [heading for heading, _value in columns] + [question.heading for question in questions]
    queryset = queryset.select_related("submission", "assignee")
    if any(question.field_type in FILE_TYPES for question in questions):
        only = Attachment.objects.only("pk", "submission_id", "field_key", "original_name")
        queryset = queryset.prefetch_related(Prefetch("submission__attachments", queryset=only))

    def body():
        for case in queryset.iterator(chunk_size=CHUNK):
            yield [value(case) for _heading, value in columns] + [q.value(case.submission) for q in questions]

    return header, body()


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value)) if isinstance(value, str) else value


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer's output."""

    def write(self, value):
        return value


def _csv_response(table, filename):
    writer = csv.writer(_Echo())

    header, body = table

    def lines():
        yield "\ufeff" + writer.writerow([_csv_text(value) for value in header])
        for row in body:
            yield writer.writerow([_csv_text(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_response(table, filename, right_to_left):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Requests")[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"

    def cell(value):
        if isinstance(value, str):
            written = WriteOnlyCell(sheet, value=neutralise(value))
            written.data_type = "s"  # never a formula, whatever the text
            if right_to_left and bidi.reads_left_to_right(written.value):
                # A reference or a mobile in a right-to-left sheet: read left to right ("+966…", not "…966+").
                written.alignment = Alignment(readingOrder=1)
            return written
        if isinstance(value, datetime.datetime):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = "yyyy-mm-dd hh:mm"
            return written
        if isinstance(value, datetime.date):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = "yyyy-mm-dd"
            return written
        return value

    header, body = table
    sheet.append([cell(value) for value in header])
    for row in body:
        sheet.append([cell(value) for value in row])
    # Spooled: small exports stay in memory, large ones go to a temporary file.
    output = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    response = FileResponse(output, as_attachment=True, filename=f"{filename}.xlsx")
    response["Content-Type"] = CONTENT_TYPES["xlsx"]
    return response


def logged_filters(params) -> dict:
    """The listing's filters as the audit log keeps them: a free-text search only as "searched"
    (it may be a name or a mobile number)."""
    kept = {}
    for name in sorted(params):
        if name in ("format", "p"):
            continue
        values = [value for value in params.getlist(name) if value]
        if not values:
            continue
        if name in ("q", "search"):
            kept[name] = "…"
        else:
            kept[name] = values if len(values) > 1 else values[0]
    return kept


def export_response(request, queryset, fmt):
    """The rows of `queryset` this person may see, as a CSV or XLSX download; the export is logged."""
    user = request.user
    if not roles.can_export(user):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if queryset.model is not Case:
        raise TypeError("export_response() takes a queryset of inbox.Case")
    queryset = services.visible_cases(user, queryset)
    language = translation.get_language() or settings.LANGUAGE_CODE
    count = queryset.count()
    audit.record("inbox.export", user=user, format=fmt, rows=count, filters=logged_filters(request.GET))
    filename = f"requests-{timezone.localdate():%Y-%m-%d}"
    table = rows(queryset, language)
    if fmt == "csv":
        return _csv_response(table, filename)
    return _xlsx_response(table, filename, right_to_left=translation.get_language_bidi())
