"""The family file's entries in Wagtail's audit log: its timeline on the file's page and in the site history.

A message is built only from the entry's `data`: codes, counts, field names and request references, never a
name, an ID number or a note. beneficiaries/wagtail_hooks.py registers them for the `register_log_actions` hook.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from beneficiaries.models import BeneficiaryFile, LinkedBy

OPENED = "beneficiaries.opened"
LINKED = "beneficiaries.linked"
ACTIVATED = "beneficiaries.activated"
VERIFIED = "beneficiaries.verified"
MERGED = "beneficiaries.merged"
MERGED_INTO = "beneficiaries.merged_into"
CHANGED = "beneficiaries.changed"
CORRECTED = "beneficiaries.corrected"
ERASED = "beneficiaries.erased"
MEMBER_ERASED = "beneficiaries.member_erased"


def _count(entry, key):
    try:
        return int((entry.data or {}).get(key) or 0)
    except (TypeError, ValueError):
        return 0


def changed_labels(names) -> str:
    """The labels of changed fields or sections, in the reader's language."""
    labels = []
    for name in names or ():
        if name in SECTIONS:
            labels.append(str(SECTIONS[name]))
            continue
        try:
            labels.append(str(capfirst(BeneficiaryFile._meta.get_field(name).verbose_name)))
        except FieldDoesNotExist:  # a field since removed
            labels.append(name)
    if not labels:
        return str(_("nothing"))
    return ("، " if get_language_bidi() else ", ").join(labels)


SECTIONS = {
    "member_name": _("Name of a household member"),
    "members": _("Household members"),
    "incomes": _("Income sources"),
    "expenses": _("Regular expenses"),
}


class OpenedFormatter(LogFormatter):
    label = _("Family file: opened")

    def format_message(self, log_entry):
        reference = (log_entry.data or {}).get("reference")
        if reference:
            return _("Opened when request %(reference)s was accepted") % {"reference": reference}
        return _("Opened by staff")


class LinkedFormatter(LogFormatter):
    label = _("Family file: request linked")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        how = LinkedBy(data["how"]).label if data.get("how") in LinkedBy.values else ""
        return _("Request %(reference)s linked (%(how)s)") % {"reference": data.get("reference", ""), "how": how}


class ActivatedFormatter(LogFormatter):
    label = _("Family file: registration completed")
    message = _("Registration completed: the file is active")


class VerifiedFormatter(LogFormatter):
    label = _("Family file: verified")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Verified; changed: %(fields)s; next verification %(next)s") % {
            "fields": changed_labels(data.get("changed")),
            "next": data.get("next_verification") or "—",
        }


class ChangedFormatter(LogFormatter):
    label = _("Family file: edited")

    def format_message(self, log_entry):
        return _("Edited: %(fields)s") % {"fields": changed_labels((log_entry.data or {}).get("changed"))}


class MergedFormatter(LogFormatter):
    label = _("Family file: merged")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        members = _count(log_entry, "members")
        requests = _count(log_entry, "requests")
        return _("File #%(other)s merged into this one: %(members)s, %(requests)s") % {
            "other": data.get("merged_file", ""),
            "members": ngettext("%(n)d member added", "%(n)d members added", members) % {"n": members},
            "requests": ngettext("%(n)d request moved", "%(n)d requests moved", requests) % {"n": requests},
        }


class MergedIntoFormatter(LogFormatter):
    label = _("Family file: merged into another")

    def format_message(self, log_entry):
        return _("Merged into file #%(kept)s") % {"kept": (log_entry.data or {}).get("kept_file", "")}


class CorrectedFormatter(LogFormatter):
    label = _("Family file: personal data corrected")

    def format_message(self, log_entry):
        return _("Corrected at the person's request (PDPL): %(fields)s") % {
            "fields": changed_labels((log_entry.data or {}).get("changed"))
        }


def _erasure_reason(log_entry) -> str:
    if (log_entry.data or {}).get("reason") == "beneficiaries.retention":
        return str(_("its retention period ended"))
    return str(_("at the person's request (PDPL)"))


class ErasedFormatter(LogFormatter):
    label = _("Family file: erased")

    def format_message(self, log_entry):
        members, documents = _count(log_entry, "members"), _count(log_entry, "documents")
        deliveries = _count(log_entry, "deliveries")
        return _("Erased, %(why)s: %(members)s, %(documents)s; %(deliveries)s kept without the family") % {
            "why": _erasure_reason(log_entry),
            "members": ngettext("%(n)d member", "%(n)d members", members) % {"n": members},
            "documents": ngettext("%(n)d document", "%(n)d documents", documents) % {"n": documents},
            "deliveries": ngettext("%(n)d delivery", "%(n)d deliveries", deliveries) % {"n": deliveries},
        }


class MemberErasedFormatter(LogFormatter):
    label = _("Family file: household member erased")

    def format_message(self, log_entry):
        return _("A household member was erased, %(why)s") % {"why": _erasure_reason(log_entry)}


ACTIONS = {
    OPENED: OpenedFormatter,
    LINKED: LinkedFormatter,
    ACTIVATED: ActivatedFormatter,
    VERIFIED: VerifiedFormatter,
    CHANGED: ChangedFormatter,
    MERGED: MergedFormatter,
    MERGED_INTO: MergedIntoFormatter,
    CORRECTED: CorrectedFormatter,
    ERASED: ErasedFormatter,
    MEMBER_ERASED: MemberErasedFormatter,
}


def register_actions(actions):
    """For the `register_log_actions` hook: `actions` is Wagtail's LogActionRegistry."""
    for action, formatter in ACTIONS.items():
        actions.register_action(action)(formatter)


def record(file, action, *, user=None, **data):
    """Log `action` on the family's file with `data`: codes, counts, references and field names only."""
    return log(file, action, user=user, data=data)
