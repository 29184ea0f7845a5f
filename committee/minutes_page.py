"""What a finished session's page shows of its minutes: made, being made or failed; who of the members who
attended confirmed them and who has not; what this person may do (confirm, make them again)."""

from committee.models import SessionMinutes
from committee.permissions import RECORD


def minutes_context(request, session) -> dict:
    """What the session's page shows of its minutes: their state, who confirmed, what this person may do."""
    if not session.is_finished:
        return {}
    minutes = SessionMinutes.objects.filter(session=session).first()
    attended = [row.member for row in session.attendance.select_related("member") if row.present]
    confirmed = (
        {row.member_id: row for row in minutes.confirmations.all()} if minutes is not None and minutes.is_made else {}
    )
    return {
        "minutes": minutes,
        "minutes_confirmations": [(member, confirmed.get(member.pk)) for member in attended],
        "may_confirm": bool(minutes and minutes.is_made)
        and request.user.pk in {m.pk for m in attended}
        and request.user.pk not in confirmed,
        "may_make_minutes": request.user.has_perm(RECORD) and not (minutes and minutes.is_made),
    }
