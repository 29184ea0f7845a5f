"""The demo's research and committee work (committee.demo): the researcher's visits, a session held with its
decisions and minutes' material, an appeal waiting on the next session's agenda; seeding again adds nothing."""

import io

import pytest
from django.core.management import call_command

from committee import agenda
from committee.models import CommitteeSession, MinutesStatus, Outcome, SessionMinutes, SessionStatus
from inbox.lifecycle import Status
from inbox.models import Appeal
from research.models import ReportStatus, ResearchReport, ResearchTask, TaskStatus, Visit, VisitStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_researcher_has_a_visit_made_and_reported_and_one_rescheduled(site_pages):
    tasks = ResearchTask.objects.filter(assignee__username="demo-researcher")
    assert sorted(tasks.values_list("status", flat=True)) == [TaskStatus.DONE, TaskStatus.OPEN]
    visits = Visit.objects.filter(task__in=tasks)
    assert sorted(visits.values_list("status", flat=True)) == [VisitStatus.DONE, VisitStatus.PLANNED]
    assert visits.get(status=VisitStatus.PLANNED).changes.count() == 1
    (report,) = ResearchReport.objects.filter(status=ReportStatus.SUBMITTED)
    assert report.recommendation == "accept" and report.case.status == Status.COMMITTEE
    assert all(row["answer"] for row in report.answers)


def test_a_session_was_held_and_its_decisions_applied(site_pages):
    held = CommitteeSession.objects.get(status=SessionStatus.CLOSED)
    outcomes = {item.decision.outcome: item.case for item in held.items.select_related("decision", "case")}
    assert set(outcomes) == {Outcome.ACCEPT, Outcome.REJECT, Outcome.DEFER}
    assert outcomes[Outcome.ACCEPT].status == Status.ACCEPTED
    assert held.attendance.filter(present=True).count() == 3
    # Its minutes were made once it closed (in-process in the embedded default), kept privately.
    minutes = SessionMinutes.objects.get(session=held)
    assert minutes.status == MinutesStatus.MADE and minutes.stored_file.name and len(minutes.sha256) == 64


def test_an_appeal_waits_on_the_next_sessions_agenda(site_pages):
    appeal = Appeal.objects.get()
    assert appeal.decided_at is None and appeal.case.status == Status.COMMITTEE
    preparing = CommitteeSession.objects.get(status=SessionStatus.PREPARING)
    rows = {item.case_id: item for item in agenda.agenda_rows(preparing)}
    assert rows[appeal.case_id].appeal and len(rows) == 4  # the appeal, the deferred, the researched, a new one
    assert [row.recommendation.recommendation for row in rows.values() if row.recommendation] == ["accept"]


def test_seeding_again_adds_nothing(site_pages):
    before = (CommitteeSession.objects.count(), ResearchTask.objects.count(), Appeal.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (CommitteeSession.objects.count(), ResearchTask.objects.count(), Appeal.objects.count()) == before
