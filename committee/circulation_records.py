"""Which circulations a session's minutes record: those decided since the previous session finished, claimed
by the next session that closes or is adjourned (in its closing's transaction)."""

from committee.decision_forms import member_name
from committee.models import Circulation, CirculationAnswer, CirculationStatus


def record_with(session) -> int:
    """In the closing's transaction: the circulations decided and not yet recorded join this session's minutes."""
    waiting = Circulation.objects.filter(site=session.site, status=CirculationStatus.DECIDED, recorded_with=None)
    return waiting.update(recorded_with=session)


def recorded_with(session) -> list[Circulation]:
    return list(
        Circulation.objects.filter(recorded_with=session)
        .select_related("case__submission", "service", "reason")
        .order_by("finished_at", "pk")
    )


def stood_aside_names(circulation) -> list[str]:
    answers = circulation.answers.filter(answer=CirculationAnswer.Answer.ASIDE).select_related("member")
    return [member_name(answer.member) for answer in answers.order_by("answered_at", "pk")]
