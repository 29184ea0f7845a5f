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
        # One file the bucket will not answer for (gone since the listing, say: a failed submission removing
        # its own) is left to the next run; it must not stop the sweep of all the others.
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                removed.append(name)
        except Exception:
            logger.warning("The orphan sweep skipped %s", name, exc_info=True)
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
