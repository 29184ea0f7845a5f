"""The procedure each kind of request follows, as one declared table per kind.

For each status the table lists the moves that may follow it, which role may
make each move, and whether it needs a reason. Everything else (the buttons a
staff member sees, what the server accepts, the timeline's wording) is read
from these tables, so the procedure is changed in one place.

A small table of our own rather than django-fsm-2: the procedure differs per
kind (one FSMField cannot carry four graphs without per-instance conditions),
the same move is offered to different roles per kind, and we need the table
as data to build the admin's buttons, the bulk actions and the permission
matrix test. Concurrency is a version column checked in the UPDATE itself
(see inbox.services), which django-fsm-2's ConcurrentTransitionMixin would
give us no better.
"""

import dataclasses
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import message_events
from forms.kinds import FormKind


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFICATION = "verification", _("Data verification")
    RESEARCH = "research", _("With the social researcher")
    COMMITTEE = "committee", _("With the research committee")
    WAITING = "waiting", _("Waiting for the applicant")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    REGISTERED = "registered", _("Registration completed")
    DELIVERED = "delivered", _("Service delivered")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    SCREENING = "screening", _("Screening")
    RECORDED = "recorded", _("Recorded")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    SPAM = "spam", _("Spam")


class Role(models.TextChoices):
    """Who works a request. A staff member's roles come from their permissions (inbox.roles)."""

    RELATIONS = "relations", _("Beneficiary relations")
    RESEARCHER = "researcher", _("Social researcher")
    COMMITTEE = "committee", _("Research committee")
    # Complaints not answered on time are escalated to them (inbox.escalation).
    SUPERVISOR = "supervisor", _("Supervisor")
    DIRECTOR = "director", _("Executive director")


class Event:
    """What the inbox's moves tell the applicant about: message events registered as data
    (core.message_events). Other apps register their own without touching the moves."""

    ACKNOWLEDGEMENT = message_events.register("acknowledgement", _("Request received"))
    ACCEPTED = message_events.register("accepted", _("Request accepted"))
    REJECTED = message_events.register("rejected", _("Request rejected"))
    MISSING_DOCUMENTS = message_events.register("missing_documents", _("Missing documents requested"))
    COMPLAINT_ANSWER = message_events.register("complaint_answer", _("Answer to a complaint or suggestion"))
    PERSONAL_LINK = message_events.register("personal_link", _("A new personal link"))
    APPEAL_RECEIVED = message_events.register("appeal_received", _("Appeal received"))


REL, RES, COM = Role.RELATIONS, Role.RESEARCHER, Role.COMMITTEE
# The applicant acting through their personal link: not a staff role, so no staff
# member is ever offered (or allowed) the moves only the applicant makes.
APPLICANT = "applicant"

# Periods administrators set (inbox.models.InboxSettings) rather than a number of days fixed here: a move
# names one, and whoever offers the move gives its days for the request (inbox.periods.periods_for).
APPEAL_PERIOD = "appeal"
DEFAULT_APPEAL_DAYS = 30


@dataclasses.dataclass(frozen=True)
class Move:
    to: str
    roles: frozenset
    label: str
    needs_reason: bool = False
    # A referral names the social researcher who takes the request.
    needs_researcher: bool = False
    # What the applicant is told when this move is made (the reason goes in the message).
    tells_applicant: str = ""
    # A reopening: a move out of a final status, offered only this many days after the request
    # reached it. Retention counts from the end of the longest such period (inbox.retention).
    within_days: int | None = None
    # A reopening offered only within a period administrators set (APPEAL_PERIOD), by its name.
    within_period: str = ""
    # A move that waits until such a period has ended (closing a rejected request waits for the appeal).
    after_period: str = ""

    @property
    def reopens(self) -> bool:
        return self.within_days is not None or bool(self.within_period)

    def open_at(self, since, now, periods=None) -> bool:
        """Whether the move may still be made, the request having reached its status at `since`.

        `periods` gives the days of each named period for this request ({APPEAL_PERIOD: 30}); a period
        missing or None is no period at all: a move within it is closed, a move after it open."""
        periods = periods or {}
        if self.within_period:
            days = periods.get(self.within_period)
            return days is not None and (since is None or now <= since + datetime.timedelta(days=days))
        if self.after_period:
            days = periods.get(self.after_period)
            return days is None or since is None or now > since + datetime.timedelta(days=days)
        return self.within_days is None or since is None or now <= since + datetime.timedelta(days=self.within_days)


def move(to, roles, label, **options) -> Move:
    return Move(to=to, roles=frozenset(roles), label=label, **options)


S = Status
# A request marked as spam by mistake can be restored ("Not spam") for this many days; then it
# stays spam, and retention counts its period from the end of these days.
NOT_SPAM_DAYS = 30

HELP_REQUEST = {
    S.RECEIVED: [move(S.VERIFICATION, {REL}, _("Start data verification"))],
    S.VERIFICATION: [
        move(S.RESEARCH, {REL}, _("Refer to a social researcher"), needs_reason=True, needs_researcher=True),
        move(S.COMMITTEE, {REL}, _("Send to the research committee")),
        move(S.WAITING, {REL}, _("Ask for missing documents"), needs_reason=True,
             tells_applicant=Event.MISSING_DOCUMENTS),
    ],
    S.RESEARCH: [
        move(S.COMMITTEE, {RES, REL}, _("Send to the research committee")),
        move(S.WAITING, {RES, REL}, _("Ask for missing documents"), needs_reason=True,
             tells_applicant=Event.MISSING_DOCUMENTS),
    ],
    S.WAITING: [
        move(S.VERIFICATION, {REL}, _("Documents received: back to verification")),
        move(S.RESEARCH, {RES, REL}, _("Documents received: back to the researcher")),
    ],
    S.COMMITTEE: [
        move(S.ACCEPTED, {COM}, _("Accept"), tells_applicant=Event.ACCEPTED),
        move(S.REJECTED, {COM}, _("Reject"), needs_reason=True, tells_applicant=Event.REJECTED),
        move(S.RESEARCH, {COM}, _("Send back for more research"), needs_reason=True),
    ],
    S.ACCEPTED: [move(S.REGISTERED, {REL}, _("Registration completed"))],
    S.REGISTERED: [move(S.DELIVERED, {REL}, _("Service delivered"))],
    S.DELIVERED: [move(S.CLOSED, {REL}, _("Close"))],
    # The applicant may ask for reconsideration (تظلم) within the appeal period: back to the committee
    # (inbox.appeals). Until that period ends the request stays open, its personal link working.
    S.REJECTED: [
        move(S.COMMITTEE, {APPLICANT}, _("Ask for reconsideration"), needs_reason=True, within_period=APPEAL_PERIOD),
        move(S.CLOSED, {REL}, _("Close"), after_period=APPEAL_PERIOD),
    ],
}  # fmt: skip

COMPLAINT = {
    S.RECEIVED: [move(S.IN_PROGRESS, {REL}, _("Start working on it"))],
    S.IN_PROGRESS: [
        move(S.ANSWERED, {REL}, _("Answer the applicant"), needs_reason=True, tells_applicant=Event.COMPLAINT_ANSWER)
    ],
    S.ANSWERED: [move(S.CLOSED, {REL}, _("Close"))],
}

VOLUNTEER = {
    S.RECEIVED: [move(S.SCREENING, {REL}, _("Start screening"))],
    S.SCREENING: [
        move(S.ACCEPTED, {REL}, _("Accept"), tells_applicant=Event.ACCEPTED),
        move(S.REJECTED, {REL}, _("Reject"), needs_reason=True, tells_applicant=Event.REJECTED),
    ],
    S.ACCEPTED: [move(S.CLOSED, {REL}, _("Close"))],
    S.REJECTED: [move(S.CLOSED, {REL}, _("Close"))],
}

SURVEY = {S.RECORDED: []}


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    first: str
    moves: dict
    # Reaching one of these is the answer the reply period promised: the clock stops.
    answers: frozenset

    def moves_from(self, status) -> list[Move]:
        listed = list(self.moves.get(status, []))
        if status == S.SPAM:
            return [move(self.first, {REL}, _("Not spam"), needs_reason=True, within_days=NOT_SPAM_DAYS)]
        if status not in (S.CLOSED, S.WITHDRAWN):
            listed.append(move(S.SPAM, {REL}, _("Mark as spam")))
        if status not in self.final_statuses:
            # The applicant may withdraw a request at any open status (from their personal link).
            listed.append(move(S.WITHDRAWN, {APPLICANT}, _("Withdraw the request")))
        return listed

    def find(self, status, to) -> Move | None:
        return next((m for m in self.moves_from(status) if m.to == to), None)

    def _table_statuses(self) -> list[str]:
        seen = [self.first]
        for source, targets in self.moves.items():
            for status in [source, *(m.to for m in targets)]:
                if status not in seen:
                    seen.append(status)
        return seen

    @property
    def final_statuses(self) -> frozenset:
        """Where a request of this kind ends: every status its table gives no way out of (but a
        reopening within a period), spam, and withdrawn when the applicant can withdraw at all.

        Derived from the table, so that a status added later is final (and retention keeps
        it no longer than its period) as soon as no move leaves it."""
        ends = {status for status in self._table_statuses() if all(m.reopens for m in self.moves.get(status, []))}
        if self.first not in ends:  # a survey answer ends where it starts: nothing to withdraw
            ends.add(S.WITHDRAWN)
        return frozenset(ends | {S.SPAM})

    @property
    def statuses(self) -> list[str]:
        seen = self._table_statuses()
        if S.WITHDRAWN in self.final_statuses:
            seen.append(S.WITHDRAWN)
        return [*seen, S.SPAM]

    def reopen_days(self, status) -> int:
        """How many days after reaching the final `status` a move can still take the request out of it."""
        return max((m.within_days or 0 for m in self.moves_from(status) if m.reopens), default=0)


LIFECYCLES = {
    FormKind.HELP_REQUEST: Lifecycle(S.RECEIVED, HELP_REQUEST, frozenset({S.ACCEPTED, S.REJECTED})),
    FormKind.COMPLAINT: Lifecycle(S.RECEIVED, COMPLAINT, frozenset({S.ANSWERED})),
    FormKind.VOLUNTEER: Lifecycle(S.RECEIVED, VOLUNTEER, frozenset({S.ACCEPTED, S.REJECTED})),
    FormKind.SURVEY: Lifecycle(S.RECORDED, SURVEY, frozenset({S.RECORDED})),
    # A general form is worked like a complaint: taken up, answered, closed.
    FormKind.GENERAL: Lifecycle(S.RECEIVED, COMPLAINT, frozenset({S.ANSWERED})),
}

# Every status at which a request of some kind has ended (each kind's own: Lifecycle.final_statuses).
FINISHED = frozenset().union(*(lifecycle.final_statuses for lifecycle in LIFECYCLES.values()))
# Where the clock does not run: finished, or waiting for the applicant.
CLOCK_STOPPED = FINISHED | {S.WAITING}


def lifecycle_of(kind) -> Lifecycle:
    return LIFECYCLES.get(kind, LIFECYCLES[FormKind.GENERAL])
