"""A session's life before it closes: numbered when made (in sequence per year and association, the year of the
setting's calendar), attendance and stand-asides, the quorum, and opening it (the agenda is then fixed)."""

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import Attendance, CommitteeSession, CommitteeSettings, SessionStatus

NUMBERING_ATTEMPTS = 5


class SessionError(Exception):
    """A change to a session that was refused; its message is translated and safe to show."""


def settings_for(site) -> CommitteeSettings:
    return CommitteeSettings.for_site(site)


def number_session(session: CommitteeSession) -> CommitteeSession:
    """Save a new session with the next number of its year (the unique constraint settles a race: try again)."""
    committee = settings_for(session.site)
    session.year = committee.year_of(session.date)
    if session.chair_id is None:
        session.chair_id = committee.chair_id
    for _attempt in range(NUMBERING_ATTEMPTS):
        last = CommitteeSession.objects.filter(site=session.site, year=session.year).aggregate(last=Max("number"))
        session.number = (last["last"] or 0) + 1
        try:
            with transaction.atomic():
                session.save()
            return session
        except IntegrityError:
            session.pk = None
    raise SessionError(_("Could not number the session: please try again."))


def renumber_if_year_changed(session: CommitteeSession) -> None:
    """A session still being prepared whose date moved into another year takes the next number of that year."""
    year = settings_for(session.site).year_of(session.date)
    if year != session.year:
        session.year = year
        last = CommitteeSession.objects.filter(site=session.site, year=year).aggregate(last=Max("number"))
        session.number = (last["last"] or 0) + 1


def quorum_of(session: CommitteeSession) -> int:
    return settings_for(session.site).quorum_of(session.members.count())


def present_members(session: CommitteeSession) -> list[int]:
    return list(session.attendance.filter(present=True).values_list("member_id", flat=True))


def has_quorum(session: CommitteeSession) -> bool:
    return len(present_members(session)) >= quorum_of(session)


@transaction.atomic
def record_attendance(session: CommitteeSession, present_ids) -> None:
    """Who of the members invited attended (the others are recorded absent)."""
    if not CommitteeSession.objects.filter(pk=session.pk, status__in=[SessionStatus.PREPARING,
                                                                      SessionStatus.OPEN]).exists():  # fmt: skip
        raise SessionError(_("The session is closed: its attendance can no longer change."))
    present_ids = {int(pk) for pk in present_ids}
    members = list(session.members.values_list("pk", flat=True))
    session.attendance.exclude(member_id__in=members).delete()
    existing = {row.member_id: row for row in session.attendance.all()}
    for member_id in members:
        row = existing.get(member_id) or Attendance(session=session, member_id=member_id)
        row.present = member_id in present_ids
        row.save()


def eligible_voters(session: CommitteeSession, item) -> set[int]:
    """The members present who do not stand aside from this item."""
    aside = {user.pk for user in item.standing_aside.all()}
    return set(present_members(session)) - aside


@transaction.atomic
def open_session(session: CommitteeSession, *, expected_version: int) -> CommitteeSession:
    """Open the session: its agenda is fixed from now on. Refused if someone changed it first."""
    if not session.items.exists():
        raise SessionError(_("The agenda is empty: add the requests waiting for the committee first."))
    changed = CommitteeSession.objects.filter(
        pk=session.pk, version=expected_version, status=SessionStatus.PREPARING
    ).update(status=SessionStatus.OPEN, opened_at=timezone.now(), version=F("version") + 1)
    if not changed:
        raise SessionError(_("Someone else changed this session a moment ago. Nothing was changed: look at it again."))
    session.refresh_from_db()
    return session
