"""The declared procedure per kind, enforced on the server for each role."""

import datetime

import pytest
from django.utils import timezone

from inbox import services
from inbox.lifecycle import FINISHED, LIFECYCLES, NOT_SPAM_DAYS, Status
from inbox.models import Case, CaseEvent

pytestmark = pytest.mark.django_db


def test_every_submission_becomes_a_received_case_with_its_due_date(help_case):
    assert help_case.status == Status.RECEIVED
    assert help_case.due_date == help_case.submission.reply_due
    assert list(help_case.events.values_list("kind", flat=True))[:1] == [CaseEvent.Kind.RECEIVED]


def test_the_help_request_procedure_end_to_end(help_case, staff):
    rel, res, com = staff["relations"], staff["researcher"], staff["committee"]
    case, _ = services.make_move(help_case.pk, Status.VERIFICATION, user=rel)
    case, _ = services.make_move(case.pk, Status.RESEARCH, user=rel, reason="unclear income", researcher=res)
    assert case.researcher == res
    case, _ = services.make_move(case.pk, Status.COMMITTEE, user=res)
    case, _ = services.make_move(case.pk, Status.ACCEPTED, user=com)
    assert case.answered_at is not None
    for status in (Status.REGISTERED, Status.DELIVERED, Status.CLOSED):
        case, _ = services.make_move(case.pk, status, user=rel)
    moves = list(case.events.filter(kind="move").values_list("from_status", "to_status", "actor__username"))
    assert moves == [
        ("received", "verification", "relations"),
        ("verification", "research", "relations"),
        ("research", "committee", "researcher"),
        ("committee", "accepted", "committee"),
        ("accepted", "registered", "relations"),
        ("registered", "delivered", "relations"),
        ("delivered", "closed", "relations"),
    ]


def test_only_the_committee_decides_help_requests(help_case, staff):
    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(help_case.pk, Status.COMMITTEE, user=staff["relations"])
    for name in ("relations", "researcher", "editor"):
        with pytest.raises(services.NotAllowed):
            services.make_move(help_case.pk, Status.ACCEPTED, user=staff[name])
    with pytest.raises(services.Invalid):
        services.make_move(help_case.pk, Status.REJECTED, user=staff["committee"], reason="  ")
    case, _ = services.make_move(help_case.pk, Status.REJECTED, user=staff["committee"], reason="income too high")
    assert case.status == Status.REJECTED


def test_a_referral_needs_a_reason_and_a_researcher(help_case, staff):
    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"])
    with pytest.raises(services.Invalid):
        services.make_move(help_case.pk, Status.RESEARCH, user=staff["relations"], researcher=staff["researcher"])
    with pytest.raises(services.Invalid):
        services.make_move(
            help_case.pk, Status.RESEARCH, user=staff["relations"], reason="x", researcher=staff["editor"]
        )


def test_a_researcher_moves_only_requests_referred_to_them(help_case, staff):
    rel = staff["relations"]
    services.make_move(help_case.pk, Status.VERIFICATION, user=rel)
    services.make_move(help_case.pk, Status.RESEARCH, user=rel, reason="visit", researcher=staff["researcher"])
    with pytest.raises(services.NotAllowed):
        services.make_move(help_case.pk, Status.COMMITTEE, user=staff["researcher2"])
    assert not services.visible_cases(staff["researcher2"]).filter(pk=help_case.pk).exists()
    assert services.visible_cases(staff["researcher"]).filter(pk=help_case.pk).exists()


def test_editors_and_moderators_see_no_request(help_case, staff):
    for name in ("editor", "moderator"):
        assert not services.visible_cases(staff[name]).exists()
        with pytest.raises(services.NotAllowed):
            services.add_note(help_case.pk, "hello", user=staff[name])


def test_a_stale_version_is_refused_and_changes_nothing(help_case, staff):
    seen = help_case.version
    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"], expected_version=seen)
    with pytest.raises(services.Conflict) as refused:
        services.make_move(help_case.pk, Status.SPAM, user=staff["admin"], expected_version=seen)
    assert str(refused.value)  # a message for the person, in their language
    help_case.refresh_from_db()
    assert help_case.status == Status.VERIFICATION


def test_every_kind_has_spam_and_its_declared_statuses():
    for kind, lifecycle in LIFECYCLES.items():
        assert Status.SPAM in lifecycle.statuses, kind
        assert lifecycle.find(lifecycle.first, Status.SPAM) is not None
        assert lifecycle.find(Status.SPAM, lifecycle.first) is not None


def test_a_status_is_final_exactly_when_no_move_leaves_it_but_a_reopening_or_spam():
    """What retention keeps (Lifecycle.final_statuses) follows from the moves, not from a list."""
    for kind, lifecycle in LIFECYCLES.items():
        for status in lifecycle.statuses:
            ways_on = [m for m in lifecycle.moves_from(status) if not m.reopens and m.to != Status.SPAM]
            assert (status in lifecycle.final_statuses) == (not ways_on), (kind, status)
            if status in lifecycle.final_statuses:
                assert all(m.reopens for m in lifecycle.moves_from(status) if m.to not in FINISHED), (kind, status)
        assert lifecycle.final_statuses <= set(lifecycle.statuses) and lifecycle.final_statuses <= FINISHED
    assert Status.WITHDRAWN in LIFECYCLES["help_request"].final_statuses


def test_not_spam_is_offered_only_within_its_period(help_case, staff):
    rel = staff["relations"]
    services.make_move(help_case.pk, Status.SPAM, user=rel)
    long_ago = timezone.now() - datetime.timedelta(days=NOT_SPAM_DAYS, hours=1)
    Case.objects.filter(pk=help_case.pk).update(status_changed_at=long_ago)
    case = Case.objects.get(pk=help_case.pk)
    assert services.allowed_moves(rel, case) == []
    with pytest.raises(services.NotAllowed):
        services.make_move(case.pk, Status.RECEIVED, user=rel, reason="not spam after all")
    assert Case.objects.get(pk=case.pk).status == Status.SPAM

    Case.objects.filter(pk=case.pk).update(status_changed_at=long_ago + datetime.timedelta(days=1))
    case, _event = services.make_move(case.pk, Status.RECEIVED, user=rel, reason="not spam after all")
    assert case.status == Status.RECEIVED


def test_working_days_skip_weekends_and_holidays_and_waiting_moves_the_due_date(client, site_pages, staff):
    import datetime

    from django.utils import timezone

    from organisation.models import OrganisationSettings
    from tests.support.inbox import file_help_request

    settings = OrganisationSettings.for_site(site_pages["site"])
    today = timezone.localdate()
    holiday = today + datetime.timedelta(days=3)
    settings.reply_days_counted = "working"
    settings.public_holidays = [("holiday", {"name": "Eid", "first_day": holiday, "last_day": holiday})]
    settings.save()
    case = file_help_request(client)
    rules = settings.reply_rules
    assert case.working_days
    assert case.due_date == rules.due_date(today, 14)
    # 14 working days: never a Friday or Saturday, and longer than 14 calendar days.
    assert case.due_date.weekday() not in (4, 5) and (case.due_date - today).days > 14
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(case.pk, Status.WAITING, user=staff["relations"], reason="a copy of the lease")
    from inbox.models import Case

    waited_since = timezone.now() - datetime.timedelta(days=7)
    Case.objects.filter(pk=case.pk).update(waiting_since=waited_since)
    case, _ = services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    waited = rules.days_between(timezone.localdate(waited_since), today)
    assert case.days_waited == waited > 0
    assert case.due_date == rules.due_date(rules.due_date(today, 14), waited)


def test_calendar_days_by_default_and_the_clock_stops_while_waiting(help_case, staff):
    import datetime

    from django.utils import timezone

    from inbox.models import Case

    assert (help_case.due_date - timezone.localdate()).days == 14
    Case.objects.filter(pk=help_case.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    assert Case.objects.overdue().filter(pk=help_case.pk).exists()
    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(help_case.pk, Status.WAITING, user=staff["relations"], reason="bank statement")
    assert not Case.objects.overdue().filter(pk=help_case.pk).exists()
