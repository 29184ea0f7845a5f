"""Deciding an urgent request between sessions by circulation (تمرير).

The secretary (or an administrator) opens one for a request waiting for the committee and on no agenda; while it
is open the request joins no agenda. Each member asked answers once: for, against, or standing aside for a
conflict of interest. When the quorum (CommitteeSettings, of the members asked) has answered for it, the decision
is numbered (year/C/sequence) and applied at once through the closing's own `apply_decision`: the move, the
deliveries, the applicant's message. When the answers left can no longer reach the quorum, it closes without a
decision and the request waits for the next session.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee import agenda, closing, sessions
from committee.models import Circulation, CirculationAnswer, CirculationStatus

Answer = CirculationAnswer.Answer


class CirculationError(Exception):
    """Refused; nothing was changed. The message is translated and safe to show."""


def open_circulation(circulation: Circulation, members, *, user) -> Circulation:
    """Save the proposal (a form's unsaved instance) with the members asked and its quorum."""
    members = list(members)
    with transaction.atomic():
        if not agenda.waiting_requests(circulation.site).filter(pk=circulation.case_id).exists():
            raise CirculationError(_("This request is not waiting for the committee, or is already on an agenda or "
                                     "in a circulation."))  # fmt: skip
        circulation.quorum = sessions.settings_for(circulation.site).quorum_of(len(members))
        circulation.opened_by = user
        try:
            with transaction.atomic():
                circulation.save()
        except IntegrityError:
            raise CirculationError(_("This request is already in a circulation.")) from None
        circulation.members.set(members)
    return circulation


def waiting_for(user, site):
    """The open circulations this member was asked about and has not answered."""
    answered = CirculationAnswer.objects.filter(member=user).values("circulation_id")
    return (
        Circulation.objects.filter(site=site, status=CirculationStatus.OPEN, members=user)
        .exclude(pk__in=answered)
        .select_related("case__submission", "service", "reason")
        .order_by("opened_at", "pk")
    )


def answer(circulation_id: int, member, given: str) -> Circulation:
    """Record `member`'s answer and settle the circulation if it now can be; raise CirculationError if refused."""
    if given not in Answer.values:
        raise CirculationError(_("Choose your answer."))
    with transaction.atomic():
        circulation = (
            Circulation.objects.select_for_update().select_related("site", "case__submission").get(pk=circulation_id)
        )
        if not circulation.is_open:
            raise CirculationError(_("This circulation is closed: answers are no longer taken."))
        if not circulation.members.filter(pk=member.pk).exists():
            raise CirculationError(_("You were not asked about this circulation."))
        if CirculationAnswer.objects.filter(circulation=circulation, member=member).exists():
            raise CirculationError(_("You have already answered this circulation: an answer is given once."))
        CirculationAnswer.objects.create(circulation=circulation, member=member, answer=given)
        _settle(circulation, member)
    return circulation


def _settle(circulation: Circulation, member) -> None:
    counts = dict.fromkeys(Answer.values, 0)
    for value in circulation.answers.values_list("answer", flat=True):
        counts[value] += 1
    unanswered = circulation.members.count() - sum(counts.values())
    circulation.votes_for, circulation.votes_against = counts[Answer.FOR], counts[Answer.AGAINST]
    fields = ["votes_for", "votes_against"]
    if counts[Answer.FOR] >= circulation.quorum:
        _number(circulation)
        closing.apply_decision(circulation.case, circulation, site=circulation.site, user=member)
        circulation.status, circulation.finished_at = CirculationStatus.DECIDED, timezone.now()
        fields += ["status", "finished_at", "year", "sequence", "number"]
    elif counts[Answer.FOR] + unanswered < circulation.quorum:
        circulation.status, circulation.finished_at = CirculationStatus.NOT_CARRIED, timezone.now()
        fields += ["status", "finished_at"]
    circulation.save(update_fields=fields)


def _number(circulation: Circulation) -> None:
    """The next decision number of circulation in the year of the committee's calendar: year/C/sequence."""
    year = sessions.settings_for(circulation.site).year_of(timezone.localdate())
    last = Circulation.objects.filter(site=circulation.site, year=year).aggregate(last=Max("sequence"))["last"]
    circulation.year, circulation.sequence = year, (last or 0) + 1
    circulation.number = f"{year}/C/{circulation.sequence}"
