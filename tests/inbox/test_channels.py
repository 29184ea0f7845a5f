"""Staff emails about a request come from its association's own sender (organisation.channels): the
assignee's, the overdue reminder and the escalation; the tests' association keeps DEFAULT_FROM_EMAIL."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from forms.kinds import FormKind
from inbox import escalation
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case
from inbox.tasks import send_overdue_reminders, tell_assignee
from staff_security.factories import StaffFactory

pytestmark = pytest.mark.django_db

B_SENDER = "help@second.example.org"
DEPLOYMENT = "no-reply@deployment.example.org"


@pytest.fixture
def second(site_pages, settings, second_association):
    settings.DEFAULT_FROM_EMAIL = DEPLOYMENT
    second = second_association
    association = second.site.association
    association.sender_email = B_SENDER
    association.save()
    return second


def late(case, days=1):
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=days))
    return case


def test_the_assignees_email_comes_from_the_requests_association(second):
    first, other = CaseFactory(), CaseFactory(site=second.site)
    user = StaffFactory(role="relations", email="relations@example.org")
    mail.outbox.clear()
    tell_assignee.func(first.pk, user.pk)
    tell_assignee.func(other.pk, user.pk)
    assert [message.from_email for message in mail.outbox] == [DEPLOYMENT, B_SENDER]


def test_overdue_reminders_come_one_per_association_from_its_sender(second):
    user = StaffFactory(role="relations", email="relations@example.org")
    first, other = CaseFactory(), CaseFactory(site=second.site)
    Case.objects.filter(pk__in=[first.pk, other.pk]).update(assignee=user)
    late(first), late(other)
    mail.outbox.clear()
    assert send_overdue_reminders() == 2
    by_sender = {message.from_email: message.body for message in mail.outbox}
    assert set(by_sender) == {DEPLOYMENT, B_SENDER}
    assert other.submission.reference in by_sender[B_SENDER]
    assert first.submission.reference in by_sender[DEPLOYMENT]
    assert other.submission.reference not in by_sender[DEPLOYMENT]


def test_escalations_come_from_the_complaints_association(second):
    StaffFactory(role="supervisor", email="supervisor@example.org")
    StaffFactory(role="supervisor", email="b-supervisor@example.org", association=second.site)
    late(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS))
    late(CaseFactory(kind=FormKind.COMPLAINT, status=Status.RECEIVED, site=second.site))
    mail.outbox.clear()
    escalation.run()
    assert {message.to[0]: message.from_email for message in mail.outbox} == {
        "supervisor@example.org": DEPLOYMENT,
        "b-supervisor@example.org": B_SENDER,
    }
