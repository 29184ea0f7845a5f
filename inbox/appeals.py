"""The applicant's appeal (تظلم): asking for reconsideration of a rejected help request from their
personal link, within the appeal period administrators set (InboxSettings.appeal_days).

Like sending documents or withdrawing (inbox.services), it is an applicant's move of the lifecycle
table (rejected → with the research committee, inbox.lifecycle), checked with the request's row locked,
in one transaction with its `Appeal` record, its documents (the forms' upload checks, the private
storage), the timeline and the acknowledgement owed to the applicant. One appeal per request: a request
rejected again on appeal cannot appeal again. The committee's next accept or reject decides it
(inbox.services.settle_appeal); the committee reads `Appeal.objects.open_for(case)` to mark its agenda item.
"""

import dataclasses
import datetime
import types

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core.calendars import format_gregorian, hijri_display
from forms import pipeline
from forms.models import Attachment
from inbox import messages, services, signals
from inbox.lifecycle import APPEAL_PERIOD, APPLICANT, Event, Status
from inbox.models import Appeal, CaseEvent
from inbox.periods import periods_for, site_of

APPEAL_DOCUMENTS_KEY = "appeal"  # the field key of the documents sent with an appeal
MAX_REASON_LENGTH = 4000


@dataclasses.dataclass(frozen=True)
class AppealWindow:
    """What the applicant's page says about an appeal: whether one may be made, until when, or why not."""

    open: bool
    ends_on: datetime.date | None = None
    # "" when open; else "appealed" (one is waiting or was made), "rejected_on_appeal", "period_over".
    refusal: str = ""


def window(case, now=None) -> AppealWindow | None:
    """The appeal window of a rejected request (None for a request that is not rejected, or whose
    kind has no appeal)."""
    if case.status != Status.REJECTED:
        return None
    move = case.lifecycle.find(Status.REJECTED, Status.COMMITTEE)
    if move is None or APPLICANT not in move.roles:
        return None
    now = now or timezone.now()
    if Appeal.objects.filter(case_id=case.pk).exists():
        return AppealWindow(open=False, refusal="rejected_on_appeal")
    days = periods_for(case)[APPEAL_PERIOD]
    ends_on = timezone.localdate(case.status_changed_at + datetime.timedelta(days=days))
    if not move.open_at(case.status_changed_at, now, {APPEAL_PERIOD: days}):
        return AppealWindow(open=False, ends_on=ends_on, refusal="period_over")
    return AppealWindow(open=True, ends_on=ends_on)


def ends_on_display(window_, language) -> dict:
    """The period's last day in both calendars, in the applicant's language."""
    if window_ is None or window_.ends_on is None:
        return {}
    return {
        "gregorian": format_gregorian(window_.ends_on, language),
        "hijri": hijri_display(window_.ends_on, language),
    }


def _refusal(case, now):
    """Why this request cannot be appealed now (a translated message), or None."""
    if Appeal.objects.filter(case_id=case.pk).exists():
        if case.status == Status.REJECTED:
            return _("This request was rejected again after your appeal: it cannot be appealed again.")
        return _("You have already asked for reconsideration of this request.")
    found = window(case, now)
    if found is None:
        return _("Only a rejected help request can be reconsidered.")
    if found.refusal == "period_over":
        return _("The period to ask for reconsideration has ended.")
    return None


def applicant_appeal(case_id, reason, files=(), *, expected_version=None, link_secret=None):
    """The applicant asks for reconsideration: raises an InboxError (nothing saved) or returns (case, appeal)."""
    reason = (reason or "").strip()[:MAX_REASON_LENGTH]
    if not reason:
        raise services.Invalid(_("Please write why you ask for reconsideration."))
    uploads = [upload for upload in files if upload]
    checked = services.check_applicant_files(uploads) if uploads else []
    stored = []
    if checked:
        # Written before the transaction, as a submission's are; removed again if it fails.
        holder = types.SimpleNamespace(
            file_field_names=[APPEAL_DOCUMENTS_KEY], cleaned_data={APPEAL_DOCUMENTS_KEY: checked}
        )
        try:
            stored = pipeline.store_attachments(holder, services.site_id_of(case_id))
        except pipeline.StorageFailed:
            raise services.Invalid(
                _("We could not save your files just now. Nothing was sent: please try again.")
            ) from None
    try:
        with transaction.atomic():
            case, appeal = _appeal(case_id, reason, stored, expected_version, link_secret)
    except IntegrityError:  # another appeal of the same request won the race
        pipeline.remove_files([saved for _key, _item, saved in stored])
        raise services.NotAllowed(_("You have already asked for reconsideration of this request.")) from None
    except Exception:
        pipeline.remove_files([saved for _key, _item, saved in stored])
        raise
    return case, appeal


def _appeal(case_id, reason, stored, expected_version, link_secret):
    case = services._locked(case_id)
    services._check_link(case, link_secret)
    services._check_version(case, expected_version)
    now = timezone.now()
    refusal = _refusal(case, now)
    if refusal:
        raise services.NotAllowed(refusal)
    from_status = case.status
    services._save(case, case.version, status=Status.COMMITTEE, status_changed_at=now)
    attachments = Attachment.objects.bulk_create(
        [
            Attachment(
                submission_id=case.pk,
                field_key=key,
                file=saved_name,
                original_name=item.display_name,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
            )  # fmt: skip
            for key, item, saved_name in stored
        ]
    )
    appeal = Appeal.objects.create(site=site_of(case), case=case, reason=reason, submitted_at=now)
    if attachments:
        appeal.files.set(attachments)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.APPEAL, created_at=now, text=reason, from_status=from_status,
        to_status=Status.COMMITTEE,
    )  # fmt: skip
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.MOVE, created_at=now, from_status=from_status, to_status=Status.COMMITTEE
    )
    log(case, "inbox.appeal", user=None, data={"files": len(attachments)})
    messages.tell_applicant(case, Event.APPEAL_RECEIVED)
    signals.send_after_commit(case, from_status, Status.COMMITTEE, None)
    return case, appeal
