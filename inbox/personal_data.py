"""Requests about one applicant's data under the PDPL: find, export, correct, erase.

Administrators only (`roles.can_manage_personal_data`). The applicant is found
by national ID or mobile number, typed in any digit set and any usual Saudi
spelling (05…, 5…, +966…, 00966…, with spaces or dashes), on the indexed
applicant columns. Each of the four is logged with counts and field keys only.

The export for the applicant is a JSON file (readable by any program and
keeps the nesting: each request with its answers, status history and
messages) of every request found: answers labelled in the language the
applicant used, statuses and dates, and the names of the attached files.

Apps above the inbox that hold data about people (the family's file) take part
through the `inbox_personal_data` hook (`HOLDERS_HOOK`): each registered
function returns a holder (see `Holder`), which finds what it holds about the
person, adds its part to the export, offers its fields for correction and
erases what it holds. The inbox imports none of them.
"""

import dataclasses
import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from core.arabic import to_western_digits
from forms import saudi
from forms.builder import RequestFormBuilder, split_choices
from forms.kinds import FILE_TYPES, FieldRole, FieldType
from forms.models import FormField, Notification, Submission
from forms.personal import role_of
from forms.pipeline import serialisable
from inbox import audit, retention, services
from inbox.models import CaseEvent

NATIONAL_ID, MOBILE = "national_id", "mobile"
HOLDERS_HOOK = "inbox_personal_data"
HELD_PREFIX = "held:"

# The submission's column for each role a correction may change.
COLUMN_OF_ROLE = {
    FieldRole.NAME: "applicant_name",
    FieldRole.NATIONAL_ID: "applicant_national_id",
    FieldRole.MOBILE: "applicant_mobile",
    FieldRole.EMAIL: "applicant_email",
}
# Where messages (and the personal links in them) are sent: a link sent to the old one is revoked.
CONTACT_COLUMNS = {"applicant_mobile", "applicant_email"}


class Identifier:
    """Who is looked for: ("national_id", "1000000008") or ("mobile", "+966505550123"), in the association on
    `site_id` (every association's when None: a command, a shell)."""

    def __init__(self, by, value, site_id=None):
        self.by = by
        self.value = value
        self.site_id = site_id

    def as_session(self):
        return {"by": self.by, "value": self.value}

    @classmethod
    def from_session(cls, data):
        if isinstance(data, dict) and data.get("by") in (NATIONAL_ID, MOBILE) and data.get("value"):
            return cls(data["by"], data["value"])
        return None


def parse_identifier(text) -> Identifier:
    """A national ID / Iqama (10 digits starting with 1 or 2) or a Saudi mobile; ValidationError otherwise."""
    compact = re.sub(r"[\s\-()]", "", to_western_digits(text or ""))
    if not compact:
        raise ValidationError(_("Type a national ID, an Iqama number or a mobile number."), code="required")
    if re.fullmatch(r"[12]\d{9}", compact):
        return Identifier(NATIONAL_ID, saudi.clean_national_id(compact))
    try:
        return Identifier(MOBILE, saudi.clean_saudi_mobile(compact))
    except ValidationError:
        raise ValidationError(
            _(
                "This is neither a national ID or Iqama number (10 digits starting with 1 or 2) nor a Saudi mobile "
                "number."
            ),
            code="identifier",
        ) from None


def find(identifier: Identifier, user=None):
    """Every submission held about this applicant, newest first: of the association `user` works in
    (`working_site_id`; every association's for a user outside a request, or none given)."""
    column = "applicant_national_id" if identifier.by == NATIONAL_ID else "applicant_mobile"
    submissions = Submission.objects.filter(**{column: identifier.value})
    if (site_id := getattr(user, "working_site_id", None)) is not None:
        submissions = submissions.for_site(site_id)
    return submissions.select_related("case").order_by("-submitted_at")


def log_search(identifier, count, user, held=0):
    extra = {"held": held} if held else {}
    audit.record("inbox.personal_search", user=user, by=identifier.by, found=count, **extra)


# --- what other apps hold -----------------------------------------------------------------
@dataclasses.dataclass
class Held:
    """One thing an app holds about the person: `key` ("<holder>:<its own key>"), what it is, what it holds."""

    key: str
    title: str
    details: str = ""


class Holder:
    """What a registered holder provides (subclass it or write the same methods).

    `key` prefixes its items' and fields' keys; `label` heads its fields in the correction form;
    `export_key` is its part's key in the export; `identifying` maps a field to what the person is
    searched by (MOBILE or NATIONAL_ID), so that a corrected identifier keeps finding them."""

    key = ""
    label = ""
    export_key = ""
    identifying: dict = {}

    def find(self, identifier) -> list[Held]:
        return []

    def export(self, identifier):
        return []

    def correctable_fields(self, identifier) -> list[tuple[str, str]]:
        return []

    def correct(self, identifier, field, value, reason, user) -> int:
        raise ValidationError(_("Choose the field to correct."), code="field")

    def erase(self, identifier, user, keys) -> tuple[int, list[str]]:
        """Erase the items of `keys` (its own keys, without its prefix); (how many, titles of those kept)."""
        return 0, []


def holders() -> list:
    return [make() for make in hooks.get_hooks(HOLDERS_HOOK)]


def find_held(identifier) -> list[Held]:
    """Everything other apps hold about the person, each key prefixed with its holder's."""
    found = []
    for holder in holders():
        for item in holder.find(identifier):
            found.append(Held(f"{holder.key}:{item.key}", item.title, item.details))
    return found


def held_fields(identifier) -> list:
    """Grouped choices for the correction form: (the holder's label, [("held:<holder>:<field>", label)])."""
    groups = []
    for holder in holders():
        fields = holder.correctable_fields(identifier)
        if fields:
            groups.append((str(holder.label), [(f"{HELD_PREFIX}{holder.key}:{name}", label) for name, label in fields]))
    return groups


def correct_held(identifier, field, value, reason, user) -> tuple[int, Identifier | None]:
    """Correct a holder's field (`held:<holder>:<field>`); (how many changed, the person's new identifier if the
    field is what they are searched by, else None). Raises ValidationError, changing nothing."""
    if not (reason or "").strip():
        raise ValidationError(_("Please give the reason for this correction."), code="reason")
    holder_key, _sep, name = field.removeprefix(HELD_PREFIX).partition(":")
    for holder in holders():
        if holder.key == holder_key:
            changed = holder.correct(identifier, name, value, reason, user)
            fresh = None
            if holder.identifying.get(name) == identifier.by:
                fresh = parse_identifier(value)
            audit.record("inbox.correct", user=user, field=field.removeprefix(HELD_PREFIX), held=changed)
            return changed, fresh
    raise ValidationError(_("Choose the field to correct."), code="field")


# --- export -----------------------------------------------------------------------------
def _field_labels(submission) -> dict:
    """key -> (label in the applicant's language, field type)."""
    labels = {}
    fields = FormField.objects.filter(page__translation_key=submission.form_key).select_related("locale")
    for field in fields.order_by("sort_order", "pk"):
        if field.locale.language_code == submission.language or field.key not in labels:
            labels[field.key] = (field.label, field.field_type)
    return labels


def submission_record(submission) -> dict:
    labels = _field_labels(submission)
    case = getattr(submission, "case", None)
    with translation.override(submission.language):
        answers = [
            {"key": key, "question": labels.get(key, (key, ""))[0], "answer": value}
            for key, value in submission.data.items()
        ]
        record = {
            "reference": submission.reference,
            "form": submission.form_title,
            "kind": str(submission.get_kind_display()),
            "service": submission.service_title,
            "language": submission.language,
            "channel": str(submission.get_channel_display()),
            "submitted_at": submission.submitted_at.isoformat(),
            "answer_due_by": (case.due_date if case else submission.reply_due).isoformat(),
            "status": str(case.get_status_display()) if case else "",
            "answered_at": case.answered_at.isoformat() if case and case.answered_at else None,
            "closed_at": case.closed_at.isoformat() if case and case.closed_at else None,
            "applicant": {
                "name": submission.applicant_name,
                "national_id": submission.applicant_national_id,
                "mobile": submission.applicant_mobile,
                "email": submission.applicant_email,
            },
            "answers": answers,
            "attachments": [
                {
                    "question": labels.get(a.field_key, (a.field_key, ""))[0],
                    "file_name": a.original_name,
                    "size": a.size,
                }
                for a in submission.attachments.order_by("pk")
            ],  # fmt: skip
            "status_history": [
                {
                    "from": str(event.get_from_status_display()),
                    "to": str(event.get_to_status_display()),
                    "at": event.created_at.isoformat(),
                }
                for event in (case.events.filter(kind=CaseEvent.Kind.MOVE) if case else [])
            ],  # fmt: skip
            # What the applicant wrote when asking for reconsideration (inbox.appeals), and what came of it.
            "appeals": [
                {
                    "reason": appeal.reason,
                    "submitted_at": appeal.submitted_at.isoformat(),
                    "outcome": str(appeal.get_outcome_display()) if appeal.outcome else None,
                }
                for appeal in (case.appeals.all() if case else [])
            ],  # fmt: skip
            "messages": [
                {
                    "channel": str(n.get_channel_display()),
                    "status": str(n.get_status_display()),
                    "sent_at": n.sent_at.isoformat() if n.sent_at else None,
                    "subject": n.subject,
                    "text": n.body,
                }
                for n in submission.notifications.exclude(channel=Notification.Channel.STAFF_EMAIL).order_by("pk")
            ],  # fmt: skip
        }
    return record


def export_for_applicant(identifier, user) -> bytes:
    """A JSON file of everything held about the applicant; the export is logged (a count only)."""
    submissions = list(find(identifier, user))
    document = {
        "exported_at": timezone.now().isoformat(),
        "requests": [submission_record(submission) for submission in submissions],
    }
    held = 0
    for holder in holders():
        part = holder.export(identifier)
        if part:
            document[holder.export_key] = part
            held += len(part)
    extra = {"held": held} if held else {}
    audit.record("inbox.personal_export", user=user, requests=len(submissions), **extra)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# --- correction -----------------------------------------------------------------------------
def correctable_fields(submissions) -> list[tuple[str, str]]:
    """(choice value, label) for the correction form: the four roles, then each answer by key."""
    choices = [(f"role:{role}", str(label)) for role, label in FieldRole.choices]
    keys = []
    for submission in submissions:
        for key, (label, field_type) in _field_labels(submission).items():
            if field_type not in FILE_TYPES and key not in [k for k, _label in keys]:
                keys.append((key, f"{label} [{key}]"))
    return choices + [(f"answer:{key}", label) for key, label in keys]


def _clean_for_role(role, value):
    value = (value or "").strip()
    if role == FieldRole.NATIONAL_ID:
        return saudi.clean_national_id(value)
    if role == FieldRole.MOBILE:
        return saudi.clean_saudi_mobile(value)
    if role == FieldRole.EMAIL:
        validate_email(value)
        return value.lower()
    if not value:
        raise ValidationError(_("The name cannot be empty."), code="required")
    return " ".join(value.split())[:255]


def _clean_answer(submission, key, value):
    """The new answer, checked as the form's own field checks it."""
    field = FormField.objects.filter(page__translation_key=submission.form_key, key=key).order_by("locale_id").first()
    if field is None:
        raise ValidationError(_("This request has no question with the key “%(key)s”."), params={"key": key})
    if field.field_type in FILE_TYPES:
        raise ValidationError(_("Files cannot be corrected here."), code="file")
    value = (value or "").strip()
    form_field = RequestFormBuilder([field]).formfields[field.clean_name]
    if field.field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT):
        raw = split_choices(value)
    elif field.field_type == FieldType.HIJRI_DATE:
        year = re.findall(r"\d{4}", to_western_digits(value))
        raw = ["hijri" if year and int(year[0]) < 1700 else "gregorian", value]
    elif field.field_type == FieldType.CHECKBOX:
        raw = value.lower() in ("1", "yes", "true", "on", "نعم")
    else:
        raw = value
    cleaned = form_field.clean(raw)
    return serialisable(cleaned), field


def correct(submissions, field, value, reason, user) -> int:
    """Set one personal field (`role:<role>`) or answer (`answer:<key>`) on each submission; return how many
    changed. The applicant columns and `data` are kept in step. Raises ValidationError, changing nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for this correction."), code="reason")
    kind, _sep, name = (field or "").partition(":")
    if kind == "role" and name in COLUMN_OF_ROLE:
        new = _clean_for_role(name, value)
        plans = [(submission, name, None) for submission in submissions]
    elif kind == "answer" and name:
        plans = []
        for submission in submissions:
            if name not in submission.data and name not in _field_labels(submission):
                continue
            new_answer, form_field = _clean_answer(submission, name, value)
            plans.append((submission, role_of(form_field), new_answer))
        if not plans:
            raise ValidationError(_("None of these requests has this question."), code="key")
    else:
        raise ValidationError(_("Choose the field to correct."), code="field")

    changed = 0
    with transaction.atomic():
        for submission, role, new_answer in plans:
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            data = dict(submission.data)
            update = set()
            if kind == "role":
                keys = submission.personal_fields_by_role().get(role, [])
                for key in keys:
                    data[key] = new
                column_value = new
            else:
                data[name] = new_answer
                column_value = new_answer if isinstance(new_answer, str) else None
            if role in COLUMN_OF_ROLE and column_value is not None:
                # The column follows the answer it was copied from (the first of that role).
                column = COLUMN_OF_ROLE[role]
                first_key = (submission.personal_fields_by_role().get(role) or [None])[0]
                changes = getattr(submission, column) != column_value
                if changes and (kind == "role" or first_key in (None, name)):
                    setattr(submission, column, column_value)
                    update.add(column)
            if data != submission.data:
                submission.data = data
                update.add("data")
            if not update:
                continue
            submission.save(update_fields=update)
            changed += 1
            case = getattr(submission, "case", None)
            if case is not None:
                CaseEvent.objects.create(
                    case=case, kind=CaseEvent.Kind.NOTE, actor=user,
                    text=_("Personal data corrected (%(field)s): %(reason)s") % {"field": name, "reason": reason},
                )  # fmt: skip
                log(case, "inbox.correct", user=user, data={"field": name})
                if update & CONTACT_COLUMNS:
                    services.revoke_personal_links(case.pk, user=user, why="correction")
    return changed


# --- erasure --------------------------------------------------------------------------------
def erase(identifier, user, only_ids=None, held_keys=None) -> tuple[int, list[str]]:
    """`erase_all`, returning (requests erased, references and titles kept after a failure)."""
    erased, _held, failed = erase_all(identifier, user, only_ids=only_ids, held_keys=held_keys)
    return erased, failed


def erase_all(identifier, user, only_ids=None, held_keys=None) -> tuple[int, int, list[str]]:
    """Delete every request found (or those of `only_ids` among them) with their files, keeping
    anonymous rows, and what other apps hold about the person (or the `held_keys` of `find_held`);
    return (requests erased, other items erased, references and titles kept after a failure).
    Logged as counts."""
    submissions = find(identifier, user)
    if only_ids is not None:
        submissions = submissions.filter(pk__in=only_ids)
    erased, failed = 0, []
    rating_cache = {}
    for submission_id, reference in list(submissions.values_list("pk", "reference")):
        # The applicant's links die first, even if the removal then fails and the rows stay for another try.
        services.revoke_personal_links(submission_id, user=user, why="erasure", timeline=False)
        try:
            removed = retention.remove_case(submission_id, action="inbox.erase", user=user, rating_cache=rating_cache)
        except retention.RemovalFailed:
            failed.append(reference)
            continue
        if removed is not None:
            erased += 1
    held = 0
    for holder in holders():
        prefix = f"{holder.key}:"
        keys = None if held_keys is None else [key.removeprefix(prefix) for key in held_keys if key.startswith(prefix)]
        if keys == []:
            continue
        count, kept = holder.erase(identifier, user, keys)
        held += count
        failed += kept
    extra = {"held": held} if held else {}
    audit.record("inbox.erase", user=user, requests=erased, kept=len(failed), **extra)
    return erased, held, failed
