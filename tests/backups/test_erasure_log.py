"""The erasure log: written before every removal, naming no one, and replayed after a restore."""

import datetime
import json

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forms.models import Attachment, Submission
from inbox import erasure_log, erasure_replay, personal_data, retention
from inbox.models import AnonymisedCase
from tests.support.inbox import file_help_request, finish, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_private_storage")]

SECRETS = ("سارة", "العتيبي", "0505550123", "+966505550123", "505550123", "1000000008", "sara@example.org")


def log_objects():
    try:
        return sorted(storages["private"].listdir(erasure_log.FOLDER)[1])
    except FileNotFoundError:
        return []


def read(name):
    with storages["private"].open(f"{erasure_log.FOLDER}/{name}") as handle:
        return handle.read().decode()


def erase_sara(staff):
    return personal_data.erase(personal_data.parse_identifier("0505550123"), staff["admin"])


def test_each_erased_request_is_recorded_first_and_the_record_names_no_one(client, site_pages, staff):
    first, second = file_help_request(client), file_help_request(client)
    before = log_objects()

    erased, failed = erase_sara(staff)

    assert (erased, failed) == (2, [])
    written = sorted(set(log_objects()) - set(before))
    assert len(written) == 2
    documents = [json.loads(read(name)) for name in written]
    assert sorted(d["submission"] for d in documents) == sorted([first.pk, second.pk])
    assert {d["action"] for d in documents} == {"inbox.erase"}
    for name in written:
        text = read(name)
        assert not any(secret in text for secret in SECRETS)
        assert first.submission.reference not in text and second.submission.reference not in text


def test_retention_records_its_deletions_too(client, site_pages):
    case = finish(make_case(), "closed", days_ago=4000)
    before = log_objects()
    assert retention.run().deleted == 1
    (name,) = set(log_objects()) - set(before)
    assert json.loads(read(name))["submission"] == case.pk
    assert json.loads(read(name))["action"] == "inbox.retention"


def test_no_record_no_removal(client, site_pages, staff, monkeypatch):
    """The log cannot be written (the bucket is down): nothing is deleted, the request is kept for another try."""
    case = file_help_request(client)
    files = list(Attachment.objects.filter(submission=case.pk).values_list("file", flat=True))

    def down(submission, action):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(erasure_log, "write", down)
    erased, failed = erase_sara(staff)

    assert (erased, failed) == (0, [case.submission.reference])
    assert Submission.objects.filter(pk=case.pk).exists()
    assert all(storages["private"].exists(name) for name in files)


def test_replay_removes_again_what_the_log_records_since_a_moment(client, site_pages):
    """As after a restore: the rows (and files) are back, the records say they were removed."""
    old, recent, untouched = file_help_request(client), file_help_request(client), file_help_request(client)
    files = list(Attachment.objects.filter(submission=recent.pk).values_list("file", flat=True))
    erasure_log.write(old.submission, "inbox.erase")
    moment = timezone.now()
    erasure_log.write(recent.submission, "inbox.erase")

    report = erasure_replay.replay(since=moment)

    assert report.removed == [recent.pk] and report.failed == []
    assert not Submission.objects.filter(pk=recent.pk).exists()
    assert not any(storages["private"].exists(name) for name in files)
    assert Submission.objects.filter(pk__in=[old.pk, untouched.pk]).count() == 2  # before `since` / not recorded
    assert AnonymisedCase.objects.count() == 1
    assert ModelLogEntry.objects.get(action="inbox.erasure_replay").data == {"requests": 1, "kept": 0}
    # The replay writes no new record, and a second replay finds nothing left to do.
    again = erasure_replay.replay(since=moment)
    assert again.removed == [] and again.absent == 1


def test_replay_leaves_alone_a_request_that_got_the_same_id_later(client, site_pages):
    case = file_help_request(client)
    erasure_log.write(case.submission, "inbox.erase")
    # After a restore the sequences start again from the backup's: another request may get this id.
    Submission.objects.filter(pk=case.pk).update(
        reference="HR-2026-009999", submitted_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    report = erasure_replay.replay(since=timezone.now() - datetime.timedelta(hours=1))
    assert report.removed == [] and report.other_request == 1
    assert Submission.objects.filter(pk=case.pk).exists()


def test_replay_erasures_command(client, site_pages):
    case = file_help_request(client)
    moment = timezone.now() - datetime.timedelta(seconds=1)
    erasure_log.write(case.submission, "inbox.erase")
    from io import StringIO

    out = StringIO()
    call_command("replay_erasures", "--since", moment.isoformat(), stdout=out)
    assert "1 request(s) removed again" in out.getvalue()
    assert not Submission.objects.filter(pk=case.pk).exists()
