"""Closing a session applies every decision in one transaction: the inbox's moves, the deliveries scheduled on the
family's file, the applicants' messages (with the decision number) after the commit; or nothing at all."""

import pytest
from django.utils import timezone

from beneficiaries.models import DeliveryPlan, FileRequest, ScheduledDelivery
from committee import agenda, closing, sessions
from committee.factories import SessionFactory, decide
from committee.models import CommitteeSession, Decision, Outcome, SessionStatus
from forms.records import Notification
from inbox import services
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent
from organisation.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary():
    return UserFactory(role="secretary")


def held_session(cases, present=3):
    return SessionFactory(cases=cases, present=present, status="open")


def items_of(session):
    return list(session.items.order_by("position"))


def test_closing_applies_the_moves_schedules_deliveries_and_queues_messages_with_the_decision_number(
    site_pages, secretary, django_capture_on_commit_callbacks
):
    accepted, rejected, deferred = (CaseFactory(status="committee") for _ in range(3))
    session = held_session([accepted, rejected, deferred])
    first, second, third = items_of(session)
    acceptance = decide(first, Outcome.ACCEPT)
    rejection = decide(second, Outcome.REJECT, reason_text="لا تنطبق الشروط")
    decide(third, Outcome.DEFER)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        closing.close_session(session.pk, user=secretary, expected_version=session.version)
    assert callbacks  # the messages and the moves' signals wait for the commit

    session.refresh_from_db()
    assert (session.status, session.closed_by, session.quorum) == (SessionStatus.CLOSED, secretary, 2)
    statuses = dict(Case.objects.filter(pk__in=[accepted.pk, rejected.pk, deferred.pk]).values_list("pk", "status"))
    assert statuses == {accepted.pk: Status.ACCEPTED, rejected.pk: Status.REJECTED, deferred.pk: Status.COMMITTEE}
    assert acceptance.number == f"{session.year}/{session.number}/1"

    plan = DeliveryPlan.objects.get(case=accepted)
    assert (plan.count, plan.every_months, plan.amount, plan.service_id) == (
        6, 1, acceptance.amount, acceptance.service_id,
    )  # fmt: skip
    assert FileRequest.objects.get(case=accepted).file == plan.file
    assert ScheduledDelivery.objects.filter(plan=plan).count() == 6

    for case, decision in ((accepted, acceptance), (rejected, rejection)):
        move = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.MOVE, from_status=Status.COMMITTEE)
        assert decision.number in move.text  # the request's timeline quotes it
        email = Notification.objects.get(
            submission=case.submission, event=move.to_status, channel=Notification.Channel.APPLICANT_EMAIL
        )
        assert decision.number in email.body and decision.number in email.html_body
    assert "الشروط" in Notification.objects.filter(submission=rejected.submission).last().body
    assert Decision.objects.filter(item__session=session, applied_at__isnull=False).count() == 3
    # The deferred request waits for the next session.
    assert list(agenda.waiting_requests(session.site)) == [deferred]


def test_a_session_without_quorum_can_only_be_adjourned_and_its_requests_are_carried(site_pages, secretary):
    cases = [CaseFactory(status="committee") for _ in range(2)]
    session = held_session(cases, present=1)
    following = SessionFactory(members=session.members.all())
    with pytest.raises(closing.ClosingError, match="النصاب"):
        closing.close_session(session.pk, user=secretary, expected_version=session.version)
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.OPEN

    closing.close_session(session.pk, user=secretary, expected_version=session.version, adjourn=True)
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.ADJOURNED
    carried = list(following.items.order_by("position"))
    assert [(item.case, item.carried_from_id) for item in carried] == [(case, session.pk) for case in cases]
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("status", flat=True)) == {Status.COMMITTEE}


def test_a_failing_move_applies_nothing_and_names_the_request(site_pages, secretary):
    first, withdrawn = CaseFactory(status="committee"), CaseFactory(status="committee")
    session = held_session([first, withdrawn])
    decide(items_of(session)[0], Outcome.ACCEPT)
    decide(items_of(session)[1], Outcome.REJECT)
    services.applicant_withdraw(withdrawn.pk, reason="تراجعت")  # meanwhile, from the personal link
    messages_before = Notification.objects.count()

    with pytest.raises(closing.ClosingError) as refused:
        closing.close_session(session.pk, user=secretary, expected_version=session.version)
    assert withdrawn.submission.reference in str(refused.value)
    assert Case.objects.get(pk=first.pk).status == Status.COMMITTEE
    assert not DeliveryPlan.objects.exists() and not FileRequest.objects.filter(case=first).exists()
    assert Notification.objects.count() == messages_before
    session.refresh_from_db()
    assert (session.status, session.version) == (SessionStatus.OPEN, session.version)
    assert not Decision.objects.filter(applied_at__isnull=False).exists()


def test_a_session_with_an_undecided_request_is_not_closed(site_pages, secretary):
    session = held_session([CaseFactory(status="committee")])
    with pytest.raises(closing.ClosingError, match="لم يُسجَّل بعدُ قرارٌ"):
        closing.close_session(session.pk, user=secretary, expected_version=session.version)
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.OPEN


def test_closing_with_a_stale_version_is_refused(site_pages, secretary):
    session = held_session([CaseFactory(status="committee")])
    decide(items_of(session)[0], Outcome.DEFER)
    stale = session.version
    closing.close_session(session.pk, user=secretary, expected_version=stale)
    with pytest.raises(closing.ClosingConflict):
        closing.close_session(session.pk, user=secretary, expected_version=stale)


def test_members_present_are_counted_for_the_quorum_at_closing(site_pages, secretary):
    session = held_session([CaseFactory(status="committee")], present=1)
    sessions.record_attendance(session, session.members.values_list("pk", flat=True))
    decide(items_of(session)[0], Outcome.DEFER)
    closing.close_session(session.pk, user=secretary, expected_version=session.version)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED and session.closed_at <= timezone.now()
