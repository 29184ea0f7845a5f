"""The report on research and the committee: every figure recounted here from the raw rows (the requests'
timelines and research tasks, the sessions' decisions, the appeals, the escalations), for months of either calendar
typed in either digit set; the association's own sessions only; CSV and XLSX with figures only; an empty and a bad
period; a constant number of queries; who may read it."""

import csv
import datetime
import io
import statistics
from collections import defaultdict

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from committee import closing, reports
from committee.factories import SessionFactory, decide
from committee.models import Circulation, CirculationStatus, CommitteeSession, Decision, Outcome, SessionStatus
from core import calendars
from core.arabic import to_arabic_indic_digits
from core.reports import day_bounds, month_key, month_label
from forms.kinds import FormKind
from forms.models import Submission
from home.factories import SiteFactory
from inbox import escalation, services
from inbox.appeals import applicant_appeal
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Appeal, Case, CaseEvent, Escalation
from organisation.factories import UserFactory
from research.factories import ResearchTaskFactory
from research.models import ResearchTask
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
REPORT = reverse("committee:report")
PERIOD = {"calendar": "gregorian", "first": "2025-01", "last": "2025-03"}
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)
RIYADH = timezone.get_fixed_timezone(180)


def at(month, day, hour=10):
    return datetime.datetime(2025, month, day, hour, tzinfo=RIYADH)


def arrived(case, moment):
    Submission.objects.filter(pk=case.pk).update(submitted_at=moment)


def moved(case, to_status, moment):
    CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MOVE, to_status=to_status).update(created_at=moment)


def close(session, secretary, moment):
    closing.close_session(session.pk, user=secretary, expected_version=session.version)
    CommitteeSession.objects.filter(pk=session.pk).update(closed_at=moment, date=moment.date())


@pytest.fixture
def activity(site_pages):
    """January to March 2025: two referrals to research, a session closing with one request accepted, one rejected
    and one deferred, a request rejected outside sessions; two appeals (one accepted in April, one open); two
    complaints escalated (one to both levels and answered since); and another association's session."""
    secretary = UserFactory(role="secretary")
    referred = CaseFactory(status="research")  # referred by its move only (no task: the signal waits for a commit)
    arrived(referred, at(1, 5))
    moved(referred, Status.RESEARCH, at(1, 8, 16))
    task = ResearchTaskFactory()  # its task was opened before its move: the earlier counts
    arrived(task.case, at(1, 10))
    moved(task.case, Status.RESEARCH, at(2, 3))
    ResearchTask.objects.filter(pk=task.pk).update(opened_at=at(2, 1))

    accepted, rejected, deferred = (CaseFactory(status="committee") for _ in range(3))
    session = SessionFactory(cases=[accepted, rejected, deferred], present=3, status="open")
    first, second, third = session.items.order_by("position")
    decide(first, Outcome.ACCEPT)
    decide(second, Outcome.REJECT, reason_text="الدخل كافٍ")
    decide(third, Outcome.DEFER)
    close(session, secretary, at(2, 15, 12))
    for case, day in ((accepted, at(1, 20)), (rejected, at(2, 1)), (deferred, at(2, 2))):
        arrived(case, day)
    moved(accepted, Status.ACCEPTED, at(2, 15, 12))
    moved(rejected, Status.REJECTED, at(2, 15, 12))

    _case, appeal = applicant_appeal(rejected.pk, "وضعنا تغيّر بعد وفاة العائل")
    again = SessionFactory(cases=[Case.objects.get(pk=rejected.pk)], present=3, status="open")
    decide(again.items.get(), Outcome.ACCEPT)
    close(again, secretary, at(4, 2, 12))  # after the period: not in its sessions
    CaseEvent.objects.filter(case=rejected, to_status=Status.ACCEPTED).update(created_at=at(4, 2, 12))
    Appeal.objects.filter(pk=appeal.pk).update(submitted_at=at(3, 1), decided_at=at(4, 2, 12))

    outside = CaseFactory(status="committee")  # rejected without a session, appealed, still open
    committee_member = UserFactory(role="committee")
    services.make_move(outside.pk, Status.REJECTED, user=committee_member, reason="لا تنطبق الشروط")
    _case, open_appeal = applicant_appeal(outside.pk, "أرفقت المستندات الناقصة")
    arrived(outside, at(2, 20))
    moved(outside, Status.REJECTED, at(3, 2))
    Appeal.objects.filter(pk=open_appeal.pk).update(submitted_at=at(3, 5))

    answered, waiting = (CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS) for _ in range(2))
    today = timezone.localdate()
    Case.objects.filter(pk=answered.pk).update(due_date=today - datetime.timedelta(days=30))
    Case.objects.filter(pk=waiting.pk).update(due_date=today - datetime.timedelta(days=1))
    escalation.run(today=today)
    services.make_move(answered.pk, Status.ANSWERED, user=answered.staff["relations"], reason="تم حل المشكلة")
    levels = Escalation.Level
    Escalation.objects.filter(case=answered, level=levels.SUPERVISOR).update(escalated_at=at(1, 20))
    Escalation.objects.filter(case=answered, level=levels.DIRECTOR).update(escalated_at=at(2, 5))
    Case.objects.filter(pk=answered.pk).update(answered_at=at(2, 10))
    Escalation.objects.filter(case=waiting).update(escalated_at=at(3, 3))

    elsewhere = SessionFactory(site=SiteFactory(organisation=False))  # closed, as far as the report can tell
    CommitteeSession.objects.filter(pk=elsewhere.pk).update(status=SessionStatus.CLOSED, closed_at=at(2, 20))
    return {"site": site_pages["site"], "session": session, "secretary": secretary,
            "cases": [referred, task.case, accepted, rejected, deferred, outside, answered, waiting]}  # fmt: skip


def tables_of(client, user, **query):
    sign_in(client, user)
    response = client.get(REPORT, query)
    assert response.status_code == 200, response.content.decode()[:2000]
    return {table["id"]: table for table in response.context["tables"]}, response


def as_dict(table):
    return {row[0]: list(row[1:]) for row in table["rows"]}


# --- recounting from the raw rows ---------------------------------------------------------------------------------
def recount_times(start, end, calendar, language="ar"):
    """{month label: [referred, average, median, decided, average, median]} straight from every help request."""
    low, high = day_bounds(start, end)
    to_research, to_decision = defaultdict(list), defaultdict(list)
    for case in Case.objects.filter(submission__kind=FormKind.HELP_REQUEST).select_related("submission"):
        moves = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MOVE)
        referrals = [e.created_at for e in moves.filter(to_status=Status.RESEARCH)]
        referrals += [task.opened_at for task in ResearchTask.objects.filter(case=case)]
        decisions = [e.created_at for e in moves.filter(to_status__in=[Status.ACCEPTED, Status.REJECTED])]
        for moments, groups in ((referrals, to_research), (decisions, to_decision)):
            if moments and low <= min(moments) < high:
                first = min(moments)
                label = month_label(calendar, month_key(calendar, timezone.localdate(first)), language)
                groups[label].append((first - case.submission.submitted_at).total_seconds() / 86400)

    def figures(days):
        return [len(days), round(statistics.mean(days), 1) if days else None,
                round(statistics.median(days), 1) if days else None]  # fmt: skip

    return {label: [*figures(to_research[label]), *figures(to_decision[label])]
            for label in {*to_research, *to_decision}}  # fmt: skip


def test_days_to_research_and_to_a_decision_are_recounted_from_the_timelines(client, staff, activity):
    tables, _response = tables_of(client, staff["relations"], **PERIOD)
    january, february, march = (month_label("gregorian", f"2025-0{m}", "ar") for m in (1, 2, 3))
    assert as_dict(tables["time_by_month"]) == recount_times(START, END, "gregorian")
    # January: a referral 3.25 days after arrival; February: the task opened 22 days after arrival (before its move).
    assert as_dict(tables["time_by_month"])[january][:3] == [1, 3.2, 3.2]
    assert as_dict(tables["time_by_month"])[february] == [1, 22.0, 22.0, 2, 20.1, 20.1]
    # March: the request rejected outside a session; the acceptance on appeal (April) is not a first decision.
    assert as_dict(tables["time_by_month"])[march] == [0, None, None, 1, 10.0, 10.0]
    assert as_dict(tables["time_in_period"]) == {"الكل": [2, 12.6, 12.6, 3, 16.7, 14.1]}


def test_decisions_per_session_and_by_month(client, staff, activity):
    tables, _response = tables_of(client, staff["committee"], **PERIOD)
    session = activity["session"]
    label = to_arabic_indic_digits(f"الجلسة {session.number} لعام {session.year}")
    low, high = day_bounds(START, END)
    closed = CommitteeSession.objects.filter(site=activity["site"], closed_at__gte=low, closed_at__lt=high)
    assert list(closed) == [session]  # the other association's session and the April session are not counted
    counts = [Decision.objects.filter(item__session=session, outcome=o).count() for o in Outcome.values]
    assert counts == [1, 1, 1]
    date = calendars.format_gregorian(datetime.date(2025, 2, 15), "ar")
    assert as_dict(tables["sessions"]) == {label: [date, *counts, 0]}
    assert as_dict(tables["decisions_by_month"]) == {month_label("gregorian", "2025-02", "ar"): [1, *counts, 0]}
    assert tables["sessions"]["chart"]["type"] == "bar"
    # A request decided by circulation between sessions counts with the session whose minutes record it.
    Circulation.objects.create(
        site=activity["site"], case=CaseFactory(status="accepted"), outcome=Outcome.ACCEPT, quorum=2,
        status=CirculationStatus.DECIDED, recorded_with=session,
    )  # fmt: skip
    tables, _response = tables_of(client, staff["committee"], **PERIOD)
    assert as_dict(tables["sessions"]) == {label: [date, *counts, 1]}


def test_appeals_by_the_month_they_were_received_and_what_became_of_them(client, staff, activity):
    tables, _response = tables_of(client, staff["admin"], **PERIOD)
    low, high = day_bounds(START, END)
    appeals = Appeal.objects.filter(site=activity["site"], submitted_at__gte=low, submitted_at__lt=high)
    decided = appeals.filter(decided_at__isnull=False)
    expected = [
        appeals.count(), decided.count(), decided.filter(outcome=Status.ACCEPTED).count(),
        decided.filter(outcome=Status.REJECTED).count(), 0, appeals.filter(decided_at__isnull=True).count(),
    ]  # fmt: skip
    assert expected == [2, 1, 1, 0, 0, 1]
    assert as_dict(tables["appeals_by_month"]) == {month_label("gregorian", "2025-03", "ar"): expected}


def test_escalations_by_month_and_the_complaints_answered_since(client, staff, activity):
    tables, _response = tables_of(client, staff["relations"], **PERIOD)
    recount = defaultdict(lambda: [0, 0, 0, 0])
    label = lambda moment: month_label("gregorian", month_key("gregorian", timezone.localdate(moment)), "ar")  # noqa: E731
    for row in Escalation.objects.filter(site=activity["site"]).select_related("case"):
        recount[label(row.escalated_at)][0 if row.level == Escalation.Level.SUPERVISOR else 1] += 1
        if row.level == Escalation.Level.SUPERVISOR:  # the first escalation of each complaint
            recount[label(row.escalated_at)][2 if row.case.answered_at else 3] += 1
    assert as_dict(tables["escalations_by_month"]) == recount
    assert recount == {
        month_label("gregorian", "2025-01", "ar"): [1, 0, 1, 0],
        month_label("gregorian", "2025-02", "ar"): [0, 1, 0, 0],
        month_label("gregorian", "2025-03", "ar"): [1, 0, 0, 1],
    }


def test_months_of_the_hijri_calendar_typed_in_arabic_indic_digits(client, staff, activity):
    first = calendars.gregorian_to_hijri(datetime.date(2025, 1, 5))[:7]
    last = calendars.gregorian_to_hijri(datetime.date(2025, 3, 10))[:7]  # Ramadan 1446: before the April session
    tables, response = tables_of(client, activity["secretary"], calendar="hijri", first=to_arabic_indic_digits(first),
                                 last=to_arabic_indic_digits(last))  # fmt: skip
    period = response.context["period"]
    assert period["start"] == calendars.hijri_to_gregorian(*map(int, first.split("-")), 1)
    expected = recount_times(period["start"], period["end"], "hijri")
    assert as_dict(tables["time_by_month"]) == expected
    assert all("هـ" in label and not any(c.isascii() and c.isdigit() for c in label) for label in expected)
    [(label, row)] = as_dict(tables["sessions"]).items()
    assert row[0] == calendars.hijri_display(datetime.date(2025, 2, 15), "ar")


def test_an_empty_period_and_a_bad_one(client, staff, activity):
    tables, response = tables_of(client, staff["relations"], calendar="gregorian", first="2020-01", last="2020-02")
    assert as_dict(tables["time_in_period"]) == {"الكل": [0, None, None, 0, None, None]}
    assert all(not t["rows"] for name, t in tables.items() if name != "time_in_period")
    assert "لا شيء في هذه الفترة" in response.content.decode()
    response = client.get(REPORT, {"calendar": "gregorian", "first": "2025-05", "last": "2025-01"})
    assert response.status_code == 200 and not response.context["tables"] and response.context["form"].errors


# --- exports ------------------------------------------------------------------------------------------------------
def test_each_table_as_csv_and_all_as_xlsx_hold_figures_only(client, staff, activity):
    sign_in(client, staff["relations"])
    personal = [
        str(text) for case in activity["cases"]
        for text in (case.submission.reference, case.submission.applicant_name, case.submission.data.get("mobile"),
                     case.submission.data.get("national_id"))
        if text
    ]  # fmt: skip
    assert len(personal) > 2 * len(activity["cases"])
    for table_id in ("time_in_period", "time_by_month", "sessions", "decisions_by_month", "appeals_by_month",
                     "escalations_by_month"):  # fmt: skip
        response = client.get(REPORT, {**PERIOD, "csv": table_id})
        assert response["Content-Type"].startswith("text/csv") and "no-store" in response["Cache-Control"]
        body = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        assert len(rows) >= 2 and not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
        assert not [text for text in personal if text in body]
    body = client.get(REPORT, {**PERIOD, "csv": "sessions"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[0] == [
        "الجلسة", "تاريخ", "طلبات مقبولة", "طلبات مرفوضة", "طلبات مؤجَّلة", "طلبات قُرِّرت بالتمرير",
    ]  # fmt: skip
    response = client.get(REPORT, {**PERIOD, "xlsx": "all"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 6 and all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    assert not [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


# --- queries and who may ------------------------------------------------------------------------------------------
def test_the_report_costs_the_same_queries_however_many_rows(activity):
    def build():
        site = Site.objects.select_related("root_page").get(pk=activity["site"].pk)
        with CaptureQueriesContext(connection) as queries:
            reports.build_report(site, START, END, "gregorian", "ar")
        return len(queries)

    build()
    few = build()
    for _n in range(2):
        case = CaseFactory(status="research")
        moved(case, Status.RESEARCH, at(3, 20))
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=3, status="open")
    decide(session.items.get(), Outcome.REJECT)
    close(session, activity["secretary"], at(3, 25))
    assert build() == few


@pytest.mark.parametrize(
    ("role", "expected"),
    [("relations", 200), ("committee", 200), ("secretary", 200), ("administrator", 200), ("researcher", 403),
     ("supervisor", 403), ("director", 403), ("editor", 403)],
)  # fmt: skip
def test_who_may_read_and_export(client, site_pages, role, expected):
    sign_in(client, UserFactory(role=role))
    for query in (PERIOD, {**PERIOD, "csv": "sessions"}, {**PERIOD, "xlsx": "all"}):
        response = client.get(REPORT, query)
        denied = response.status_code == 302 and response["Location"].rstrip("/") == "/admin"
        assert (403 if denied else response.status_code) == expected
    assert (REPORT in client.get(reverse("wagtailadmin_home")).content.decode()) == (expected == 200)
