"""The health report says what needs a person, and exits non-zero then."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from forms.models import Notification
from tests.support.inbox import make_case

pytestmark = pytest.mark.django_db


def report(*args):
    out = io.StringIO()
    call_command("health_report", *args, stdout=out)
    return out.getvalue()


def test_all_quiet(site_pages, monkeypatch):
    monkeypatch.delenv("BACKUP_LOCATION", raising=False)
    text = report()
    assert "tasks waiting: 0" in text and text.strip().endswith("OK")


def test_a_stuck_queue_an_owed_message_and_no_backup(site_pages, monkeypatch, tmp_path):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setenv("BACKUP_LOCATION", str(tmp_path / "backups"))
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    task = DBTaskResult.objects.create(
        status="READY", args_kwargs={"args": [], "kwargs": {}}, task_path="forms.tasks.send_notification",
        backend_name="background", queue_name="default", run_after=long_ago,
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=long_ago)
    Notification.objects.create(
        submission=make_case().submission, channel=Notification.Channel.APPLICANT_SMS, next_attempt_at=long_ago
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("health_report", "--quiet", stdout=out)
    problems = out.getvalue().splitlines()
    assert len(problems) == 3 and all(line.startswith("PROBLEM: ") for line in problems)
    assert "tasks have waited 120 min" in problems[0]
    assert "1 notification(s) owed for up to 120 min" in problems[1]
    assert "no complete backup" in problems[2]
