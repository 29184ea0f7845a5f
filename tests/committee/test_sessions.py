"""Sessions numbered per year in the setting's calendar, the agenda built from the requests waiting for the
committee, the quorum, and the checks of a decision's votes (stand-asides, the chair's vote on a tie)."""

import datetime

import pytest
from django.utils import translation

from beneficiaries.deliveries import funds_for
from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory, IncomeFactory
from beneficiaries.models import FileRequest, LinkedBy
from committee import agenda, sessions
from committee.decision_forms import DecisionForm
from committee.factories import CommitteeSettingsFactory, RejectionReasonFactory, ServicePageFactory, SessionFactory
from committee.models import CommitteeSession, Decision, Outcome, QuorumRule, SessionStatus
from core import calendars
from home.factories import SiteFactory
from inbox.appeals import applicant_appeal
from inbox.factories import CaseFactory
from organisation.factories import UserFactory
from research.report_factories import submitted_report

pytestmark = pytest.mark.django_db


def test_sessions_are_numbered_in_sequence_per_hijri_year():
    CommitteeSettingsFactory(numbering_calendar=calendars.HIJRI)
    # 1447 ends on 2026-06-15; 1448 starts the next day.
    last_of_1447 = calendars.hijri_to_gregorian(1447, 12, 29)
    first = SessionFactory(date=last_of_1447 - datetime.timedelta(days=10))
    second = SessionFactory(date=last_of_1447)
    third = SessionFactory(date=last_of_1447 + datetime.timedelta(days=1))
    assert [(s.year, s.number) for s in (first, second, third)] == [(1447, 1), (1447, 2), (1448, 1)]


def test_sessions_are_numbered_in_sequence_per_gregorian_year_and_per_association():
    CommitteeSettingsFactory(numbering_calendar=calendars.GREGORIAN)
    first = SessionFactory(date=datetime.date(2026, 12, 30))
    second = SessionFactory(date=datetime.date(2026, 12, 31))
    third = SessionFactory(date=datetime.date(2027, 1, 2))
    other_site = SiteFactory(organisation=False)
    CommitteeSettingsFactory(site=other_site, numbering_calendar=calendars.GREGORIAN)
    elsewhere = SessionFactory(site=other_site, date=datetime.date(2026, 12, 31))
    assert [(s.year, s.number) for s in (first, second, third, elsewhere)] == [
        (2026, 1), (2026, 2), (2027, 1), (2026, 1),
    ]  # fmt: skip


def test_the_session_shows_its_date_in_both_calendars():
    session = SessionFactory(date=datetime.date(2026, 12, 7))
    assert session.hijri_display("ar").endswith("هـ") and "١٤٤٨" in session.hijri_display("ar")
    assert "٢٠٢٦" in session.gregorian_display("ar") and session.gregorian_display("ar").endswith("م")


def test_the_agenda_is_built_from_the_requests_waiting_for_the_committee(site_pages):
    waiting = CaseFactory(status="committee")
    on_another_agenda = CaseFactory(status="committee")
    SessionFactory(cases=[on_another_agenda])
    CaseFactory(status="research")  # not with the committee yet
    elsewhere = SiteFactory()
    CaseFactory(status="committee", site=elsewhere)  # another association's
    session = SessionFactory()
    assert list(agenda.waiting_requests(session.site)) == [waiting]
    assert agenda.add_requests(session, [waiting.pk, on_another_agenda.pk]) == 1
    assert [item.case for item in session.items.all()] == [waiting]
    assert not agenda.waiting_requests(session.site).exists()


def test_the_agenda_shows_the_family_summary_and_the_recommendation(site_pages):
    case = CaseFactory(status="committee")
    file = BeneficiaryFileFactory()
    FileRequest.objects.create(file=file, case=case, linked_by=LinkedBy.HEAD_ID)
    HouseholdMemberFactory(file=file)
    IncomeFactory(file=file, monthly_amount=3000)
    session = SessionFactory(cases=[case, CaseFactory(status="committee")])
    first, second = agenda.agenda_rows(session)
    assert (first.family["household_size"], first.family["income_per_person"]) == (2, file.income_per_person())
    assert second.family is None
    assert first.recommendation is None  # no report submitted yet
    report = submitted_report(case, ServicePageFactory(), researcher=UserFactory(role="researcher"))
    first, second = agenda.agenda_rows(session)
    assert first.recommendation == report and second.recommendation is None


def test_the_secretary_orders_and_removes_items_until_the_session_opens(site_pages):
    cases = [CaseFactory(status="committee") for _ in range(3)]
    session = SessionFactory(cases=cases, present=2)
    items = list(session.items.order_by("position"))
    agenda.move_item(session, items[2], -1)
    assert [item.case for item in session.items.order_by("position")] == [cases[0], cases[2], cases[1]]
    agenda.remove_item(session, items[0])
    assert [(item.case, item.position) for item in session.items.order_by("position")] == [
        (cases[2], 1), (cases[1], 2),
    ]  # fmt: skip
    assert list(agenda.waiting_requests(session.site)) == [cases[0]]
    session = sessions.open_session(session, expected_version=session.version)
    with pytest.raises(agenda.AgendaError):
        agenda.add_requests(session, [cases[0].pk])
    with pytest.raises(sessions.SessionError):  # opened already: the version seen is stale
        sessions.open_session(session, expected_version=0)


@pytest.mark.parametrize(
    ("rule", "number", "invited", "needed"),
    [(QuorumRule.MAJORITY, 3, 5, 3), (QuorumRule.MAJORITY, 3, 4, 3), (QuorumRule.TWO_THIRDS, 3, 6, 4),
     (QuorumRule.FIXED, 2, 7, 2)],
)  # fmt: skip
def test_the_quorum_follows_the_setting(rule, number, invited, needed):
    CommitteeSettingsFactory(quorum_rule=rule, quorum_number=number)
    members = [UserFactory(role="committee") for _ in range(invited)]
    session = SessionFactory(members=members, present=needed - 1)
    assert sessions.quorum_of(session) == needed and not sessions.has_quorum(session)
    sessions.record_attendance(session, [member.pk for member in members[:needed]])
    assert sessions.has_quorum(session)


def open_session_of_one_request(site_pages, present=3):
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=present, status="open")
    return session, session.items.get()


def test_a_tie_is_decided_by_the_chairs_vote(site_pages):
    members = [UserFactory(role="committee") for _ in range(4)]
    session = SessionFactory(cases=[CaseFactory(status="committee")], members=members, present=4, status="open",
                             chair=members[0])  # fmt: skip
    item = session.items.get()
    tie = {"outcome": Outcome.DEFER, "missing": "صك الإعالة", "votes_for": "2", "votes_against": "2"}
    form = DecisionForm(tie, item=item)
    assert not form.is_valid() and "chair_vote" in form.errors
    assert not DecisionForm({**tie, "chair_vote": "against"}, item=item).is_valid()
    form = DecisionForm({**tie, "chair_vote": "for"}, item=item)
    assert form.is_valid(), form.errors
    decision = form.save()
    assert decision.decided_by_chair and decision.number == f"{session.year}/{session.number}/1"


def test_members_standing_aside_are_not_counted_on_that_item(site_pages):
    session, item = open_session_of_one_request(site_pages)
    item.standing_aside.add(session.members.first())
    split = {"outcome": Outcome.DEFER, "missing": "تقرير طبي", "votes_for": "2", "votes_against": "1"}
    form = DecisionForm(split, item=item)
    assert not form.is_valid() and "لـ 2 من" in str(form.errors["votes_for"])
    form = DecisionForm({"outcome": Outcome.DEFER, "missing": "تقرير طبي", "unanimous": "on"}, item=item)
    assert form.is_valid(), form.errors
    assert (form.save().votes_for, Decision.objects.get().votes_against) == (2, 0)


def test_votes_against_the_decision_do_not_carry_it(site_pages):
    _session, item = open_session_of_one_request(site_pages)
    form = DecisionForm({"outcome": Outcome.DEFER, "missing": "x", "votes_for": "1", "votes_against": "2"}, item=item)
    assert not form.is_valid() and not Decision.objects.exists()


def test_bad_input_is_refused_with_a_translated_error_and_nothing_saved(site_pages, settings):
    settings.LANGUAGE_CODE = "ar"
    _session, item = open_session_of_one_request(site_pages)
    with translation.override("ar"):
        too_many = DecisionForm({"outcome": Outcome.DEFER, "missing": "x", "votes_for": "4"}, item=item)
        assert not too_many.is_valid()
        assert "الحاضرين" in str(too_many.errors["votes_for"])
        no_amount = DecisionForm({"outcome": Outcome.ACCEPT, "months": "6", "unanimous": "on"}, item=item)
        assert not no_amount.is_valid() and "المبلغ" in str(no_amount.errors["amount"])
        no_reason = DecisionForm({"outcome": Outcome.REJECT, "unanimous": "on"}, item=item)
        assert not no_reason.is_valid() and "reason" in no_reason.errors
    assert not Decision.objects.exists()


def test_arabic_indic_digits_are_accepted(site_pages):
    session, item = open_session_of_one_request(site_pages)
    form = DecisionForm(
        {"outcome": Outcome.ACCEPT, "service": ServicePageFactory().pk, "kind": "cash", "amount": "١٬٥٠٠٫٥٠",
         "months": "٦", "fund": funds_for(session.site_id).first().pk, "votes_for": "٢", "votes_against": "١"},
        item=item,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    decision = form.save()
    assert (str(decision.amount), decision.months, decision.votes_for, decision.votes_against) == ("1500.50", 6, 2, 1)
    assert decision.starts_on == session.date


def test_a_rejection_reason_of_another_association_is_refused(site_pages):
    _session, item = open_session_of_one_request(site_pages)
    other = SiteFactory(organisation=False)
    foreign = RejectionReasonFactory(settings=sessions.settings_for(other))
    form = DecisionForm({"outcome": Outcome.REJECT, "reason": foreign.pk, "unanimous": "on"}, item=item)
    assert not form.is_valid() and "reason" in form.errors


def test_a_session_in_preparation_is_numbered_once(site_pages):
    session = SessionFactory()
    assert CommitteeSession.objects.filter(year=session.year).count() == 1
    assert session.status == SessionStatus.PREPARING


def test_an_appeal_joins_the_agenda_marked_as_an_appeal(site_pages):
    rejected = CaseFactory(status="rejected")
    applicant_appeal(rejected.pk, "لم تُراعَ ديون الأسرة", link_secret=rejected.link_secret)
    session = SessionFactory()
    assert rejected in agenda.waiting_requests(session.site)
    agenda.add_requests(session, [rejected.pk, CaseFactory(status="committee").pk])
    marks = {item.case_id: item.appeal for item in agenda.agenda_rows(session)}
    assert marks[rejected.pk] is True and list(marks.values()).count(True) == 1
