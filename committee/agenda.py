"""A session's agenda: the requests waiting for the committee (with the committee, of this association, on no
other session's agenda still to be held), each with its family's file summarised and the research recommendation;
the secretary adds, removes and orders them until the session opens."""

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import FileRequest, HouseholdMember
from committee.models import AgendaItem, Circulation, CirculationStatus, CommitteeSession, SessionStatus
from forms.kinds import FormKind
from inbox.lifecycle import Status
from inbox.models import Appeal, Case
from research.models import ReportStatus, ResearchReport


class AgendaError(Exception):
    """A change to the agenda that was refused; its message is translated and safe to show."""


def latest_reports(case_ids) -> dict:
    """The last research report submitted on each request, by request: its recommendation is what the agenda shows."""
    latest = {}
    submitted = ResearchReport.objects.filter(case__in=case_ids, status=ReportStatus.SUBMITTED)
    for report in submitted.order_by("case_id", "-submitted_at", "-pk"):
        latest.setdefault(report.case_id, report)
    return latest


def recommendation_for(case):
    """The social researcher's last submitted report on this request (its recommendation), or None."""
    return latest_reports([case.pk]).get(case.pk)


def cases_of_site(site):
    """Help requests sent to the association on `site`, in either language."""
    return Case.objects.for_site(site).filter(submission__kind=FormKind.HELP_REQUEST)


def waiting_requests(site):
    """Requests with the committee, of this association, on no agenda of a session still to be held or being held,
    and in no open circulation."""
    scheduled = AgendaItem.objects.filter(
        session__site=site, session__status__in=[SessionStatus.PREPARING, SessionStatus.OPEN]
    ).values("case_id")
    circulating = Circulation.objects.filter(site=site, status=CirculationStatus.OPEN).values("case_id")
    return (
        cases_of_site(site)
        .filter(status=Status.COMMITTEE)
        .exclude(pk__in=scheduled)
        .exclude(pk__in=circulating)
        .select_related("submission")
        .order_by("committee_at", "pk")
    )


def _last_session_of(case_ids) -> dict:
    """Each case's latest earlier agenda session (it was carried from there): one query."""
    rows = (
        AgendaItem.objects.filter(case_id__in=case_ids, session__status__in=[SessionStatus.CLOSED,
                                                                              SessionStatus.ADJOURNED])
        .order_by("case_id", "-session__date", "-pk")
        .values_list("case_id", "session_id")
    )  # fmt: skip
    carried = {}
    for case_id, session_id in rows:
        carried.setdefault(case_id, session_id)
    return carried


@transaction.atomic
def add_requests(session: CommitteeSession, case_ids) -> int:
    """Put these waiting requests at the end of the agenda; only requests waiting on this session's site."""
    session = _preparing(session)
    cases = list(waiting_requests(session.site).filter(pk__in=case_ids).values_list("pk", flat=True))
    last = session.items.aggregate(last=Max("position"))["last"] or 0
    carried = _last_session_of(cases)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(session=session, case_id=case_id, position=last + index, carried_from_id=carried.get(case_id))
            for index, case_id in enumerate(cases, start=1)
        ]
    )
    return len(cases)


@transaction.atomic
def remove_item(session: CommitteeSession, item: AgendaItem) -> None:
    session = _preparing(session)
    item.delete()
    _renumber(session)


@transaction.atomic
def move_item(session: CommitteeSession, item: AgendaItem, step: int) -> None:
    """Swap the item with the one above (step -1) or below (+1)."""
    session = _preparing(session)
    items = list(session.items.order_by("position", "pk"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        _renumber(session, items)


def _renumber(session, items=None):
    items = items if items is not None else list(session.items.order_by("position", "pk"))
    for position, row in enumerate(items, start=1):
        row.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


def _preparing(session) -> CommitteeSession:
    """The session, locked; only while it is being prepared may its agenda change."""
    locked = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if locked.status != SessionStatus.PREPARING:
        raise AgendaError(_("The session has opened: its agenda can no longer change."))
    return locked


def family_summaries(cases) -> dict:
    """case id -> what the family's file shows on a request's page (its household size, income per person,
    verification), read for every case at once: three queries whatever the agenda's length."""
    links = (
        FileRequest.objects.filter(case__in=[case.pk for case in cases])
        .select_related("file")
        .prefetch_related(
            Prefetch("file__members", queryset=HouseholdMember.objects.only("pk", "file_id")),
            "file__incomes",
            "file__expenses",
        )
    )
    summaries = {}
    for link in links:
        file = link.file
        summaries[link.case_id] = {
            "file": file,
            "household_size": file.household_size,
            "income_per_person": file.income_per_person(),
            "verification_lapsed": file.verification_lapsed(),
        }
    return summaries


def agenda_rows(session: CommitteeSession) -> list[AgendaItem]:
    """The agenda's items in order, each with `family` (or None), `recommendation` and its decision, if any."""
    items = list(
        session.items.select_related("case__submission", "decision", "decision__reason", "carried_from")
        .prefetch_related("standing_aside")
        .order_by("position", "pk")
    )
    summaries = family_summaries([item.case for item in items])
    case_ids = [item.case_id for item in items]
    appealing = set(Appeal.objects.open().filter(case__in=case_ids).values_list("case_id", flat=True))
    reports = latest_reports(case_ids)
    for item in items:
        item.family = summaries.get(item.case_id)
        item.recommendation = reports.get(item.case_id)
        item.appeal = item.case_id in appealing
    return items
