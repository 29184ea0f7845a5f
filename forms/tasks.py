"""Notifications about submissions, sent by background tasks.

django-tasks has no retries of its own: a failed attempt is recorded on the
Notification row, and the task is queued again with a growing delay (where the
backend can defer) or left pending for `send_pending_notifications`.
"""

import datetime
import logging
import smtplib

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task, task_backends

from core import bidi
from forms import sms
from forms.records import Notification
from organisation import channels

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@task(backend="background")
def send_notification(notification_id: int) -> str:
    """One notification: a retry (`retry_later`), the sweeper's (forms.maintenance) and tasks queued before
    `send_notifications` took a transaction's together."""
    return send_one(notification_id)


@task(backend="background")
def send_notifications(notification_ids: list[int]) -> list[str]:
    """Every notification one transaction owed (a new request's staff alert and the applicant's
    acknowledgement by email and SMS), in one task: a worker claims and finishes one task rather than
    one per message (a third of the queue's work on the worker and the database). Each is still sent
    and recorded in a transaction of its own, and one that fails is retried alone (`retry_later`)."""
    sending, outcomes, errors = Sending(), [], []
    for notification_id in notification_ids:
        try:
            outcomes.append(send_one(notification_id, sending))
        except Exception as error:  # the database: the others are still sent; this one stays pending
            # Its kind only: a database error may quote the values it was given.
            logger.error("Notification %s could not be sent or recorded: %s", notification_id, type(error).__name__)
            outcomes.append("error")
            errors.append(error)
    if errors:  # the task is recorded as failed; the sweeper (send_pending_notifications) sends what is left
        raise errors[0]
    return outcomes


class Sending:
    """What the notifications of one task share: each association's channels, read once."""

    def __init__(self):
        self._channels = {}

    def channels(self, site_id) -> dict:
        if site_id not in self._channels:
            self._channels[site_id] = channels.own(site_id)
        return self._channels[site_id]


def send_one(notification_id: int, sending: Sending | None = None) -> str:
    sending = sending or Sending()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("submission").filter(pk=notification_id).first()
        )
        if notification is None or notification.status != Notification.Status.PENDING:
            return "skipped"
        notification.attempts += 1
        try:
            deliver(notification, sending)
        except Exception as error:  # any failure of the outside world
            # Named by its id only: the error may quote the address or number it was for.
            logger.warning(
                "Notification %s failed (attempt %s): %s",
                notification.pk,
                notification.attempts,
                failure_summary(error),
            )
            notification.last_error = repr(error)[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            else:
                notification.next_attempt_at = timezone.now() + datetime.timedelta(minutes=2**notification.attempts)
            notification.save()
            if notification.status == Notification.Status.PENDING:
                transaction.on_commit(lambda: retry_later(notification))
            return "failed"
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save()
        return "sent"


def failure_summary(error) -> str:
    """What kind of failure, and its codes, for a log line: never the recipients or text an error
    may quote (a mail server refusing "<name@example.org>", a gateway echoing the message)."""
    kind = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _answer in error.recipients.values()})
        return f"{kind}: {len(error.recipients)} recipient(s) refused (SMTP {', '.join(codes)})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{kind}: SMTP {error.smtp_code}"
    if isinstance(error, sms.SmsDeliveryError):
        return f"{kind}: {error.reason}"
    if isinstance(error, OSError) and error.strerror:  # network: refused, unreachable, timed out
        return f"{kind}: {error.strerror}"
    return kind


def retry_later(notification):
    backend = task_backends[send_notification.backend]
    if backend.supports_defer:
        try:
            send_notification.using(run_after=notification.next_attempt_at).enqueue(notification.pk)
        except Exception:
            logger.exception("Could not queue a retry of notification %s", notification.pk)
    # Otherwise (the immediate backend) `send_pending_notifications` retries it.


def deliver(notification, sending: Sending | None = None):
    """Send as written when owed (the applicant's messages, from the inbox's templates); the
    staff alert, which has no text of its own, is written here in the form's language. Both come from
    the request's association's own sender (organisation.channels), else the deployment's."""
    sending = sending or Sending()
    if notification.body or notification.channel != Notification.Channel.STAFF_EMAIL:
        return deliver_written(notification, sending)
    submission = notification.submission
    recipients = staff_recipients(submission)
    if not recipients:
        return
    with translation.override(submission.language):
        context = {"submission": submission}
        send_mail(
            bidi.isolate_if_rtl(render_to_string("forms/email/staff_subject.txt", context).strip()),
            bidi.isolate_if_rtl(render_to_string("forms/email/staff_body.txt", context)),
            sender_email(submission, sending),
            recipients,
        )


def sender_email(submission, sending: Sending) -> str:
    """channels.sender_email, from the channels the task read once."""
    return sending.channels(submission.site_id)["sender_email"] or settings.DEFAULT_FROM_EMAIL


def deliver_written(notification, sending: Sending | None = None):
    """A message whose text was written when it was owed (the inbox's templates)."""
    sending = sending or Sending()
    submission = notification.submission
    if not notification.body:  # nothing was written for it (no template): nothing to send
        return
    if notification.channel == Notification.Channel.APPLICANT_SMS:
        # The association's own sender name; none, the backend's own (FORMS_SMS_SENDER), so a backend that
        # sends no sender name is made as before.
        sender = sending.channels(submission.site_id)["sms_sender"]
        sms.get_backend(sender).send(submission.applicant_mobile, notification.body)
        return
    recipients = [submission.applicant_email] if notification.channel == Notification.Channel.APPLICANT_EMAIL else []
    if notification.channel == Notification.Channel.STAFF_EMAIL:
        recipients = staff_recipients(submission)
    if not recipients:
        return
    message = EmailMultiAlternatives(notification.subject, notification.body, sender_email(submission, sending),
                                     recipients)  # fmt: skip
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    message.send()


def staff_recipients(submission) -> list[str]:
    """The form's staff addresses, else the deployment's ADMINS. Only FormPage has them: its one column is read."""
    emails = ""
    if submission.form_page_id:
        # forms.pages sits above this module (it serves through forms.views): the model by its name.
        form_pages = apps.get_model("forms", "FormPage").objects
        emails = form_pages.filter(pk=submission.form_page_id).values_list("staff_emails", flat=True).first()
    addresses = [a.strip() for a in (emails or "").split(",") if a.strip()]
    return addresses or [address for _name, address in settings.ADMINS]
