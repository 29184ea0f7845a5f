"""Making a finished session's minutes: the plain data (`committee.minutes.Minutes`) built from the session,
the Arabic PDF drawn and kept privately, in a background task queued after the closing commits.

The closing owes the minutes in its own transaction (a "being made" row) and queues the task after the commit:
a slow or failing drawing never undoes a closing. The task makes them once; if it fails, the row says so and the
secretary or an administrator makes them again from the session's page. The English rendering is drawn from the
same data on demand and never stored.

Only the request's reference identifies a family: never a national ID or an applicant's name.
"""

import hashlib
import logging
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from committee import circulation_records
from committee.decision_forms import member_name
from committee.minutes import Minutes, MinutesDecision, render_pdf
from committee.models import CommitteeSession, MinutesStatus, Outcome, SessionMinutes, SessionStatus
from core.arabic import to_arabic_indic_digits
from forms.records import private_storage
from inbox.models import Appeal
from organisation.models import OrganisationSettings

logger = logging.getLogger(__name__)

FOLDER = "committee-minutes"


class MinutesError(Exception):
    """The minutes could not be made (again); the message is translated and safe to show."""


# --- the data -----------------------------------------------------------------------------------
def _number(value, language) -> str:
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    text = str(value)
    return to_arabic_indic_digits(text) if language == "ar" else text


def decision_details(decision, language: str) -> str:
    """What was decided, in words: the service, amount and duration; the rejection's reason; what a deferral
    waits for. Called with `language` active."""
    if decision.outcome == Outcome.ACCEPT:
        service = decision.service.title if decision.service_id else ""
        return gettext("%(service)s: %(amount)s riyals a month for %(months)s months") % {
            "service": service, "amount": _number(decision.amount, language),
            "months": _number(decision.months, language),
        }  # fmt: skip
    if decision.outcome == Outcome.REJECT:
        parts = [decision.reason.text_in(language)] if decision.reason_id else []
        if decision.reason_text.strip():
            parts.append(decision.reason_text.strip())
        return " — ".join(parts)
    return gettext("Waiting for: %(missing)s") % {"missing": decision.missing.strip()}


def minutes_decision(decision, reference: str, language: str, *, appeal=False, stood_aside=()) -> MinutesDecision:
    """One decision as the minutes print it (a session's or a circulation's: the same fields)."""
    return MinutesDecision(
        number=decision.number,
        reference=reference,
        outcome=str(Outcome(decision.outcome).label),
        details=decision_details(decision, language),
        votes_for=None if decision.unanimous else decision.votes_for,
        votes_against=None if decision.unanimous else decision.votes_against,
        chair_decided=decision.decided_by_chair,
        dissent=decision.dissent.strip(),
        appeal=appeal,
        stood_aside=tuple(stood_aside),
    )


def _appealed(session, case_ids) -> set[int]:
    """The requests this session heard as appeals: an appeal made before it closed, still open or settled by it."""
    closed_at = session.closed_at or timezone.now()
    appeals = Appeal.objects.filter(case_id__in=case_ids, submitted_at__lte=closed_at)
    return set(appeals.exclude(decided_at__lt=session.opened_at or closed_at).values_list("case_id", flat=True))


def _association_name(site) -> str:
    profile = OrganisationSettings.for_site(site).localized_profile
    return profile.name if profile else site.site_name


def build_minutes(session: CommitteeSession, language: str = "ar") -> Minutes:
    """The minutes' data from the finished session, its words in `language`."""
    with translation.override(language):
        attendance = list(session.attendance.select_related("member").order_by("member__first_name", "member__pk"))
        items = list(
            session.items.select_related("case__submission", "decision__reason", "decision__service")
            .prefetch_related("standing_aside")
            .order_by("position", "pk")
        )  # fmt: skip
        appealed = _appealed(session, [item.case_id for item in items])
        decisions = tuple(
            minutes_decision(item.decision, item.case.submission.reference, language,
                             appeal=item.case_id in appealed,
                             stood_aside=[member_name(member) for member in item.standing_aside.all()])
            for item in items
            if hasattr(item, "decision") and session.status == SessionStatus.CLOSED
        )  # fmt: skip
        circulated = tuple(
            minutes_decision(row, row.case.submission.reference, language,
                             stood_aside=circulation_records.stood_aside_names(row))
            for row in circulation_records.recorded_with(session)
        )  # fmt: skip
        return Minutes(
            association=_association_name(session.site),
            session_number=f"{session.number}/{session.year}",
            date=session.date,
            place=session.place or gettext("Online meeting"),
            attendees=tuple(member_name(row.member) for row in attendance if row.present),
            absentees=tuple(member_name(row.member) for row in attendance if not row.present),
            quorum=session.quorum or 0,
            adjourned=session.status == SessionStatus.ADJOURNED,
            decisions=decisions,
            circulated=circulated,
            chair=member_name(session.chair) if session.chair_id else "",
        )


# --- made once, in the background ---------------------------------------------------------------------
def owe_minutes(session: CommitteeSession) -> SessionMinutes:
    """In the closing's transaction: the minutes are owed, and made by the task once it commits."""
    minutes, _created = SessionMinutes.objects.get_or_create(session=session, defaults={"site_id": session.site_id})
    transaction.on_commit(lambda: queue(session.pk))
    return minutes


def queue(session_id: int) -> None:
    try:
        make_session_minutes.enqueue(session_id)
    except Exception:  # a queue that is down leaves the minutes "being made": the page offers to make them
        logger.exception("Could not queue the minutes of committee session %s", session_id)


@task(backend="background")
def make_session_minutes(session_id: int) -> str:
    return make_minutes(session_id)


def make_minutes(session_id: int) -> str:
    """Draw the Arabic PDF and keep it; "made", "skipped" (already made, or no such session) or "failed"."""
    with transaction.atomic():
        minutes = SessionMinutes.objects.select_for_update().filter(session_id=session_id).first()
        if minutes is None or minutes.is_made:
            return "skipped"
        minutes.attempts += 1
        session = CommitteeSession.objects.select_related("site", "chair").get(pk=session_id)
        try:
            pdf = render_pdf(build_minutes(session, "ar"), "ar")
        except Exception as error:  # noqa: BLE001 -- any failure of the drawing is recorded, never raised
            logger.exception("Could not make the minutes of committee session %s", session_id)
            minutes.status, minutes.failure = MinutesStatus.FAILED, type(error).__name__[:200]
            minutes.save(update_fields=["status", "failure", "attempts"])
            return "failed"
        today = timezone.localdate()
        name = private_storage().save(f"{FOLDER}/{today:%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
        minutes.stored_file.name = name
        minutes.sha256, minutes.size = hashlib.sha256(pdf).hexdigest(), len(pdf)
        minutes.status, minutes.failure, minutes.made_at = MinutesStatus.MADE, "", timezone.now()
        minutes.save()
    return "made"


def make_again(session: CommitteeSession) -> SessionMinutes:
    """The secretary or an administrator asks again for minutes that failed (or were never queued)."""
    if not session.is_finished:
        raise MinutesError(gettext("The minutes are made when the session is closed or adjourned."))
    minutes, _created = SessionMinutes.objects.get_or_create(session=session, defaults={"site_id": session.site_id})
    if minutes.is_made:
        raise MinutesError(gettext("The minutes of this session were already made: they are made once."))
    SessionMinutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.PENDING, failure="")
    queue(session.pk)
    minutes.refresh_from_db()
    return minutes


def english_pdf(session: CommitteeSession) -> bytes:
    """The English rendering, drawn from the same data now (marked as a translation; never stored)."""
    return render_pdf(build_minutes(session, "en"), "en")
