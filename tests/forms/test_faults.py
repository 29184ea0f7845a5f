"""Fault injection: whatever breaks, no acknowledged submission is lost and no orphan file stays."""

import datetime
import os

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import DatabaseError

from forms import maintenance
from forms.models import FormPage, Notification, Submission
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db


def stored_files():
    found = []
    root = storages["private"].location
    for folder, _dirs, files in os.walk(root):
        found += [os.path.join(folder, name) for name in files]
    return found


@pytest.fixture(autouse=True)
def _empty_private_storage():
    for path in stored_files():
        os.remove(path)
    yield


@pytest.fixture
def staff_told(site_pages):
    """The help request form tells staff of each new request at an address of its own, as the demo's did."""
    FormPage.objects.filter(slug="help-request").update(staff_emails="requests@example.org")


class FailingStorage:
    """The private storage, failing on the n-th save."""

    def __init__(self, fail_on):
        self.real = storages["private"]
        self.fail_on = fail_on
        self.saves = 0

    def save(self, name, content, **kwargs):
        self.saves += 1
        if self.saves == self.fail_on:
            raise OSError("storage unavailable")
        return self.real.save(name, content, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_storage_down_gives_a_clear_error_and_saves_nothing(client, site_pages, monkeypatch):
    from forms import pipeline

    monkeypatch.setattr(pipeline, "private_storage", lambda: FailingStorage(fail_on=1))
    response = client.post("/ar/help-request/", help_request_data())
    html = response.content.decode()
    assert response.status_code == 503
    assert "تعذّر حفظ مرفقاتك الآن" in html
    assert "سارة محمد عبدالله العتيبي" in html  # the typed answers are still there
    assert Submission.objects.count() == 0 and stored_files() == []


def test_storage_failing_half_way_removes_the_files_already_written(client, site_pages, monkeypatch):
    from forms import pipeline

    failing = FailingStorage(fail_on=2)
    monkeypatch.setattr(pipeline, "private_storage", lambda: failing)
    response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 503
    assert Submission.objects.count() == 0 and stored_files() == []


def test_database_error_after_storage_removes_the_files(client, site_pages, monkeypatch):
    from forms import pipeline

    def broken_reference(kind, site_id):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(pipeline, "next_reference", broken_reference)
    response = client.post("/ar/help-request/", help_request_data())
    html = response.content.decode()
    assert response.status_code == 503
    assert "تعذّر حفظ طلبك الآن" in html and "سارة محمد عبدالله العتيبي" in html
    assert Submission.objects.count() == 0 and stored_files() == []


def test_mail_server_down_keeps_the_submission_and_retries_later(
    client, site_pages, staff_told, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.forms.broken_mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 302  # the applicant sees the thank-you page, not an error
    submission = Submission.objects.get()
    emails = Notification.objects.filter(submission=submission).exclude(channel="applicant_sms")
    assert {(n.status, n.attempts) for n in emails} == {("pending", 1)}
    assert all("SMTP" in n.last_error for n in emails)
    # The mail server comes back; the periodic job delivers what was owed.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.update(next_attempt_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    owed = emails.count()  # the staff alert and the applicant's acknowledgement (more if the inbox adds any)
    assert owed >= 2
    assert maintenance.send_pending_notifications() == owed
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == owed


def test_a_notification_gives_up_after_five_attempts(
    client, site_pages, staff_told, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.forms.broken_mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ar/help-request/", help_request_data())
    from forms.tasks import send_notification

    staff = Notification.objects.get(channel="staff_email")
    for _ in range(4):
        send_notification.call(staff.pk)
    staff.refresh_from_db()
    assert (staff.status, staff.attempts) == ("failed", 5)
    assert Submission.objects.count() == 1


def test_task_queue_down_keeps_the_submission_and_its_owed_notifications(
    client, site_pages, monkeypatch, django_capture_on_commit_callbacks
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue unavailable")

    monkeypatch.setattr("forms.tasks.send_notification", QueueDown())
    monkeypatch.setattr("forms.tasks.send_notifications", QueueDown())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}


def test_sweeper_removes_only_old_files_no_submission_refers_to(client, site_pages):
    client.post("/ar/help-request/", help_request_data())
    kept = stored_files()
    storage = storages["private"]
    orphan = storage.save("attachments/2026/01/orphan.pdf", open(kept[0], "rb"))  # noqa: SIM115
    fresh = storage.save("attachments/2026/01/fresh.pdf", open(kept[0], "rb"))  # noqa: SIM115
    old = datetime.datetime(2020, 1, 1).timestamp()
    os.utime(storage.path(orphan), (old, old))
    assert maintenance.sweep_orphan_attachments() == [orphan]
    assert storage.exists(fresh) and all(os.path.exists(path) for path in kept)
    call_command("forms_maintenance", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_maintenance_sweeps_fresh_orphans_only_when_told(client, site_pages):
    client.post("/ar/help-request/", help_request_data())
    kept = stored_files()
    storage = storages["private"]
    orphan = storage.save("attachments/2026/01/fresh-orphan.pdf", open(kept[0], "rb"))  # noqa: SIM115
    call_command("forms_maintenance", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert storage.exists(orphan)  # a submission may still be saving it
    call_command("forms_maintenance", "--orphan-minutes", "0", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not storage.exists(orphan) and all(os.path.exists(path) for path in kept)
