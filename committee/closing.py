"""Closing a session: every decision applied in ONE transaction, or none.

The session's row is claimed first by an UPDATE that matches the version the secretary saw (two people closing
one session at once: the second matches nothing and is told). Then each decision goes through the inbox's own
moves (`inbox.services.make_move`: the lifecycle table stays the one procedure), an acceptance schedules its
deliveries on the family's file, and the applicants' messages are owed by the moves and sent after the commit.
A move that fails (the request was withdrawn meanwhile) undoes everything, and the secretary is told which
request. A deferred request stays with the committee and is carried to the next session, as are all the requests
of a session adjourned without quorum.

The decision number reaches the request's timeline and the applicant's message through the move's reason (the
default templates of acceptance and rejection print {reason}), written in the applicant's language.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries import deliveries, linking
from beneficiaries.models import DeliveryPlan
from committee import agenda, circulation_records, minutes_making, sessions
from committee.models import AgendaItem, CommitteeSession, Decision, Outcome, SessionStatus
from core import calendars
from inbox import services
from inbox.lifecycle import Status


class ClosingError(Exception):
    """Closing was refused and nothing was applied; the message is translated and safe to show."""


class ClosingConflict(ClosingError):
    pass


TARGET = {Outcome.ACCEPT: Status.ACCEPTED, Outcome.REJECT: Status.REJECTED}


def close_session(session_id: int, *, user, expected_version: int, adjourn: bool = False) -> CommitteeSession:
    """Close (or adjourn) the session, applying its decisions; raise ClosingError saying why not."""
    with transaction.atomic():
        session = _claim(session_id, expected_version, adjourn, user)
        items = list(
            session.items.select_related("case__submission", "decision__reason", "decision__service")
            .order_by("position", "pk")
        )  # fmt: skip
        if adjourn:
            carried = [item.case_id for item in items]
        else:
            _check_complete(items)
            carried = [item.case_id for item in items if item.decision.outcome == Outcome.DEFER]
            for item in items:
                if item.decision.outcome in TARGET:
                    _apply(item, session, user)
            Decision.objects.filter(item__session=session).update(applied_at=timezone.now())
        _carry_over(session, carried)
        circulation_records.record_with(session)
        minutes_making.owe_minutes(session)
    return session


def _claim(session_id, expected_version, adjourn, user) -> CommitteeSession:
    """Mark the session closed if nobody changed it since the secretary looked (the version in the UPDATE)."""
    session = CommitteeSession.objects.select_related("site").get(pk=session_id)
    if session.status != SessionStatus.OPEN:
        raise ClosingConflict(_("This session is no longer open: someone closed it a moment ago."))
    quorum = sessions.quorum_of(session)
    if not adjourn and not sessions.has_quorum(session):
        raise ClosingError(
            _("The quorum (%(quorum)s members) was not met: the session can only be adjourned.") % {"quorum": quorum}
        )
    status = SessionStatus.ADJOURNED if adjourn else SessionStatus.CLOSED
    now = timezone.now()
    still_open = CommitteeSession.objects.filter(pk=session_id, version=expected_version, status=SessionStatus.OPEN)
    claimed = still_open.update(status=status, closed_at=now, closed_by=user, quorum=quorum, version=F("version") + 1)
    if not claimed:
        raise ClosingConflict(
            _("Someone else closed or changed this session a moment ago. Nothing was applied: look at it again.")
        )
    session.status, session.closed_at, session.closed_by, session.quorum = status, now, user, quorum
    session.version = expected_version + 1
    return session


def _check_complete(items):
    undecided = [item for item in items if not hasattr(item, "decision")]
    if undecided:
        raise ClosingError(
            _("Request %(reference)s has no decision yet: record it, or adjourn the session.")
            % {"reference": undecided[0].case.submission.reference}
        )


def _apply(item: AgendaItem, session: CommitteeSession, user):
    apply_decision(item.case, item.decision, site=session.site, user=user)


def apply_decision(case, decision, *, site, user):
    """Apply one decision to its request: the inbox's move (its message quoting the decision number) and, for an
    acceptance, the deliveries on the family's file. A session's closing calls it for each item in its
    transaction; a circulation (committee.circulation) for its one decision. `decision` is a `Decision` or
    anything with its fields (outcome, number, service, kind, amount, months, fund, starts_on, reason...)."""
    reference = case.submission.reference
    try:
        moved, _event = services.make_move(case.pk, TARGET[decision.outcome], user=user,
                                           reason=message_reason(case, decision))  # fmt: skip
    except services.InboxError as error:
        raise ClosingError(
            _("Nothing was applied: the decision on request %(reference)s could not be made (%(error)s).")
            % {"reference": reference, "error": error}
        ) from error
    if decision.outcome == Outcome.ACCEPT:
        _schedule(moved, decision, site, user, reference)


def _schedule(case, decision, site, user, reference):
    """The accepted request's deliveries on its family's file (opened now if it has none yet)."""
    file = linking.open_file_for(case, user)
    if file is None:
        raise ClosingError(
            _("Nothing was applied: request %(reference)s carries no usable ID to open the family's file on; "
              "open the file from the request first.") % {"reference": reference}
        )  # fmt: skip
    committee = sessions.settings_for(site)
    plan = DeliveryPlan(
        file=file, case=case, service=decision.service, kind=decision.kind, amount=decision.amount,
        fund=decision.fund, every_months=1, count=decision.months, starts_on=decision.starts_on,
        starts_on_hijri=calendars.gregorian_to_hijri(decision.starts_on) or "",
        date_calendar=committee.numbering_calendar,
    )  # fmt: skip
    deliveries.schedule(plan, user=user)


def message_reason(case, decision) -> str:
    """What the move records and the applicant reads: the reason (a rejection's, in their language) and the
    decision number."""
    language = case.submission.language
    with translation.override(language):
        lines = []
        if decision.outcome == Outcome.REJECT:
            if decision.reason_id:
                lines.append(decision.reason.text_in(language))
            if decision.reason_text.strip():
                lines.append(decision.reason_text.strip())
        lines.append(gettext("The committee's decision number: %(number)s") % {"number": decision.number})
    return "\n".join(lines)


def _carry_over(session, case_ids):
    """Requests still with the committee join the next session being prepared, if there is one (else they wait
    in the list of requests the next agenda is built from)."""
    if not case_ids:
        return
    following = (
        CommitteeSession.objects.filter(site=session.site, status=SessionStatus.PREPARING)
        .exclude(pk=session.pk)
        .order_by("date", "pk")
        .first()
    )
    if following is not None:
        agenda.add_requests(following, case_ids)
