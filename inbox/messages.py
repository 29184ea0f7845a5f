"""Messages to the applicant, written from the templates administrators edit.

A message is owed in the same transaction as the change that owes it: its
text is written then (from the template of the request's kind, the event and
the applicant's language, else the template for every kind) and stored as
`forms.Notification` rows, which the notification task sends after commit
and `forms_maintenance` retries, as for every other notification.
"""

import re

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from wagtail import hooks

from forms.models import Notification
from inbox.lifecycle import Event
from inbox.models import CaseEvent, MessageTemplate
from website import content_version

__all__ = ["Event", "tell_applicant", "render"]

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def template_for(kind, event, language):
    """The template for this kind, else for every kind; kept per worker like the prepared form
    pages (saving a template changes the shared version: inbox.apps)."""

    def find():
        templates = {
            template.kind: template
            for template in MessageTemplate.objects.filter(event=event, language=language, kind__in=[kind, ""])
        }
        return templates.get(kind) or templates.get("")

    return content_version.remembered(("message-template", kind, event, language), find)


def organisation_name(submission) -> str:
    """The association's name in the applicant's language, from the site the form is on."""
    from organisation.models import OrganisationSettings

    if not submission.form_page_id:
        return ""
    url_parts = submission.form_page.get_url_parts()
    if not url_parts:
        return ""

    def find():
        settings = OrganisationSettings.objects.filter(site_id=url_parts[0]).select_related("profile").first()
        if not settings or not settings.profile_id:
            return ""
        with translation.override(submission.language):
            return settings.profile.localized.name

    return content_version.remembered(("organisation-name", url_parts[0], submission.language), find)


def placeholders(case, reason="") -> dict:
    from website.calendars import format_gregorian, format_hijri, gregorian_to_hijri

    submission = case.submission
    language = submission.language
    organisation = organisation_name(submission)
    values = {
        "reference": submission.reference,
        "name": submission.applicant_name,
        "form": submission.form_title,
        "service": submission.service_title,
        "due_date": format_gregorian(case.due_date, language),
        "due_date_hijri": format_hijri(gregorian_to_hijri(case.due_date), language),
        "reason": reason,
        "organisation": organisation,
        "status_url": "",
    }
    # Other apps add their own (followup: {status_url}, {survey_url}) without the inbox importing them.
    for hook in hooks.get_hooks("inbox_message_placeholders"):
        values.update(hook(case) or {})
    return values


def fill(text: str, values: dict) -> str:
    """Replace {name} placeholders; anything else in braces is left as written (no str.format: no attribute access)."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text or "")


def render(case, event, reason="") -> dict | None:
    """Subject, text, HTML and SMS of the message for this request and event, or None without a template."""
    submission = case.submission
    template = template_for(submission.kind, event, submission.language)
    if template is None:
        return None
    values = placeholders(case, reason)
    body = fill(template.body, values)
    with translation.override(submission.language):
        html = render_to_string(
            "inbox/email/message.html",
            {"body": body, "language": submission.language, "rtl": translation.get_language_bidi()},
        )
    return {"subject": fill(template.subject, values), "body": body, "html": html, "sms": fill(template.sms, values)}


def tell_applicant(case, event, *, reason="", user=None) -> list[Notification]:
    """Owe the applicant the message of `event` by email and SMS (whichever they gave us)."""
    submission = case.submission
    if submission.anonymous or not (submission.applicant_email or submission.applicant_mobile):
        return []
    message = render(case, event, reason)
    if message is None:
        return []
    owed = []
    if submission.applicant_email:
        owed.append(
            Notification(
                submission=submission, channel=Notification.Channel.APPLICANT_EMAIL, event=event,
                subject=message["subject"][:255], body=message["body"], html_body=message["html"],
            )
        )  # fmt: skip
    if submission.applicant_mobile and message["sms"]:
        owed.append(
            Notification(
                submission=submission, channel=Notification.Channel.APPLICANT_SMS, event=event, body=message["sms"]
            )
        )
    owed = Notification.objects.bulk_create(owed)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, kind=CaseEvent.Kind.MESSAGE, actor=user, text=event, notification=notification)
            for notification in owed
        ]
    )
    from forms.pipeline import queue_notifications

    ids = [notification.pk for notification in owed]
    transaction.on_commit(lambda: queue_notifications(ids))
    return owed
