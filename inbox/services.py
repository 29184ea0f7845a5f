"""Everything that changes a case goes through here: opening, moves, assignment, notes.

Each change checks on the server what this person may do with this request
at its status (whatever the request said), happens in one transaction with
its timeline entry, and is refused when someone else changed the request
first: the UPDATE only matches the version the person saw.
"""

import logging
import types

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core import file_safety
from forms import pipeline, uploads
from forms.models import Attachment, Submission
from inbox import messages, signals
from inbox.lifecycle import APPLICANT, Role, Status, lifecycle_of
from inbox.models import Appeal, Case, CaseEvent, new_link_secret, visible_cases
from inbox.periods import periods_for
from inbox.roles import roles_of, staff_holding, staff_with_role
from inbox.tasks import tell_assignee
from organisation.models import OrganisationSettings, ReplyRules

logger = logging.getLogger(__name__)


class InboxError(Exception):
    """A change that was refused. Its message is translated and safe to show."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(str(message) % params if params else str(message))

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


class NotAllowed(InboxError):
    pass


class Conflict(InboxError):
    pass


class Invalid(InboxError):
    pass


# --- opening ---------------------------------------------------------------------
def open_case_for(sender, instance, created, raw=False, **kwargs):
    """post_save of a Submission: every new submission becomes a case, in the same transaction."""
    if not created or raw:
        return
    submission = instance
    case = Case.objects.create(
        submission=submission,
        status=lifecycle_of(submission.kind).first,
        due_date=submission.reply_due,
        working_days=getattr(submission, "reply_in_working_days", False),
        status_changed_at=submission.submitted_at,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.RECEIVED,
        actor_id=getattr(submission, "entered_by_id", None),
        to_status=case.status,
        created_at=submission.submitted_at,
        text=getattr(submission, "channel", ""),
    )
    messages.tell_applicant(case, messages.Event.ACKNOWLEDGEMENT)


# --- who sees what --------------------------------------------------------------
# `visible_cases` (the cases this person may see) lives in inbox.models, whose audit log manager applies it too.


def site_id_of(case_id) -> int | None:
    """The association a request belongs to (a case's key is its submission's)."""
    return Submission.objects.filter(pk=case_id).values_list("site_id", flat=True).first()


def staff_in_inbox(site_id=None):
    """Everyone who works requests (at the association on `site_id`, when given), by name: the people a
    request can be assigned to."""
    return staff_holding(*Role, site_id=site_id).order_by("first_name", "last_name", "username")


def can_see(user, case) -> bool:
    return visible_cases(user, Case.objects.filter(pk=case.pk)).exists()


def roles_on(user, case) -> frozenset:
    """The roles this person holds for this request: a researcher only on requests referred or assigned to them."""
    roles = set(roles_of(user))
    if Role.RESEARCHER in roles and user.pk not in (case.researcher_id, case.assignee_id):
        roles.discard(Role.RESEARCHER)
    if Role.COMMITTEE in roles and case.committee_at is None and case.assignee_id != user.pk:
        roles.discard(Role.COMMITTEE)
    return frozenset(roles)


def allowed_moves(user, case, now=None) -> list:
    roles = roles_on(user, case)
    now = now or timezone.now()
    moves = [move for move in case.lifecycle.moves_from(case.status) if move.roles & roles]
    periods = periods_for(case) if any(move.within_period or move.after_period for move in moves) else {}
    return [move for move in moves if move.open_at(case.status_changed_at, now, periods)]


def can_assign(user) -> bool:
    return Role.RELATIONS in roles_of(user)


def can_note(user, case) -> bool:
    """Whoever may see a request may write an internal note on it."""
    return can_see(user, case)


# --- changes ---------------------------------------------------------------------
def _locked(case_id):
    case = Case.objects.select_for_update().select_related("submission").filter(pk=case_id).first()
    if case is None:
        raise NotAllowed(_("This request no longer exists."))
    return case


def _check_version(case, expected_version):
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this request a moment ago; it is now “%(status)s”. "
                "Nothing was changed: look at it again before you act."
            ),
            status=case.get_status_display(),
        )


def _save(case, seen_version, **changes):
    """Write the changes only if nobody wrote in between (SQLite has no row locks)."""
    changes["version"] = F("version") + 1
    if not Case.objects.filter(pk=case.pk, version=seen_version).update(**changes):
        _check_version(Case.objects.get(pk=case.pk), seen_version)
        raise Conflict(_("Someone else changed this request a moment ago. Nothing was changed."))
    for name, value in changes.items():
        if name != "version":
            setattr(case, name, value)
    case.version = seen_version + 1


def make_move(case_id, to, *, user, reason="", researcher=None, expected_version=None):
    """Move the request to `to`, as `user`, or raise an InboxError saying why not."""
    reason = (reason or "").strip()
    with transaction.atomic():
        case = _locked(case_id)
        if not can_see(user, case):
            raise NotAllowed(_("You may not work on this request."))
        _check_version(case, expected_version)
        move = case.lifecycle.find(case.status, to)
        if move is None:
            raise NotAllowed(
                _("A request that is “%(status)s” cannot move to “%(to)s”."),
                status=case.get_status_display(),
                to=Status(to).label if to in Status.values else to,
            )
        if not move.roles & roles_on(user, case):
            raise NotAllowed(_("Your role may not make this move: “%(move)s”."), move=move.label)
        periods = periods_for(case) if move.within_period or move.after_period else {}
        if move.after_period and not move.open_at(case.status_changed_at, timezone.now(), periods):
            raise NotAllowed(_("Not yet possible: “%(move)s” waits until the applicant's appeal period has ended."),
                             move=move.label)  # fmt: skip
        if not move.open_at(case.status_changed_at, timezone.now(), periods):
            raise NotAllowed(_("It is too late for “%(move)s”: the period in which it was possible has passed."),
                             move=move.label)  # fmt: skip
        if move.needs_reason and not reason:
            raise Invalid(_("Please give the reason for this move."))
        now = timezone.now()
        changes = {"status": to, "status_changed_at": now}
        if move.needs_researcher:
            researchers = staff_with_role(Role.RESEARCHER, site_id=case.submission.site_id)
            if researcher is None or not researchers.filter(pk=researcher.pk).exists():
                raise Invalid(_("Please choose the social researcher who takes the request."))
            changes["researcher"] = researcher
        if to == Status.WAITING:
            changes["waiting_since"] = now
        if case.status == Status.WAITING and case.waiting_since:
            changes.update(_after_waiting(case, now))
        if to in case.lifecycle.answers and case.answered_at is None:
            changes["answered_at"] = now
        if to == Status.COMMITTEE and case.committee_at is None:
            changes["committee_at"] = now
        if to == Status.CLOSED:
            changes["closed_at"] = now
        from_status = case.status
        _save(case, case.version, **changes)
        event = CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.MOVE, actor=user, from_status=from_status, to_status=to, text=reason,
            assignee=changes.get("researcher"),
        )  # fmt: skip
        log(case, "inbox.move", user=user, data={"from": from_status, "to": to})
        settle_appeal(case, from_status, to, now)
        if move.tells_applicant:
            messages.tell_applicant(case, move.tells_applicant, reason=reason, user=user)
        if move.needs_researcher:
            _tell_assignee(case, researcher)
        signals.send_after_commit(case, from_status, to, user)
    return case, event


# Where a request goes from the committee that answers its appeal (sent back for research, it is still open).
APPEAL_OUTCOMES = frozenset({Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.SPAM})


def settle_appeal(case, from_status, to, now):
    """The request's open appeal is decided when it leaves the committee with an answer (or ends)."""
    if to in APPEAL_OUTCOMES and (from_status == Status.COMMITTEE or to in (Status.WITHDRAWN, Status.SPAM)):
        Appeal.objects.open_for(case).update(outcome=to, decided_at=now)


def _after_waiting(case, now) -> dict:
    """Time spent waiting for the applicant does not count: the due date moves by it."""
    page = case.submission.form_page
    rules = OrganisationSettings.reply_rules_for(page) if page else ReplyRules()
    if not case.working_days:
        rules = ReplyRules()
    waited = rules.days_between(timezone.localdate(case.waiting_since), timezone.localdate(now))
    return {
        "waiting_since": None,
        "days_waited": case.days_waited + waited,
        "due_date": rules.due_date(case.due_date, waited) if waited else case.due_date,
    }


def assign(case_id, assignee, *, user, expected_version=None):
    """Give the request to `assignee` (None: unassign). Only beneficiary relations assign."""
    if not can_assign(user):
        raise NotAllowed(_("Your role may not assign requests."))
    if assignee is not None and not roles_of(assignee):
        name = assignee.get_full_name() or assignee.get_username()
        raise Invalid(_("%(name)s does not work in the inbox."), name=name)
    with transaction.atomic():
        case = _locked(case_id)
        _check_version(case, expected_version)
        if case.assignee_id == (assignee.pk if assignee else None):
            return case, None
        _save(case, case.version, assignee=assignee)
        event = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ASSIGNMENT, actor=user, assignee=assignee)
        log(case, "inbox.assign", user=user, data={"assignee": assignee.pk if assignee else None})
        if assignee is not None and assignee != user:
            _tell_assignee(case, assignee)
    return case, event


def add_note(case_id, text, *, user):
    text = (text or "").strip()
    if not text:
        raise Invalid(_("The note is empty."))
    with transaction.atomic():
        case = _locked(case_id)
        if not can_note(user, case):
            raise NotAllowed(_("You may not work on this request."))
        event = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, actor=user, text=text)
        log(case, "inbox.note", user=user)
    return event


def _tell_assignee(case, assignee):
    def queue():
        try:
            tell_assignee.enqueue(case.pk, assignee.pk)
        except Exception:
            logger.exception("Could not queue the assignment email for request %s", case.pk)

    transaction.on_commit(queue)


# --- the applicant's personal links ------------------------------------------------------
class LinkRevoked(NotAllowed):
    """The personal link an applicant acted through was revoked meanwhile: answer as for an unknown link."""


# What the timeline says for each reason a request's links are revoked.
LINK_REVOKED_NOTES = {
    "sent": _("A new personal link was sent to the applicant; the links sent before no longer work."),
    "correction": _(
        "The applicant's mobile or email was corrected: the personal links sent before no longer work. "
        "Send a new link from this page if the applicant needs one."
    ),
}


def revoke_personal_links(case_id, *, user=None, why, timeline=True):
    """Replace the request's link secret: every personal link sent so far (status, documents,
    withdrawal, survey) stops working. `why` is "sent", "correction" or "erasure" (for the log).
    Returns the case with its new secret, or None when it no longer exists."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("submission").filter(pk=case_id).first()
        if case is None:
            return None
        case.link_secret = new_link_secret()
        Case.objects.filter(pk=case.pk).update(link_secret=case.link_secret)
        if timeline:
            text = str(LINK_REVOKED_NOTES.get(why, ""))
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.LINK, actor=user, text=text)
            log(case, "inbox.personal_link", user=user, data={"why": why})
    return case


def can_send_new_link(user, case) -> bool:
    """Beneficiary relations, who speak with applicants, send them a new link."""
    return Role.RELATIONS in roles_on(user, case)


def send_new_link(case_id, *, user):
    """Revoke the request's personal links and send the new one to the applicant's current mobile
    and email, through the message templates; an open survey link is sent again too (it changed with
    the secret). Raises an InboxError, changing nothing, when it cannot be sent."""
    with transaction.atomic():
        case = _locked(case_id)
        if not can_see(user, case) or not can_send_new_link(user, case):
            raise NotAllowed(_("Your role may not send the applicant a new link."))
        submission = case.submission
        if submission.anonymous or not (submission.applicant_email or submission.applicant_mobile):
            raise Invalid(_("This request has no mobile number or email to send a link to."))
        case = revoke_personal_links(case.pk, user=user, why="sent")
        if not messages.placeholders(case).get("status_url"):
            raise Invalid(
                _("This request has no personal link to send: it finished more than 30 days ago, "
                  "or the site has no page for following requests.")
            )  # fmt: skip
        owed = messages.tell_applicant(case, messages.Event.PERSONAL_LINK, user=user)
        if not owed:
            raise Invalid(_("There is no message template for a new personal link in the applicant's language."))
        signals.personal_link_renewed.send(sender=Case, case=case, user=user)
    return case, owed


def _check_link(case, link_secret):
    """The applicant acts through the link they opened: refuse if it was revoked since (checked with the row locked)."""
    if link_secret is not None and not constant_time_compare(case.link_secret, link_secret):
        raise LinkRevoked(_("This link is not valid, or it has expired."))


# --- the applicant's own actions (through their personal link) ------------------------
APPLICANT_DOCUMENTS_KEY = "missing_documents"  # the field key of documents sent later
MAX_APPLICANT_FILES = 10


def _applicant_move(case, move_to, *, now):
    """The changes of a move the applicant makes, as make_move computes them for staff."""
    changes = {"status": move_to, "status_changed_at": now}
    if case.status == Status.WAITING and case.waiting_since:
        changes.update(_after_waiting(case, now))
    return changes


def waited_from(case):
    """The request for documents the case waits on: (status it was asked from, who asked), or (None, None)."""
    event = (
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MOVE, to_status=Status.WAITING)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    return (event.from_status, event.actor) if event else (None, None)


def check_applicant_files(files) -> list:
    """Each file through the forms' upload checks (forms.uploads), then the count and total size.

    Returns the checked uploads or raises Invalid with the first problem, translated."""
    files = [upload for upload in files if upload]
    if not files:
        raise Invalid(_("Choose at least one file to send."))
    if len(files) > MAX_APPLICANT_FILES:
        raise Invalid(_("Send at most %(count)s files at a time."), count=MAX_APPLICANT_FILES)
    checked = []
    with file_safety.shared_allowance():  # one time allowance for all the files (a request has one already)
        for upload in files:
            try:
                checked.append(uploads.check_upload(upload))
            except ValidationError as error:
                raise Invalid(" ".join(error.messages)) from None
    if sum(item.size for item in checked) > uploads.max_submission_bytes():
        raise Invalid(
            _("The attached files are too large together: at most %(limit)s in all."),
            limit=filesizeformat(uploads.max_submission_bytes()),
        )
    return checked


def applicant_send_documents(case_id, files, *, expected_version=None, text="", link_secret=None):
    """The applicant answers a request for missing documents: the files are checked as a form's are,
    stored in the private storage, attached to the request, and the request goes back to the status
    (and the queue of the staff member) it was waiting from, with a timeline entry."""
    checked = check_applicant_files(files)
    text = (text or "").strip()[:2000]
    # Written before the transaction, as a submission's are; removed again if it fails.
    holder = types.SimpleNamespace(
        file_field_names=[APPLICANT_DOCUMENTS_KEY], cleaned_data={APPLICANT_DOCUMENTS_KEY: checked}
    )
    try:
        stored = pipeline.store_attachments(holder, site_id_of(case_id))
    except pipeline.StorageFailed:
        raise Invalid(_("We could not save your files just now. Nothing was sent: please try again.")) from None
    try:
        with transaction.atomic():
            case = _locked(case_id)
            _check_link(case, link_secret)
            _check_version(case, expected_version)
            if case.status != Status.WAITING:
                raise NotAllowed(_("This request is not waiting for documents from you."))
            back_to, asker = waited_from(case)
            if back_to is None or case.lifecycle.find(Status.WAITING, back_to) is None:
                back_to = case.lifecycle.moves_from(Status.WAITING)[0].to
            now = timezone.now()
            changes = _applicant_move(case, back_to, now=now)
            # Back in the queue of whoever asked, if they still work the inbox.
            if asker is not None and roles_of(asker) and back_to != Status.RESEARCH:
                changes["assignee"] = asker
            from_status = case.status
            _save(case, case.version, **changes)
            Attachment.objects.bulk_create(
                [
                    Attachment(
                        submission_id=case.pk,
                        field_key=key,
                        file=saved_name,
                        original_name=item.display_name,
                        content_type=item.content_type,
                        size=item.size,
                        sha256=item.sha256,
                    )
                    for key, item, saved_name in stored
                ]
            )
            answered = CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.APPLICANT, created_at=now, text=text,
                from_status=from_status, to_status=back_to,
            )  # fmt: skip
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.MOVE, created_at=now, from_status=from_status, to_status=back_to,
                assignee=asker if asker is not None and roles_of(asker) else None,
            )  # fmt: skip
            log(case, "inbox.applicant_documents", user=None, data={"files": len(stored), "to": back_to})
            if asker is not None and roles_of(asker):
                _tell_assignee(case, asker)
            signals.send_after_commit(case, from_status, back_to, None)
    except Exception:
        pipeline.remove_files([saved for _key, _item, saved in stored])
        raise
    return case, answered


def applicant_withdraw(case_id, *, expected_version=None, reason="", link_secret=None):
    """The applicant withdraws their request: final, the clock stopped, with a timeline entry."""
    reason = (reason or "").strip()[:2000]
    with transaction.atomic():
        case = _locked(case_id)
        _check_link(case, link_secret)
        _check_version(case, expected_version)
        move = case.lifecycle.find(case.status, Status.WITHDRAWN)
        if move is None or APPLICANT not in move.roles:
            raise NotAllowed(_("This request can no longer be withdrawn."))
        now = timezone.now()
        changes = _applicant_move(case, Status.WITHDRAWN, now=now)
        changes["closed_at"] = now
        from_status = case.status
        _save(case, case.version, **changes)
        event = CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.MOVE, created_at=now, from_status=from_status,
            to_status=Status.WITHDRAWN, text=reason,
        )  # fmt: skip
        log(case, "inbox.withdraw", user=None, data={"from": from_status})
        settle_appeal(case, from_status, Status.WITHDRAWN, now)
        signals.send_after_commit(case, from_status, Status.WITHDRAWN, None)
    return case, event
