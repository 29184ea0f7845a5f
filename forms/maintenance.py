"""Periodic clean-up: notifications left pending, attachments no submission refers to."""

import datetime
import logging

from django.utils import timezone

from forms import tasks
from forms.records import Attachment, Notification, private_storage

logger = logging.getLogger(__name__)


def send_pending_notifications() -> int:
    """Queue every pending notification whose next attempt is due; return how many."""
    due = list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for notification_id in due:
        tasks.send_notification.enqueue(notification_id)
    return len(due)


def sweep_orphan_attachments(older_than=datetime.timedelta(hours=1)) -> list[str]:
    """Remove stored attachment files that no Attachment row refers to.

    Only files older than `older_than` are touched, so a submission still
    being saved is never swept from under its feet.
    """
    storage = private_storage()
    cutoff = timezone.now() - older_than
    removed = []
    for name in _walk(storage, "attachments"):
        if Attachment.objects.filter(file=name).exists():
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified < cutoff:
            storage.delete(name)
            removed.append(name)
    if removed:
        logger.warning("Removed %s orphan attachment(s)", len(removed))
    return removed


def _walk(storage, folder):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")
