"""Two secretaries closing one session at once, on PostgreSQL: one wins and applies the decisions once, the
other is told (the session's version in the UPDATE), nothing is applied twice."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from committee import closing
from committee.factories import SessionFactory, decide
from committee.models import CommitteeSession, CommitteeSettings, Outcome, SessionStatus
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent
from tests.support.db import in_new_connection

THREADS = 4


@pytest.mark.django_db
def test_two_people_closing_one_session_at_once(site_pages, form_page):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are checked on PostgreSQL")
    from forms.models import ReferenceCounter
    from inbox.factories import CaseFactory
    from organisation.factories import UserFactory

    counters = in_new_connection(lambda: {(c.prefix, c.year): c.last for c in ReferenceCounter.objects.all()})
    page = form_page(language="ar")

    def set_up():
        cases = [CaseFactory(status="committee", form_page=page) for _ in range(2)]
        session = SessionFactory(cases=cases, present=3, status="open")
        for item in session.items.all():
            decide(item, Outcome.REJECT)
        staff = [user for case in cases for user in case.staff.values()]
        return session, cases, [*staff, *session.members.all()], UserFactory(role="secretary")

    session, cases, staff, secretary = in_new_connection(set_up)
    results, barrier = [], threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            with translation.override("ar"):
                closing.close_session(session.pk, user=secretary, expected_version=session.version)
            results.append("closed")
        except closing.ClosingConflict as conflict:
            results.append(str(conflict))
        except Exception as error:  # pragma: no cover - reported below
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results.count("closed") == 1, results
        told = [result for result in results if result != "closed"]
        assert len(told) == THREADS - 1 and all("الجلسة" in message for message in told), told
        final = in_new_connection(lambda: CommitteeSession.objects.get(pk=session.pk))
        assert (final.status, final.version) == (SessionStatus.CLOSED, session.version + 1)
        moves = in_new_connection(
            lambda: list(CaseEvent.objects.filter(case__in=cases, kind="move", to_status=Status.REJECTED))
        )
        assert len(moves) == len(cases)
        assert in_new_connection(lambda: set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list(
            "status", flat=True))) == {Status.REJECTED}  # fmt: skip
    finally:
        in_new_connection(lambda: clean_up(session, cases, [*staff, secretary], counters))


def clean_up(session, cases, users, counters):
    """Leave the database as the other tests expect it: their reference numbers start at 1."""
    from forms.models import ReferenceCounter, Submission

    CommitteeSession.objects.filter(pk=session.pk).delete()
    Submission.objects.filter(pk__in=[case.submission_id for case in cases]).delete()
    CommitteeSettings.objects.filter(site_id=session.site_id).delete()
    for user in users:
        user.delete()
    for counter in ReferenceCounter.objects.all():
        if (counter.prefix, counter.year) not in counters:
            counter.delete()
        elif counter.last != counters[(counter.prefix, counter.year)]:
            ReferenceCounter.objects.filter(pk=counter.pk).update(last=counters[(counter.prefix, counter.year)])
