"""A research task follows the request: opened by the referral with the researcher it names and the due date of
the request's service, closed when the request leaves research (done) or ends without it (cancelled)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Site

from inbox import services
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case
from research.factories import ResearchTaskFactory, after_commit, plan_visit, refer
from research.models import ResearchSettings, ResearchTask, ServiceResearchPeriod, TaskStatus, VisitStatus
from research.referrals import open_task
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def config():
    return ResearchSettings.for_site(Site.objects.get(is_default_site=True))


def move(task, to, user, **kwargs):
    with after_commit():
        services.make_move(task.case_id, to, user=user, reason="سبب", **kwargs)
    task.refresh_from_db()
    return task


def test_a_referral_opens_a_task_for_the_researcher_it_names_due_after_the_default_period(staff):
    task = ResearchTaskFactory(researcher=staff["researcher"], staff={"relations": staff["relations"]})
    assert task.assignee == staff["researcher"] == task.case.researcher
    assert task.status == TaskStatus.OPEN and task.closed_at is None and not task.outside_rule
    assert task.due_date == timezone.localdate() + datetime.timedelta(days=7)
    assert task.site == Site.objects.get(is_default_site=True)


def test_the_period_of_the_requests_service_sets_the_due_date(staff):
    basket, rent = ServicePageFactory(), ServicePageFactory()
    settings = config()
    settings.default_days = 10
    settings.save()
    ServiceResearchPeriod.objects.create(settings=settings, service=basket, days=3)
    assert ResearchTaskFactory(service=basket).due_date == timezone.localdate() + datetime.timedelta(days=3)
    assert ResearchTaskFactory(service=rent).due_date == timezone.localdate() + datetime.timedelta(days=10)


@pytest.mark.parametrize("to", [Status.COMMITTEE, Status.WAITING])
def test_leaving_research_for_the_committee_or_documents_closes_the_task_done(staff, to):
    task = ResearchTaskFactory(researcher=staff["researcher"])
    visit = plan_visit(task)
    task = move(task, to, staff["researcher"])
    assert task.status == TaskStatus.DONE and task.closed_at is not None
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED  # the researcher still records what happened


def test_marked_as_spam_the_task_and_its_planned_visits_are_cancelled(staff):
    task = ResearchTaskFactory()
    visit = plan_visit(task)
    task = move(task, Status.SPAM, staff["relations"])
    visit.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and visit.status == VisitStatus.CANCELLED


def test_withdrawn_by_the_applicant_the_task_is_cancelled():
    task = ResearchTaskFactory()
    with after_commit():
        services.applicant_withdraw(task.case_id, reason="لم أعد بحاجة")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


def test_a_request_sent_back_to_research_gets_a_new_task_and_the_first_stays_done(staff):
    task = ResearchTaskFactory(researcher=staff["researcher"])
    move(task, Status.WAITING, staff["researcher"])
    move(task, Status.RESEARCH, staff["researcher"])
    tasks = list(ResearchTask.objects.filter(case=task.case_id).order_by("pk"))
    assert [t.status for t in tasks] == [TaskStatus.DONE, TaskStatus.OPEN]
    assert tasks[1].assignee == staff["researcher"]


def test_the_signal_twice_opens_one_task(staff):
    task = ResearchTaskFactory()
    case = Case.objects.select_related("submission").get(pk=task.case_id)
    assert open_task(case) == task
    assert ResearchTask.objects.filter(case=case).count() == 1


def test_referring_needs_a_researcher_and_opens_nothing_without_one(staff):
    case = CaseFactory(kind="help_request", status=Status.VERIFICATION)
    with pytest.raises(services.Invalid), after_commit():
        services.make_move(case.pk, Status.RESEARCH, user=staff["relations"], reason="سبب")
    assert not ResearchTask.objects.exists()
    assert refer(case, staff["researcher2"], user=staff["relations"]).assignee == staff["researcher2"]
