"""What an applicant may know of their request, and finding it by reference and mobile.

Only plain words: the status as the applicant understands it (never the
staff's internal name), the date of the last change, the answer date in both
calendars and what to do next. No names, answers, notes or attachments.

A wrong mobile for a real reference is answered exactly like a reference that
does not exist: the same text and status, the same queries in the same order
(the mobile is compared in constant time against the stored one, or against a
stand-in when there is none), and both are counted by the rate limit alike.
"""

import dataclasses
import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from core.arabic import to_western_digits
from core.calendars import format_gregorian, gregorian_to_hijri, hijri_display
from forms.kinds import FormKind
from forms.models import Submission
from forms.references import normalise_reference
from forms.saudi import clean_saudi_mobile
from forms.spam import LocalCounter, _shared_count
from inbox.lifecycle import FINISHED, Status
from inbox.models import Case
from organisation.models import OrganisationSettings

# Kinds that have no lookup: a survey answer is not a request anyone follows.
NO_LOOKUP_KINDS = {FormKind.SURVEY}
STAND_IN_MOBILE = "+966500000000"  # compared when no request has the reference: the same work either way

S = Status
# status -> (public stage, what it means for the applicant, what they should do next)
PLAIN_WORDS = {
    S.RECEIVED: ("received", _("We have received your request."),
                 _("Nothing is needed from you now. We will contact you if we need anything.")),
    S.VERIFICATION: ("in_review", _("We are checking that your information and documents are complete."),
                     _("Nothing is needed from you now. We will contact you if something is missing.")),
    S.RESEARCH: ("in_review", _("A social researcher is studying your request."),
                 _("The researcher may call you or visit you: please keep your phone available.")),
    S.COMMITTEE: ("in_review", _("The research committee is studying your request."),
                  _("Nothing is needed from you now. We will tell you the committee's decision.")),
    S.WAITING: ("waiting_for_you", _("We are waiting for documents from you."),
                _("Bring the missing documents to one of our branches, or send them from the link in our "
                  "message. The time we wait does not count against our reply period.")),
    S.ACCEPTED: ("decided", _("Your request was accepted."),
                 _("We will contact you to complete the next steps.")),
    S.REJECTED: ("decided", _("We could not accept your request."),
                 _("We sent you the reason in a message. If you have new information, contact us.")),
    S.REGISTERED: ("decided", _("Your registration is complete."), _("We will contact you to deliver the service.")),
    S.DELIVERED: ("done", _("The service has been delivered to you."),
                  _("We would be glad to hear how satisfied you are: look for our survey link.")),
    S.IN_PROGRESS: ("in_review", _("We are working on your message."), _("Nothing is needed from you now.")),
    S.ANSWERED: ("done", _("We have answered your message."), _("Our answer was sent to you in a message.")),
    S.SCREENING: ("in_review", _("We are reviewing your application."), _("Nothing is needed from you now.")),
    S.CLOSED: ("closed", _("Your request is closed."), _("If you need anything more, send a new request.")),
    S.WITHDRAWN: ("withdrawn", _("You withdrew this request."), _("If you need anything more, send a new request.")),
    # Never tell the applicant what staff marked: a request set aside reads as closed.
    S.SPAM: ("closed", _("Your request is closed."), _("If you need anything more, send a new request.")),
    S.RECORDED: ("closed", _("Your answer was recorded."), ""),
}  # fmt: skip
PUBLIC_STAGES = sorted({stage for stage, _text, _next in PLAIN_WORDS.values()})


# --- rate limits -------------------------------------------------------------------------------
_local_counts = LocalCounter()


def _count(key: str, window: int) -> int:
    count = _shared_count(key, window)
    return _local_counts.hit(key, window) if count is None else count


def over_lookup_limit(client_ip: str, reference_key: str) -> bool:
    """Count one lookup for the address and for the reference (known or not, counted alike)."""
    window = getattr(settings, "FOLLOWUP_LOOKUP_WINDOW_SECONDS", 900)
    per_address = getattr(settings, "FOLLOWUP_LOOKUPS_PER_ADDRESS", 10)
    per_reference = getattr(settings, "FOLLOWUP_LOOKUPS_PER_REFERENCE", 5)
    by_address = _count(f"followup:lookup:ip:{client_ip}", window)
    # Hashed: whatever was typed becomes a safe cache key (no spaces or control characters).
    typed = hashlib.sha256(reference_key[:40].encode("utf-8", "surrogatepass")).hexdigest()[:32]
    by_reference = _count(f"followup:lookup:ref:{typed}", window)
    return by_address > per_address or by_reference > per_reference


def reference_key(text: str) -> str:
    """What the per-reference limit counts: the reference as normalised, else as typed (folded)."""
    return normalise_reference(text) or re.sub(r"\s+", "", to_western_digits(text or "")).upper()


# --- finding a request ---------------------------------------------------------------------------
@dataclasses.dataclass
class Lookup:
    case: object = None
    limited: bool = False
    # A typing problem (not a lookup): {field: message}
    errors: dict = dataclasses.field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.case is not None


def find(reference_text: str, mobile_text: str, client_ip: str, site_id: int | None = None) -> Lookup:
    """The case for this reference and mobile, or a Lookup that says only "not found" (or "too many").
    `site_id`: the site of the host asked (views pass it): a reference of another association is
    unknown there, answered as one that does not exist."""
    errors = {}
    reference = normalise_reference(reference_text)
    if not (reference_text or "").strip():
        errors["reference"] = _("Enter the reference number.")
    elif reference is None:
        errors["reference"] = _("A reference number looks like HR-2026-000042.")
    try:
        mobile = clean_saudi_mobile(mobile_text)
    except ValidationError as error:
        mobile = None
        errors["mobile"] = error.messages[0] if (mobile_text or "").strip() else _("Enter your mobile number.")
    if over_lookup_limit(client_ip, reference_key(reference_text)):
        return Lookup(limited=True)
    if errors:
        return Lookup(errors=errors)
    return Lookup(case=_matching_case(reference, mobile, site_id))


def _matching_case(reference, mobile, site_id=None):
    submissions = Submission.objects.filter(reference=reference)
    if site_id is not None:
        submissions = submissions.for_site(site_id)
    row = (
        submissions
        .values_list("pk", "applicant_mobile", "anonymous", "kind")
        .first()
    )
    pk, stored, anonymous, kind = row or (None, STAND_IN_MOBILE, True, FormKind.SURVEY)
    same = constant_time_compare(stored or STAND_IN_MOBILE, mobile)
    if not (same and pk is not None and stored and not anonymous and kind not in NO_LOOKUP_KINDS):
        return None
    return Case.objects.select_related("submission").filter(pk=pk).first()


# --- what the applicant is shown -------------------------------------------------------------------
def describe(case, language: str) -> dict:
    """Everything the applicant may see of their request, in plain words."""
    stage, text, next_step = PLAIN_WORDS.get(case.status, PLAIN_WORDS[S.RECEIVED])
    submission = case.submission
    pending = case.answered_at is None and case.status not in FINISHED
    changed = timezone.localdate(case.status_changed_at)
    return {
        "reference": submission.reference,
        "kind": submission.kind,
        "kind_label": submission.get_kind_display(),
        "stage": stage,
        "status_text": text,
        "next_step": next_step,
        "last_change": case.status_changed_at,
        "last_change_date": changed,
        "last_change_display": format_gregorian(changed, language),
        "last_change_hijri": hijri_display(changed, language),
        "expected_answer": {
            "gregorian": case.due_date,
            "hijri": gregorian_to_hijri(case.due_date),
            "gregorian_display": format_gregorian(case.due_date, language),
            "hijri_display": hijri_display(case.due_date, language),
        }
        if pending
        else None,
        "waiting_for_documents": case.status == S.WAITING,
        "can_withdraw": case.lifecycle.find(case.status, S.WITHDRAWN) is not None,
    }


def branches_for(page, request=None) -> list[dict]:
    """The association's branch offices with their hours, in the reader's language."""
    site = page.get_site()
    if site is None:
        return []
    profile = OrganisationSettings.for_site(site).localized_profile
    if profile is None:
        return []
    return [dict(block.value) for block in profile.branches if block.block_type == "branch"]
