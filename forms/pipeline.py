"""From a valid form to a stored submission, in an order that loses nothing.

1. Attachments are written to the private storage under random names.
2. In one transaction: the submission, its reference number, its attachment
   rows and the notifications it owes.
3. After commit: the notifications are queued, in one task (`queue_after_commit`).
If storage fails nothing is written to the database; if the database fails the
stored files are removed again (and `sweep_orphan_attachments` removes any
that a crash left behind).
"""

import datetime
import logging
import uuid

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from forms import tasks
from forms.kinds import FILE_TYPES, Channel, FieldRole
from forms.records import Attachment, Notification, Submission, private_storage
from forms.references import next_reference

logger = logging.getLogger(__name__)


class StorageFailed(Exception):
    """The attachments could not be stored; nothing was saved."""


class DatabaseFailed(Exception):
    """The submission could not be saved; stored files were removed."""


def attachment_folder(site_id: int, day=None) -> str:
    """Where a request's files go in the private storage: under the association's own prefix
    (attachments/site-<id>/2026/12/). Files stored before there were several associations stay
    where they are (attachments/2026/01/...): each row keeps its file's name."""
    day = day or timezone.localdate()
    return f"attachments/site-{int(site_id)}/{day:%Y/%m}"


def store_attachments(form, site_id: int) -> list[tuple[str, object, str]]:
    """Write every attached file; return (field key, checked upload, stored name)."""
    storage = private_storage()
    stored = []
    try:
        folder = attachment_folder(site_id)
        for name in form.file_field_names:
            for checked in form.cleaned_data.get(name) or []:
                target = f"{folder}/{uuid.uuid4().hex}.{checked.extension}"
                checked.upload.seek(0)
                saved_name = storage.save(target, checked.upload)
                stored.append((name, checked, saved_name))
    except Exception as error:
        logger.exception("Storing attachments failed")
        remove_files([saved for _key, _checked, saved in stored])
        raise StorageFailed from error
    return stored


def remove_files(names):
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # the sweeper will find it
            logger.exception("Could not remove %s after a failed submission", name)


def serialisable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [serialisable(item) for item in value]
    if hasattr(value, "quantize"):  # Decimal
        return str(value)
    return value


def answers_of(form) -> dict:
    data = {}
    for name, spec in form.field_specs.items():
        if spec.field_type in FILE_TYPES or name not in form.cleaned_data:
            continue
        data[name] = serialisable(form.cleaned_data[name])
    return data


# The submission's column for each applicant role.
APPLICANT_COLUMNS = {
    FieldRole.NAME: "applicant_name",
    FieldRole.NATIONAL_ID: "applicant_national_id",
    FieldRole.MOBILE: "applicant_mobile",
    FieldRole.EMAIL: "applicant_email",
}


def applicant_contact(form) -> dict:
    """Who the applicant is, from the answers of the fields with those roles (forms.personal),
    whatever their keys. An anonymous complaint's answers have none of them."""
    contact = dict.fromkeys(APPLICANT_COLUMNS.values(), "")
    for role, key in form.applicant_keys.items():
        value = form.cleaned_data.get(key)
        if value:
            column = APPLICANT_COLUMNS[role]
            contact[column] = str(value)[: Submission._meta.get_field(column).max_length]
    return contact


def create_submission(
    page, form, *, site_id: int, language: str, service=None, channel: str = Channel.WEBSITE, entered_by=None
) -> tuple[Submission, bool]:
    """Store the submission to the association on site `site_id`; return it and whether it is new
    (False: a repeat of the same token).

    Call it through `forms.intake.submit`, which looks for an earlier submission
    with the same token first; a repeat that races this one is answered here.
    """
    token = form.cleaned_data["submission_token"]
    stored = store_attachments(form, site_id)
    try:
        with transaction.atomic():
            cleaned = form.cleaned_data
            source_page = page.get_source_page()
            rules = page.reply_rules()
            submission = Submission(
                site_id=site_id,
                reference=next_reference(page.kind, site_id),
                kind=page.kind,
                form_page=source_page,
                form_key=page.translation_key,
                form_title=page.title,
                language=language,
                service=service,
                service_title=service.title if service else "",
                data=answers_of(form),
                complaint_type=cleaned.get("complaint_type") or "",
                anonymous=bool(cleaned.get("anonymous")),
                declaration_accepted=bool(cleaned.get("declaration")),
                privacy_consent_at=timezone.now() if cleaned.get("privacy_consent") else None,
                reply_due=rules.due_date(timezone.localdate(), page.reply_period(service)),
                idempotency_token=token,
                channel=channel,
                entered_by=entered_by,
                personal_fields=[list(pair) for pair in form.personal_fields],
                **applicant_contact(form),
            )
            # Read by the inbox when it opens the case (post_save): how waiting time is counted later.
            submission.reply_in_working_days = rules.working_days
            submission.save(force_insert=True)
            if stored:
                Attachment.objects.bulk_create(
                    [
                        Attachment(
                            submission=submission,
                            field_key=key,
                            file=saved_name,
                            original_name=checked.display_name,
                            content_type=checked.content_type,
                            size=checked.size,
                            sha256=checked.sha256,
                        )
                        for key, checked, saved_name in stored
                    ]
                )
            notifications = Notification.objects.bulk_create(
                [Notification(submission=submission, channel=channel) for channel in owed_notifications(submission)]
            )
            queue_after_commit([n.pk for n in notifications])
    except IntegrityError:
        remove_files([saved for _key, _checked, saved in stored])
        existing = Submission.objects.filter(idempotency_token=token).first()
        if existing:  # a double click that raced this request
            return existing, False
        logger.exception("Saving a submission failed")
        raise DatabaseFailed from None
    except DatabaseError as error:
        logger.exception("Saving a submission failed")
        remove_files([saved for _key, _checked, saved in stored])
        raise DatabaseFailed from error
    return submission, True


def owed_notifications(submission) -> list[str]:
    """What the intake itself owes: the staff alert. The applicant's acknowledgement is the
    inbox's (its editable templates), owed in this same transaction when the case opens."""
    return [Notification.Channel.STAFF_EMAIL]


def queue_notifications(notification_ids):
    """Runs after commit: one task sends them all (forms.tasks.send_notifications). A queue that is
    down leaves the rows pending for the sweeper."""
    notification_ids = list(notification_ids)
    if not notification_ids:
        return
    try:
        tasks.send_notifications.enqueue(notification_ids)
    except Exception:
        logger.exception("Could not queue notifications %s; they stay pending", notification_ids)


class _Owed:
    """The notifications one transaction owes, queued together once it commits."""

    def __init__(self, savepoints):
        self.ids, self.queued = [], False
        self.savepoints = list(savepoints)  # those open when it was started

    def __call__(self):
        self.queued = True
        queue_notifications(self.ids)


def queue_after_commit(notification_ids, using=None):
    """Queue `notification_ids` once the transaction commits, in one task with every other notification
    the same transaction owes: a new request's staff alert (here) and the applicant's acknowledgement (the
    inbox's, as the case opens) make one task, not one each. Outside a transaction, at once.

    A batch is kept on the connection while its on_commit callback waits; one that ran, or whose
    transaction or savepoint was rolled back (Django dropped its callback), is never added to again, nor
    one started in a savepoint beside the current one (a test's transaction holds each request's in one
    of its own). An id owed in a savepoint rolled back after its batch was started is queued with the
    others and skipped by the task (no such row)."""
    notification_ids = list(notification_ids)
    if not notification_ids:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        queue_notifications(notification_ids)
        return
    owed, open_now = getattr(connection, "_owed_notifications", None), connection.savepoint_ids
    waiting = (
        owed is not None
        and not owed.queued
        and owed.savepoints[: len(open_now)] == open_now
        and any(entry[1] is owed for entry in connection.run_on_commit)
    )
    if not waiting:
        owed = connection._owed_notifications = _Owed(open_now)
        transaction.on_commit(owed, using=using)
    owed.ids.extend(notification_ids)
