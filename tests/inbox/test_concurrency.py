"""Two staff acting on one request at once, on PostgreSQL: one move wins, the other is told, nothing is overwritten."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from inbox import services
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent
from tests.support.db import in_new_connection

THREADS = 12


@pytest.mark.django_db
def test_concurrent_moves_on_one_request(site_pages, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are checked on PostgreSQL")
    from forms.models import ReferenceCounter, Submission
    from inbox.demo import create_fake_requests

    counters = in_new_connection(lambda: {(c.prefix, c.year): c.last for c in ReferenceCounter.objects.all()})

    def set_up():
        before = set(Submission.objects.values_list("pk", flat=True))
        create_fake_requests(12, seed=99)
        made = Case.objects.exclude(pk__in=before)
        case = made.filter(submission__kind="help_request").first()
        Submission.objects.filter(pk__in=made.exclude(pk=case.pk).values("pk")).delete()
        Case.objects.filter(pk=case.pk).update(status=Status.VERIFICATION, answered_at=None, committee_at=None)
        user = django_user_model.objects.create_user("concurrent-relations", password="x")
        user.groups.add(Group.objects.get(name="Beneficiary relations"))
        return Case.objects.get(pk=case.pk), user

    case, user = in_new_connection(set_up)
    results, barrier = [], threading.Barrier(THREADS)

    def worker(index):
        try:
            barrier.wait()
            target = Status.COMMITTEE if index % 2 else Status.SPAM
            services.make_move(case.pk, target, user=user, expected_version=case.version)
            results.append(("moved", target))
        except services.Conflict:
            results.append(("conflict", None))
        except Exception as error:  # pragma: no cover - reported below
            results.append(("error", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        final = in_new_connection(lambda: Case.objects.get(pk=case.pk))
        moves = in_new_connection(lambda: list(CaseEvent.objects.filter(case_id=case.pk, kind="move")))
        winners = [target for outcome, target in results if outcome == "moved"]
        assert [outcome for outcome, _ in results].count("error") == 0, results
        assert len(winners) == 1 and results.count(("conflict", None)) == THREADS - 1
        assert final.status == winners[0] and final.version == case.version + 1
        assert [(m.from_status, m.to_status) for m in moves if m.from_status == Status.VERIFICATION] == [
            (Status.VERIFICATION, winners[0])
        ]
    finally:
        in_new_connection(lambda: clean_up(case, user, counters))


def clean_up(case, user, counters):
    """Leave the database as the other tests expect it: their reference numbers start at 1."""
    from forms.models import ReferenceCounter, Submission

    Submission.objects.filter(pk=case.pk).delete()
    user.delete()
    for counter in ReferenceCounter.objects.all():
        if (counter.prefix, counter.year) not in counters:
            counter.delete()
        elif counter.last != counters[(counter.prefix, counter.year)]:
            ReferenceCounter.objects.filter(pk=counter.pk).update(last=counters[(counter.prefix, counter.year)])
