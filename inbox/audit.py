"""The inbox's entries in Wagtail's audit log (Reports → Site history).

Every action is registered here with a label and a message. A message is built
only from what the entry's `data` holds: statuses, counts, formats, field keys.
Nothing that names an applicant is ever written to a log entry: the entry's
title is the request's reference number, or the inbox settings for actions
that span many requests (exports, retention, requests about one applicant).

inbox/wagtail_hooks.py registers `register_actions` for the
`register_log_actions` hook.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Site

from inbox.lifecycle import Status
from inbox.models import InboxSettings


def _status_label(value):
    return Status(value).label if value in Status.values else _("unknown")


def _count(entry, key):
    try:
        return int((entry.data or {}).get(key) or 0)
    except (TypeError, ValueError):
        return 0


def _held(entry) -> str:
    """What other apps held (a family's file, a household member), as counted in the entry; else nothing."""
    held = _count(entry, "held")
    if not held:
        return ""
    return " " + ngettext(
        "(and %(count)s family file or household member)", "(and %(count)s family files or household members)", held
    ) % {"count": held}


class ViewFormatter(LogFormatter):
    label = _("Inbox: request viewed")
    message = _("Viewed the request")


class MoveFormatter(LogFormatter):
    label = _("Inbox: status changed")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if "from" in data and "to" in data:
            return _("Status changed from “%(from)s” to “%(to)s”") % {
                "from": _status_label(data["from"]),
                "to": _status_label(data["to"]),
            }
        return _("Status changed")


class AssignFormatter(LogFormatter):
    label = _("Inbox: assigned")

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("assignee"):
            return _("Assigned to a staff member")
        return _("Assignment removed")


class NoteFormatter(LogFormatter):
    label = _("Inbox: internal note")
    message = _("Internal note added")


class DownloadFormatter(LogFormatter):
    label = _("Inbox: attachment downloaded")
    message = _("Attachment downloaded")


class PersonalLinkFormatter(LogFormatter):
    label = _("Inbox: personal link revoked")

    def format_message(self, log_entry):
        why = (log_entry.data or {}).get("why")
        if why == "sent":
            return _("The applicant's personal links were revoked and a new link sent")
        if why == "correction":
            return _("The applicant's personal links were revoked after their mobile or email was corrected")
        return _("The applicant's personal links were revoked")


class AppealFormatter(LogFormatter):
    label = _("Inbox: the applicant asked for reconsideration")
    message = _("The applicant asked for reconsideration: the request went back to the research committee")


class EscalateFormatter(LogFormatter):
    label = _("Inbox: escalated")

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("level") == "director":
            return _("Escalated to the executive director: not answered on time")
        return _("Escalated to the supervisors: not answered on time")


class ExportFormatter(LogFormatter):
    label = _("Inbox: requests exported")

    def format_message(self, log_entry):
        rows = _count(log_entry, "rows")
        file_format = str((log_entry.data or {}).get("format", "")).upper()
        return ngettext("Exported %(rows)s request as %(format)s", "Exported %(rows)s requests as %(format)s", rows) % {
            "rows": rows,
            "format": file_format,
        }


class PersonalSearchFormatter(LogFormatter):
    label = _("Personal data: applicant looked up")

    def format_message(self, log_entry):
        found = _count(log_entry, "found")
        by = (log_entry.data or {}).get("by")
        what = _("national ID") if by == "national_id" else _("mobile")
        return ngettext(
            "Looked up an applicant by %(what)s: %(count)s request found",
            "Looked up an applicant by %(what)s: %(count)s requests found",
            found,
        ) % {"what": what, "count": found} + _held(log_entry)


class PersonalExportFormatter(LogFormatter):
    label = _("Personal data: exported for the applicant")

    def format_message(self, log_entry):
        count = _count(log_entry, "requests")
        return ngettext(
            "Exported an applicant's data (%(count)s request)",
            "Exported an applicant's data (%(count)s requests)",
            count,
        ) % {"count": count} + _held(log_entry)


class CorrectFormatter(LogFormatter):
    label = _("Personal data: corrected")

    def format_message(self, log_entry):
        field = (log_entry.data or {}).get("field")
        if field:
            return _("Corrected the applicant's data (field: %(field)s)") % {"field": field}
        return _("Corrected the applicant's data")


class EraseFormatter(LogFormatter):
    label = _("Personal data: erased")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("removal_failed"):
            return _("Erasure stopped by a storage or database error; the request was kept for another try")
        count, kept = _count(log_entry, "requests"), _count(log_entry, "kept")
        message = ngettext(
            "Erased an applicant's data: %(count)s request deleted, an anonymous row kept",
            "Erased an applicant's data: %(count)s requests deleted, anonymous rows kept",
            count,
        ) % {"count": count}
        message += _held(log_entry)
        if kept:
            message += " " + ngettext("(%(count)s could not be deleted)", "(%(count)s could not be deleted)", kept) % {
                "count": kept
            }
        return message


class RetentionFormatter(LogFormatter):
    label = _("Inbox: retention")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("removal_failed"):
            return _("Retention could not delete this request (storage or database error); it is tried again")
        deleted, failed = _count(log_entry, "deleted"), _count(log_entry, "kept")
        message = ngettext(
            "Retention deleted %(count)s finished request past its period",
            "Retention deleted %(count)s finished requests past their period",
            deleted,
        ) % {"count": deleted}
        if failed:
            message += " " + ngettext(
                "(%(count)s could not be deleted)", "(%(count)s could not be deleted)", failed
            ) % {"count": failed}
        return message


class ErasureReplayFormatter(LogFormatter):
    label = _("Personal data: erasures replayed after a restore")

    def format_message(self, log_entry):
        count, kept = _count(log_entry, "requests"), _count(log_entry, "kept")
        message = ngettext(
            "Removed again after a restore, as the erasure log records: %(count)s request",
            "Removed again after a restore, as the erasure log records: %(count)s requests",
            count,
        ) % {"count": count}
        others = _count(log_entry, "others")
        if others:
            message += " " + ngettext(
                "and %(count)s other record (a family's file or a member)",
                "and %(count)s other records (families' files or members)",
                others,
            ) % {"count": others}
        if kept:
            message += " " + ngettext("(%(count)s could not be deleted)", "(%(count)s could not be deleted)", kept) % {
                "count": kept
            }
        return message


ACTIONS = {
    "inbox.view": ViewFormatter,
    "inbox.move": MoveFormatter,
    "inbox.assign": AssignFormatter,
    "inbox.note": NoteFormatter,
    "inbox.download": DownloadFormatter,
    "inbox.personal_link": PersonalLinkFormatter,
    "inbox.appeal": AppealFormatter,
    "inbox.escalate": EscalateFormatter,
    "inbox.export": ExportFormatter,
    "inbox.personal_search": PersonalSearchFormatter,
    "inbox.personal_export": PersonalExportFormatter,
    "inbox.correct": CorrectFormatter,
    "inbox.erase": EraseFormatter,
    "inbox.retention": RetentionFormatter,
    "inbox.erasure_replay": ErasureReplayFormatter,
}


def register_actions(actions):
    """For the `register_log_actions` hook: `actions` is Wagtail's LogActionRegistry."""
    for action, formatter in ACTIONS.items():
        actions.register_action(action)(formatter)


def settings_anchor(site=None):
    """What an action spanning many requests is logged on: the inbox settings of the site
    (the default site when none is known)."""
    site = site or Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return InboxSettings.for_site(site)


def record(action, *, user=None, instance=None, site=None, **data):
    """Log `action` on `instance` (or the site's inbox settings) with `data`: counts and codes only."""
    return log(instance if instance is not None else settings_anchor(site), action, user=user, data=data)
