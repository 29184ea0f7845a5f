"""Messages to the applicant, written from the templates administrators edit.

A message is owed in the same transaction as the change that owes it: its
text is written then (from the template of the request's kind, the event and
the applicant's language, else the template for every kind) and stored as
`forms.Notification` rows, which the notification task sends after commit
and `forms_maintenance` retries, as for every other notification.
"""

import dataclasses
import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail import hooks

from core import bidi, content_version
from core.calendars import format_gregorian, hijri_display
from forms.models import Notification
from forms.pipeline import queue_after_commit
from inbox.lifecycle import Event
from inbox.models import CaseEvent, MessageTemplate
from organisation.models import OrganisationSettings

__all__ = ["DocumentToAsk", "Event", "documents_to_ask", "render", "tell_applicant", "with_documents"]

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Placeholders whose value the applicant typed: shown as text, never made into a link.
APPLICANT_WRITTEN = {"name"}


def template_for(kind, event, language, site_id):
    """The association's template for this kind, else for every kind; kept per worker like the prepared
    form pages (saving a template changes the shared version: inbox.apps)."""

    def find():
        templates = {
            template.kind: template
            for template in MessageTemplate.objects.for_site(site_id).filter(
                event=event, language=language, kind__in=[kind, ""]
            )
        }
        return templates.get(kind) or templates.get("")

    return content_version.remembered(("message-template", site_id, kind, event, language), find)


def organisation_name(submission) -> str:
    """The association's name in the applicant's language, from the request's association."""
    site_id = submission.site_id

    def find():
        settings = OrganisationSettings.objects.filter(site_id=site_id).select_related("profile").first()
        if not settings or not settings.profile_id:
            return ""
        with translation.override(submission.language):
            return settings.profile.localized.name

    return content_version.remembered(("organisation-name", site_id, submission.language), find)


def placeholders(case, reason="") -> dict:
    submission = case.submission
    language = submission.language
    organisation = organisation_name(submission)
    values = {
        "reference": submission.reference,
        "name": submission.applicant_name,
        "form": submission.form_title,
        "service": submission.service_title,
        "due_date": format_gregorian(case.due_date, language),
        "due_date_hijri": hijri_display(case.due_date, language),
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


def fill_html(text: str, values: dict):
    """The HTML of `fill(text, values)`: everything escaped, references, links and numbers marked
    (core.bidi); links are made of the template's text and our own values, never of the applicant's."""
    text = text or ""
    pieces, position = [], 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(bidi.mark(text[position : match.start()], links=True, inline_styles=True))
        name = match.group(1)
        value = str(values[name]) if name in values else match.group(0)
        pieces.append(bidi.mark(value, links=name not in APPLICANT_WRITTEN, inline_styles=True))
        position = match.end()
    pieces.append(bidi.mark(text[position:], links=True, inline_styles=True))
    return mark_safe("".join(pieces))  # noqa: S308 - bidi.mark escapes every piece


def render(case, event, reason="", values: dict | None = None) -> dict | None:
    """Subject, text, HTML and SMS of the message for this request and event, or None without a template.
    `values` fills the placeholders only this event has (core.message_events: a delivery's code)."""
    submission = case.submission
    template = template_for(submission.kind, event, submission.language, submission.site_id)
    if template is None:
        return None
    # A value cannot carry its own direction marks (an applicant's name reversing the text after it).
    filled = placeholders(case, reason) | (values or {})
    values = {name: bidi.strip_controls(str(value)) for name, value in filled.items()}
    with translation.override(submission.language):
        rtl = translation.get_language_bidi()
        html = render_to_string(
            "inbox/email/message.html",
            {"body": fill_html(template.body, values), "language": submission.language, "rtl": rtl},
        )
    texts = {part: fill(getattr(template, part), values) for part in ("subject", "body", "sms")}
    if rtl:
        # Plain text keeps each reference, link and number in order with isolates. Only in right-to-left
        # messages: left-to-right text needs none, and an English SMS stays in the 160-character alphabet.
        texts = {part: bidi.isolate(text) for part, text in texts.items()}
    return {**texts, "html": html}


def tell_applicant(case, event, *, reason="", user=None, values: dict | None = None) -> list[Notification]:
    """Owe the applicant the message of `event` by email and SMS (whichever they gave us); `values` fills the
    event's own placeholders."""
    submission = case.submission
    if submission.anonymous or not (submission.applicant_email or submission.applicant_mobile):
        return []
    message = render(case, event, reason, values)
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
    # With whatever else this transaction owes (a new request's staff alert): one task sends them.
    queue_after_commit([notification.pk for notification in owed])
    return owed


# --- asking for missing documents -------------------------------------------------------------
# Hook name: a function (request, case) -> a list of DocumentToAsk (or None): the documents a move that asks
# for missing documents offers to list, with what is known of each (the family's file knows what it already
# holds and what has expired), so a family is not asked twice for what is valid. A name, not an import.
MISSING_DOCUMENTS_HOOK = "inbox_missing_documents"


@dataclasses.dataclass(frozen=True)
class DocumentToAsk:
    label: str  # as the applicant reads it: it goes into the message
    state: str  # what staff are told of it (on file and valid until..., expired, not on file)
    ask: bool  # offered checked: missing or expired


def documents_to_ask(request, case) -> list[DocumentToAsk]:
    return [
        document
        for make_list in hooks.get_hooks(MISSING_DOCUMENTS_HOOK)
        for document in (make_list(request, case) or [])
    ]


def with_documents(case, reason: str, labels: list[str]) -> str:
    """The message's reason followed by the list of documents asked for, headed in the applicant's language."""
    if not labels:
        return reason
    with translation.override(case.submission.language):
        heading = gettext("Please send these documents:")
    lines = [reason.strip()] if reason and reason.strip() else []
    return "\n".join([*lines, heading, *(f"- {label}" for label in labels)])
