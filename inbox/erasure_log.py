"""The erasure log: which requests were removed, kept where a database restore cannot undo it.

A database backup holds every request that existed when it was taken. If an
applicant is erased afterwards and the database is later restored from that
backup, the applicant would come back. So every removal (an erasure under the
PDPL, and retention's deletions, both through `retention.remove_case`) first
writes one small object to the private storage under `erasure-log/`, before
anything is deleted: a write-ahead record of what is being removed. After a
restore, `erasure_replay.replay(since=<the backup's start>)` removes again, with
the same `remove_case`, every request recorded since.

Written first, so a storage failure stops the removal (the request is kept and
tried again, as a failure to delete its files already does). If the database
then fails, the record stays: a replay would finish a removal that was asked
for, which is what the next retention run or the administrator's retry would
do anyway.

A record names no one: the submission's id and a keyed fingerprint of its id,
reference and submission time. The fingerprint makes sure a replay never
removes another request that got the same id or reference later (after a
restore, sequences start again from the backup's values).

The backup copies the log with the private bucket; the restore adds the
records written since from the live bucket (backups/restore.py).

Apps above the inbox record their own removals here too (a family's file, one
member of a household): `write_subject(subject, pk, parts, action)` names the
kind of record ("beneficiaries.file") and its id, with a fingerprint of `parts`
(values the row keeps for life, never a name or an ID number in clear);
`erasure_replay` hands such a record to whoever registered its subject.
"""

import dataclasses
import datetime
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from forms.models import private_storage

FOLDER = "erasure-log"
SUBMISSION = "submission"  # a request's record; other subjects are registered by the apps that write them
FORMAT = 1
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_SALT = "inbox.erasure_log"

logger = logging.getLogger(__name__)


def _storage():
    return private_storage()


def fingerprint(submission_id, reference, submitted_at, secret=None) -> str:
    value = f"{submission_id}|{reference}|{submitted_at.astimezone(datetime.UTC).isoformat()}"
    return salted_hmac(_SALT, value, secret=secret, algorithm="sha256").hexdigest()


def matches(record, submission_id, reference, submitted_at) -> bool:
    """The record is about this very row (checked with the secret key and its fallbacks)."""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if constant_time_compare(record.fingerprint, fingerprint(submission_id, reference, submitted_at, secret)):
            return True
    return False


def subject_fingerprint(subject, object_id, parts, secret=None) -> str:
    value = "|".join([subject, str(object_id), *(str(part) for part in parts)])
    return salted_hmac(_SALT, value, secret=secret, algorithm="sha256").hexdigest()


def matches_subject(record, parts) -> bool:
    """A record written by `write_subject` is about the row that now has these `parts`."""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        expected = subject_fingerprint(record.subject, record.object_id, parts, secret)
        if constant_time_compare(record.fingerprint, expected):
            return True
    return False


@dataclasses.dataclass
class Record:
    name: str
    at: datetime.datetime
    action: str
    submission_id: int | None
    fingerprint: str
    subject: str = SUBMISSION
    object_id: int | None = None


def write(submission, action) -> str:
    """Record that `submission` is being removed by `action`; return the object's name. Raises on failure."""
    now = timezone.now().astimezone(datetime.UTC)
    document = {
        "format": FORMAT,
        "at": now.isoformat(),
        "action": action,
        "submission": submission.pk,
        "fingerprint": fingerprint(submission.pk, submission.reference, submission.submitted_at),
    }
    name = f"{FOLDER}/{now.strftime(_STAMP)}-{submission.pk}.json"
    return _storage().save(name, ContentFile(json.dumps(document, sort_keys=True).encode()))


def write_subject(subject, object_id, parts, action) -> str:
    """Record that the row `object_id` of `subject` is being removed by `action`. Raises on failure."""
    now = timezone.now().astimezone(datetime.UTC)
    document = {
        "format": FORMAT,
        "at": now.isoformat(),
        "action": action,
        "subject": subject,
        "id": object_id,
        "fingerprint": subject_fingerprint(subject, object_id, parts),
    }
    name = f"{FOLDER}/{now.strftime(_STAMP)}-{subject}-{object_id}.json"
    return _storage().save(name, ContentFile(json.dumps(document, sort_keys=True).encode()))


def _time_of(name) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(name.split("-", 1)[0], _STAMP).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def records(since=None, storage=None):
    """The records written at or after `since` (all when None), oldest first."""
    storage = storage or _storage()
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in sorted(names):
        at = _time_of(name)
        if at is None or not name.endswith(".json") or (since is not None and at < since):
            continue
        with storage.open(f"{FOLDER}/{name}", "rb") as handle:
            document = json.loads(handle.read())
        if "subject" in document:
            yield Record(
                name=f"{FOLDER}/{name}", at=at, action=str(document.get("action", "")), submission_id=None,
                fingerprint=str(document["fingerprint"]), subject=str(document["subject"]),
                object_id=int(document["id"]),
            )  # fmt: skip
            continue
        yield Record(
            name=f"{FOLDER}/{name}", at=at, action=str(document.get("action", "")),
            submission_id=int(document["submission"]), fingerprint=str(document["fingerprint"]),
        )  # fmt: skip
