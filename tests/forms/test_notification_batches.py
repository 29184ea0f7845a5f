"""The notifications one transaction owes go to the workers as one task, and each is still sent and
recorded on its own (forms.pipeline.queue_after_commit, forms.tasks.send_notifications)."""

import pytest
from django.core import mail
from django.db import transaction

from forms import pipeline, tasks
from forms.models import FormPage, Notification, Submission
from forms.sms import MemoryBackend
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_outboxes():
    MemoryBackend.outbox.clear()


@pytest.fixture
def queued(monkeypatch):
    """The tasks queued (their notification ids), sent at once as the immediate backend would."""
    calls = []
    real = tasks.send_notifications

    class Recording:
        def enqueue(self, notification_ids):
            calls.append(list(notification_ids))
            return real.call(notification_ids)

    monkeypatch.setattr(tasks, "send_notifications", Recording())
    return calls


def test_a_new_request_queues_one_task_for_everything_it_owes(client, site_pages, queued,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    FormPage.objects.filter(slug="help-request").update(staff_emails="requests@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post("/ar/help-request/", help_request_data()).status_code == 302
    owed = Notification.objects.filter(submission=Submission.objects.get())
    # The applicant's acknowledgement (email, SMS: the inbox's, as the case opens) and the staff alert.
    assert {n.channel for n in owed} == {"applicant_email", "applicant_sms", "staff_email"}
    assert len([c for c in callbacks if isinstance(c, pipeline._Owed)]) == 1
    assert queued == [sorted(n.pk for n in owed)]
    assert set(owed.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 2 and len(MemoryBackend.outbox) == 1
    assert {address for message in mail.outbox for address in message.to} >= {"requests@example.org"}


def test_each_request_of_a_test_transaction_queues_its_own_task(client, site_pages, queued,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    client.post("/ar/help-request/", help_request_data())  # its callback waits for a commit that never comes
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ar/help-request/", help_request_data())
    second = Submission.objects.order_by("-pk").first()
    assert queued == [sorted(Notification.objects.filter(submission=second).values_list("pk", flat=True))]


def test_a_batch_rolled_back_with_its_savepoint_is_not_added_to(db, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                pipeline.queue_after_commit([101])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        pipeline.queue_after_commit([102])
        pipeline.queue_after_commit([103])
    assert len(callbacks) == 1
    callbacks[0]()
    assert queued == [[102, 103]]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_they_are_queued_at_once(queued):
    pipeline.queue_after_commit([7, 8])
    assert queued == [[7, 8]]


def test_one_failing_notification_leaves_the_others_sent_and_is_retried_alone(
    client, site_pages, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.forms.broken_mail.BrokenBackend"
    FormPage.objects.filter(slug="help-request").update(staff_emails="requests@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ar/help-request/", help_request_data()).status_code == 302
    statuses = {n.channel: (n.status, n.attempts) for n in Notification.objects.all()}
    # The mail server is down: both emails wait for another attempt; the SMS went.
    assert statuses == {
        "applicant_email": ("pending", 1), "staff_email": ("pending", 1), "applicant_sms": ("sent", 1),
    }  # fmt: skip
    assert len(MemoryBackend.outbox) == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_notifications.call(list(Notification.objects.values_list("pk", flat=True))).count("sent") == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert len(MemoryBackend.outbox) == 1  # the SMS was not sent twice


def test_the_staff_alert_goes_to_the_forms_own_addresses_else_the_admins(
    client, site_pages, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Administrators", "admins@example.org")]
    FormPage.objects.filter(slug="help-request").update(staff_emails="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ar/help-request/", help_request_data())
    FormPage.objects.filter(slug="help-request").update(staff_emails="a@example.org, b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ar/help-request/", help_request_data())
    applicant = help_request_data()["email"]
    staff = [to for to in (message.to for message in mail.outbox) if to != [applicant]]
    assert staff == [["admins@example.org"], ["a@example.org", "b@example.org"]]
