"""Reports for beneficiary relations and administrators: requests, answer times, satisfaction, complaint types.

Every figure is worked out here in Python from the raw rows of the chosen
period (requests still held, and the anonymous rows retention and erasure
leave behind), so a test can recount them; each table is drawn as a chart,
shown as an accessible table and downloadable as CSV, from one list of rows.
"""

import statistics
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.reports import (
    PeriodForm,
    day_bounds,
    default_period,
    export_or_page,
    grouped,
    month_key,
    month_label,
    table,
)
from forms.kinds import ComplaintType, FormKind
from forms.models import Submission
from inbox.lifecycle import CLOCK_STOPPED, Role, Status
from inbox.models import AnonymisedCase, Case
from inbox.retention import rating_key, satisfaction_of
from inbox.roles import roles_of
from organisation.associations import working_site

RATINGS = [1, 2, 3, 4, 5]


def may_read_reports(user) -> bool:
    """Beneficiary relations staff and administrators (both hold work_case)."""
    return Role.RELATIONS in roles_of(user)


# --- the raw rows -------------------------------------------------------------------------------------
def anonymised_of(site):
    """The anonymised rows of the association on `site` (the first association's also those kept before
    anonymised rows carried their association)."""
    mine = Q(site=site) | Q(site__isnull=True) if site.is_default_site else Q(site=site)
    return AnonymisedCase.objects.filter(mine)


def request_rows(site, start, end) -> list[dict]:
    """Every request the association on `site` received in [start, end): held ones and anonymised ones; no
    surveys, no spam."""
    low, high = day_bounds(start, end)
    rows = [
        {
            "kind": kind,
            "service": service or "",
            "language": language,
            "received_at": received,
            "due_date": due,
            "answered_at": answered,
            "status": status,
            "complaint_type": complaint_type or "",
        }  # fmt: skip
        for kind, service, language, received, due, answered, status, complaint_type in Case.objects.for_site(site)
        .filter(submission__submitted_at__gte=low, submission__submitted_at__lt=high)
        .exclude(submission__kind=FormKind.SURVEY)
        .exclude(status=Status.SPAM)
        .values_list(
            "submission__kind",
            "submission__service_title",
            "submission__language",
            "submission__submitted_at",
            "due_date",
            "answered_at",
            "status",
            "submission__complaint_type",
        )  # fmt: skip
    ]
    rows += [
        {
            "kind": kind,
            "service": service or "",
            "language": language,
            "received_at": received,
            "due_date": due,
            "answered_at": answered,
            "status": status,
            "complaint_type": "",
        }  # fmt: skip
        for kind, service, language, received, due, answered, status in anonymised_of(site)
        .filter(received_at__gte=low, received_at__lt=high)
        .exclude(kind=FormKind.SURVEY)
        .exclude(final_status=Status.SPAM)
        .values_list("kind", "service_title", "language", "received_at", "due_date", "answered_at", "final_status")
    ]
    return rows


def survey_rows(site, start, end) -> list[dict]:
    """Every satisfaction answer in [start, end) with its score (the survey's first rating question)."""
    low, high = day_bounds(start, end)
    keys: dict = {}
    rows = []
    for submission in (
        Submission.objects.for_site(site)
        .filter(kind=FormKind.SURVEY, submitted_at__gte=low, submitted_at__lt=high)
        .exclude(case__status=Status.SPAM)
        .only("pk", "form_page_id", "data", "service_title", "submitted_at")
    ):
        score = satisfaction_of(submission, rating_key(submission.form_page_id, keys))
        if score is not None:
            rows.append({"service": submission.service_title, "received_at": submission.submitted_at, "score": score})
    rows += [
        {"service": service or "", "received_at": received, "score": score}
        for service, received, score in anonymised_of(site).filter(
            kind=FormKind.SURVEY, received_at__gte=low, received_at__lt=high, satisfaction__isnull=False
        )
        .exclude(final_status=Status.SPAM)
        .values_list("service_title", "received_at", "satisfaction")
    ]
    return rows


# --- the figures ----------------------------------------------------------------------------------------
def days_to_answer(row) -> float | None:
    if row["answered_at"] is None:
        return None
    return (row["answered_at"] - row["received_at"]).total_seconds() / 86400


def request_figures(rows, today) -> dict:
    """received, answered on time, answered late, overdue, average and median days to a decision."""
    on_time = late = overdue = 0
    durations = []
    for row in rows:
        answered = row["answered_at"]
        if answered is not None:
            durations.append(days_to_answer(row))
            if timezone.localdate(answered) <= row["due_date"]:
                on_time += 1
            else:
                late += 1
        elif row["status"] not in CLOCK_STOPPED and row["due_date"] < today:
            overdue += 1
    return {
        "received": len(rows),
        "on_time": on_time,
        "late": late,
        "overdue": overdue,
        "average_days": round(statistics.fmean(durations), 1) if durations else None,
        "median_days": round(statistics.median(durations), 1) if durations else None,
    }


def satisfaction_figures(rows) -> dict:
    scores = [row["score"] for row in rows]
    counts = Counter(scores)
    return {
        "responses": len(scores),
        "average": round(statistics.fmean(scores), 2) if scores else None,
        **{f"rated_{rating}": counts.get(rating, 0) for rating in RATINGS},
    }


REQUEST_COLUMNS = [
    ("received", _("Received")),
    ("on_time", _("Answered on time")),
    ("late", _("Answered late")),
    ("overdue", _("Overdue")),
    ("average_days", _("Average days to a decision")),
    ("median_days", _("Median days to a decision")),
]
SATISFACTION_COLUMNS = [
    ("responses", _("Answers")),
    ("average", _("Average (1 to 5)")),
    *[(f"rated_{rating}", _("Rated %(rating)s") % {"rating": rating}) for rating in RATINGS],
]


def build_report(site, start, end, calendar, language, today=None) -> list[dict]:
    """The association's report tables: each {id, title, group label, columns, rows, chart}."""
    today = today or timezone.localdate()
    requests = request_rows(site, start, end)
    surveys = survey_rows(site, start, end)
    kinds = dict(FormKind.choices)
    months_of = lambda row: month_key(calendar, timezone.localdate(row["received_at"]))  # noqa: E731
    no_service = str(_("No service"))
    languages = {"ar": str(_("Arabic")), "en": str(_("English"))}

    def request_table(table_id, title, group_label, key, label=str, order=None):
        groups = grouped(requests, key)
        names = order if order is not None else sorted(groups)
        rows = [[label(name), *[request_figures(groups[name], today)[c] for c, _l in REQUEST_COLUMNS]]
                for name in names if name in groups]  # fmt: skip
        return table(table_id, title, group_label, REQUEST_COLUMNS, rows)

    total = request_figures(requests, today)
    tables = [
        table("total", _("All requests"), _("Period"), REQUEST_COLUMNS,
              [[str(_("All")), *[total[c] for c, _l in REQUEST_COLUMNS]]]),
        request_table("by_month", _("Requests by month"), _("Month"), months_of,
                      label=lambda key: month_label(calendar, key, language)),
        request_table("by_kind", _("Requests by kind"), _("Kind"), lambda row: row["kind"],
                      label=lambda kind: str(kinds.get(kind, kind))),
        request_table("by_service", _("Requests by service"), _("Service"), lambda row: row["service"] or no_service),
        request_table("by_language", _("Requests by language"), _("Language"), lambda row: row["language"],
                      label=lambda code: languages.get(code, code)),
    ]  # fmt: skip
    tables[1]["chart"] = {"type": "bar", "series": ["received", "on_time", "late", "overdue"]}

    by_service = grouped(surveys, lambda row: row["service"] or no_service)
    by_month = grouped(surveys, months_of)
    overall = satisfaction_figures(surveys)
    tables += [
        table("satisfaction_distribution", _("Satisfaction: how answers are spread"), _("Rating"),
              [("answers", _("Answers"))], [[str(r), overall[f"rated_{r}"]] for r in RATINGS],
              chart={"type": "bar", "series": ["answers"]}),
        table("satisfaction_by_service", _("Satisfaction by service"), _("Service"), SATISFACTION_COLUMNS,
              [[name, *[satisfaction_figures(by_service[name])[c] for c, _l in SATISFACTION_COLUMNS]]
               for name in sorted(by_service)]),
        table("satisfaction_by_month", _("Satisfaction by month"), _("Month"), SATISFACTION_COLUMNS,
              [[month_label(calendar, key, language),
                *[satisfaction_figures(by_month[key])[c] for c, _l in SATISFACTION_COLUMNS]]
               for key in sorted(by_month)],
              chart={"type": "line", "series": ["average"]}),
    ]  # fmt: skip
    complaint_types = Counter(row["complaint_type"] for row in requests if row["kind"] == FormKind.COMPLAINT)
    type_labels = dict(ComplaintType.choices)
    tables.append(
        table("complaint_types", _("Complaints and suggestions by type"), _("Type"), [("count", _("Messages"))],
              [[str(type_labels.get(value, _("Not recorded"))), complaint_types[value]]
               for value in [*ComplaintType.values, ""] if complaint_types.get(value)],
              chart={"type": "bar", "series": ["count"]})
    )  # fmt: skip
    return tables


# --- the views ----------------------------------------------------------------------------------------------
def report(request):
    if not may_read_reports(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET if "calendar" in request.GET else default_period())
    tables, period = [], None
    if form.is_valid():
        period = form.cleaned_data
        tables = build_report(
            working_site(request), period["start"], period["end"], period["calendar"], translation.get_language()
        )
    context = {"form": form, "period": period, "title": _("Requests and satisfaction")}
    return export_or_page(request, tables, "requests-and-satisfaction", context, "core/report_page.html")


urlpatterns = [path("report/", report, name="report")]
