"""The report on research and the committee (view_committee_reports: beneficiary relations, the committee's members
and secretary, administrators), built on core.reports as the other reports are.

For a period (months of either calendar), by month:
- the days from a help request's arrival to its referral to research (its first research task opened, or its first
  move to research, whichever came first) and to its decision (its first move to accepted or rejected), each counted
  in the month it happened: how many, the average and the median;
- the decisions of each session closed in the period (accepted, rejected, deferred, and the requests decided by
  circulation recorded with it), and the same by month;
- appeals, in the month they were received, with what became of them since: accepted on appeal, rejected again,
  ended without a decision (withdrawn), still open;
- complaints escalated to the supervisors and to the executive director, and, in the month a complaint was first
  escalated, whether it was answered since.

Every figure is worked out here in Python from the raw rows of the association's records in the period (a few
queries, however many rows), so a test can recount them. Figures only, no personal data: each table as CSV, or
all of them as one XLSX workbook, with spreadsheet-safe cells.
"""

import statistics
from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from committee.agenda import cases_of_site
from committee.models import Circulation, CirculationStatus, CommitteeSession, Decision, Outcome, SessionStatus
from committee.permissions import site_of
from core import calendars
from core.arabic import to_arabic_indic_digits
from core.reports import PeriodForm, day_bounds, default_period, export_or_page, month_key, month_label, table
from inbox.lifecycle import Status
from inbox.models import Appeal, CaseEvent, Escalation
from research.models import ResearchTask

READ = "committee.view_committee_reports"
DECIDED = (Status.ACCEPTED, Status.REJECTED)


def may_read_reports(user) -> bool:
    return user.has_perm(READ)


def within(moment, low, high) -> bool:
    return moment is not None and low <= moment < high


def days_between(earlier, later) -> float:
    return (later - earlier).total_seconds() / 86400


# --- the raw rows -------------------------------------------------------------------------------------------------
def request_rows(site, start, end) -> list[dict]:
    """The association's help requests referred to research or decided in [start, end): each with when it arrived,
    was first referred and was first decided (up to the period's end). Three queries."""
    low, high = day_bounds(start, end)
    moves = CaseEvent.objects.filter(kind=CaseEvent.Kind.MOVE, to_status__in=[Status.RESEARCH, *DECIDED])
    touched = cases_of_site(site).filter(
        Q(pk__in=moves.filter(created_at__gte=low, created_at__lt=high).values("case_id"))
        | Q(pk__in=ResearchTask.objects.filter(opened_at__gte=low, opened_at__lt=high).values("case_id"))
    )
    rows = {
        pk: {"arrived": arrived, "referred": None, "decided": None}
        for pk, arrived in touched.values_list("pk", "submission__submitted_at")
    }

    def first(row, key, moment):
        if row[key] is None or moment < row[key]:
            row[key] = moment

    for case_id, to_status, moment in moves.filter(case__in=touched, created_at__lt=high).values_list(
        "case_id", "to_status", "created_at"
    ):
        first(rows[case_id], "referred" if to_status == Status.RESEARCH else "decided", moment)
    for case_id, opened in ResearchTask.objects.filter(case__in=touched, opened_at__lt=high).values_list(
        "case_id", "opened_at"
    ):
        first(rows[case_id], "referred", opened)
    return list(rows.values())


def session_rows(site, start, end) -> list[dict]:
    """The association's sessions closed in [start, end), in the order they were held, with their decisions counted
    by outcome and the requests decided by circulation recorded with them. Two queries (and circulation's)."""
    low, high = day_bounds(start, end)
    closed = CommitteeSession.objects.filter(
        site=site, status=SessionStatus.CLOSED, closed_at__gte=low, closed_at__lt=high
    ).order_by("date", "year", "number", "pk")
    rows = list(closed.values("pk", "year", "number", "date", "closed_at"))
    outcomes = defaultdict(Counter)
    for session_id, outcome in Decision.objects.filter(item__session__in=closed).values_list(
        "item__session_id", "outcome"
    ):
        outcomes[session_id][outcome] += 1
    circulated = circulated_by_session(site, closed)
    for row in rows:
        counted = outcomes[row["pk"]]
        row.update(
            accepted=counted[Outcome.ACCEPT], rejected=counted[Outcome.REJECT], deferred=counted[Outcome.DEFER],
            circulated=circulated.get(row["pk"], 0),
        )  # fmt: skip
    return rows


def circulated_by_session(site, sessions) -> dict[int, int]:
    """{session pk: how many requests were decided by circulation between sessions and recorded with that session's
    minutes}. One query over `sessions`."""
    counted = (
        Circulation.objects.filter(recorded_with__in=sessions, status=CirculationStatus.DECIDED)
        .values("recorded_with")
        .annotate(count=Count("pk"))
    )
    return {row["recorded_with"]: row["count"] for row in counted}


def appeal_rows(site, start, end) -> list[dict]:
    """The association's appeals received in [start, end), with their outcome so far. One query."""
    low, high = day_bounds(start, end)
    return [
        {"submitted": submitted, "outcome": outcome, "decided": decided}
        for submitted, outcome, decided in Appeal.objects.for_site(site)
        .filter(submitted_at__gte=low, submitted_at__lt=high)
        .values_list("submitted_at", "outcome", "decided_at")
    ]


def escalation_rows(site, start, end) -> list[dict]:
    """The association's complaints escalated in [start, end): when each reached each level (up to the period's
    end), when it was first escalated, and when it was answered. One query."""
    low, high = day_bounds(start, end)
    escalated = Escalation.objects.filter(site=site, escalated_at__gte=low, escalated_at__lt=high)
    complaints = defaultdict(lambda: {"levels": {}, "answered": None})
    for case_id, level, moment, answered in Escalation.objects.filter(
        site=site, case__in=escalated.values("case_id"), escalated_at__lt=high
    ).values_list("case_id", "level", "escalated_at", "case__answered_at"):
        complaints[case_id]["levels"][level] = moment
        complaints[case_id]["answered"] = answered
    for row in complaints.values():
        row["first"] = min(row["levels"].values())
    return list(complaints.values())


# --- the figures --------------------------------------------------------------------------------------------------
def average(values):
    return round(statistics.fmean(values), 1) if values else None


def median(values):
    return round(statistics.median(values), 1) if values else None


TIME_COLUMNS = [
    ("referred", _("Referred to research")),
    ("research_average", _("Average days to research")),
    ("research_median", _("Median days to research")),
    ("decided", _("Requests decided")),
    ("decision_average", _("Average days to a decision")),
    ("decision_median", _("Median days to a decision")),
]
SESSION_COLUMNS = [
    ("accepted", _("Requests accepted")),
    ("rejected", _("Requests rejected")),
    ("deferred", _("Requests deferred")),
    ("circulated", _("Requests decided by circulation")),
]
APPEAL_COLUMNS = [
    ("received", _("Appeals received")),
    ("decided", _("Appeals decided")),
    ("accepted", _("Accepted on appeal")),
    ("rejected", _("Rejected again")),
    ("ended", _("Ended without a decision")),
    ("open", _("Still open")),
]
ESCALATION_COLUMNS = [
    ("supervisors", _("To the supervisors")),
    ("director", _("To the executive director")),
    ("answered", _("Answered after escalation")),
    ("unanswered", _("Not answered yet")),
]


def time_figures(to_research, to_decision) -> dict:
    """From lists of days: how many, the average and the median, to research and to a decision."""
    return {
        "referred": len(to_research), "research_average": average(to_research), "research_median": median(to_research),
        "decided": len(to_decision), "decision_average": average(to_decision), "decision_median": median(to_decision),
    }  # fmt: skip


def appeal_figures(rows) -> dict:
    outcomes = Counter(row["outcome"] for row in rows if row["decided"] is not None)
    decided = sum(outcomes.values())
    return {
        "received": len(rows), "decided": decided, "accepted": outcomes[Status.ACCEPTED],
        "rejected": outcomes[Status.REJECTED],
        "ended": decided - outcomes[Status.ACCEPTED] - outcomes[Status.REJECTED], "open": len(rows) - decided,
    }  # fmt: skip


# --- the tables ---------------------------------------------------------------------------------------------------
def in_columns(figures, columns) -> list:
    return [figures[key] for key, _label in columns]


def build_report(site, start, end, calendar, language) -> list[dict]:
    """The period's tables: each {id, title, group label, columns, rows, chart}."""
    low, high = day_bounds(start, end)
    month_of = lambda moment: month_key(calendar, timezone.localdate(moment))  # noqa: E731
    label_of = lambda key: month_label(calendar, key, language)  # noqa: E731

    # Days from arrival, each in the month of the referral or of the decision.
    to_research, to_decision = defaultdict(list), defaultdict(list)
    for row in request_rows(site, start, end):
        if within(row["referred"], low, high):
            to_research[month_of(row["referred"])].append(days_between(row["arrived"], row["referred"]))
        if within(row["decided"], low, high):
            to_decision[month_of(row["decided"])].append(days_between(row["arrived"], row["decided"]))
    every = lambda groups: [days for values in groups.values() for days in values]  # noqa: E731
    total = time_figures(every(to_research), every(to_decision))
    months = sorted({*to_research, *to_decision})
    time_rows = [[label_of(key), *in_columns(time_figures(to_research[key], to_decision[key]), TIME_COLUMNS)]
                 for key in months]  # fmt: skip

    sessions = session_rows(site, start, end)
    session_table_rows = [
        [session_label(row, language), session_date(row["date"], calendar, language),
         *in_columns(row, SESSION_COLUMNS)]
        for row in sessions
    ]  # fmt: skip
    by_month = defaultdict(Counter)
    for row in sessions:
        counted = by_month[month_of(row["closed_at"])]
        counted.update({"sessions": 1, **{c: row[c] for c, _l in SESSION_COLUMNS}})

    appeals = defaultdict(list)
    for row in appeal_rows(site, start, end):
        appeals[month_of(row["submitted"])].append(row)

    escalations = defaultdict(Counter)
    for row in escalation_rows(site, start, end):
        for level, key in ((Escalation.Level.SUPERVISOR, "supervisors"), (Escalation.Level.DIRECTOR, "director")):
            if within(row["levels"].get(level), low, high):
                escalations[month_of(row["levels"][level])][key] += 1
        if within(row["first"], low, high):
            answered = row["answered"] is not None and row["answered"] >= row["first"]
            unanswered = row["answered"] is None
            escalations[month_of(row["first"])].update(answered=int(answered), unanswered=int(unanswered))

    month_columns = [("sessions", _("Sessions")), *SESSION_COLUMNS]
    return [
        table("time_in_period", _("Days from arrival to research and to a decision"), _("Period"), TIME_COLUMNS,
              [[str(_("All")), *in_columns(total, TIME_COLUMNS)]]),
        table("time_by_month", _("Days from arrival to research and to a decision, by month"), _("Month"),
              TIME_COLUMNS, time_rows, {"type": "line", "series": ["research_average", "decision_average"]}),
        table("sessions", _("Decisions per session"), _("Session"), [("date", _("Date")), *SESSION_COLUMNS],
              session_table_rows, {"type": "bar", "series": ["accepted", "rejected", "deferred"]}),
        table("decisions_by_month", _("Decisions by month"), _("Month"), month_columns,
              [[label_of(key), *in_columns(by_month[key], month_columns)] for key in sorted(by_month)]),
        table("appeals_by_month", _("Appeals by the month they were received"), _("Month"), APPEAL_COLUMNS,
              [[label_of(key), *in_columns(appeal_figures(appeals[key]), APPEAL_COLUMNS)] for key in sorted(appeals)],
              {"type": "bar", "series": ["accepted", "rejected", "open"]}),
        table("escalations_by_month", _("Complaints escalated, by month"), _("Month"), ESCALATION_COLUMNS,
              [[label_of(key), *in_columns(escalations[key], ESCALATION_COLUMNS)] for key in sorted(escalations)],
              {"type": "bar", "series": ["supervisors", "director", "answered"]}),
    ]  # fmt: skip


def session_label(row, language) -> str:
    with translation.override(language):
        text = str(_("Session %(number)s of %(year)s") % {"number": row["number"], "year": row["year"]})
    return to_arabic_indic_digits(text) if language == "ar" else text


def session_date(day, calendar, language) -> str:
    if calendar == calendars.HIJRI:
        return calendars.hijri_display(day, language)
    return calendars.format_gregorian(day, language)


# --- the view -----------------------------------------------------------------------------------------------------
def report(request):
    if not may_read_reports(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET if "calendar" in request.GET else default_period())
    tables, period = [], None
    if form.is_valid():
        period = form.cleaned_data
        language = translation.get_language() or "ar"
        tables = build_report(site_of(request), period["start"], period["end"], period["calendar"], language)
    context = {"form": form, "period": period, "title": _("Research and the committee")}
    return export_or_page(request, tables, "research-and-committee", context, "committee/report.html")
