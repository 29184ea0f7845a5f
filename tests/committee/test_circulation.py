"""Circulation between sessions (committee.circulation): the secretary proposes a decision on an urgent request,
the members asked answer once from the admin; the quorum approving applies it at once (the move with the
applicant's message and its decision number, the deliveries); the quorum no longer reachable closes it without a
decision; a member standing aside is not counted; the decision is recorded with the next session's minutes; bad
input is refused with the Arabic error and nothing is saved. Also the circulation's paths by role (the permission
matrix names this module)."""

import io

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from beneficiaries.deliveries import funds_for
from beneficiaries.models import DeliveryPlan, ScheduledDelivery
from committee import agenda, circulation, closing
from committee.factories import RejectionReasonFactory, SessionFactory, decide
from committee.models import Circulation, CirculationAnswer, CirculationStatus, Outcome, SessionMinutes
from committee.sessions import settings_for
from forms.records import Notification, private_storage
from home.factories import SiteFactory
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent
from organisation.factories import UserFactory
from scripts.signin import sign_in
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db
REFUSED = ("editor", "moderator", "relations", "researcher", "supervisor", "director")


def client_of(user):
    client = Client()
    sign_in(client, user)
    return client


def denied(response) -> bool:
    return response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin")


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def members(site_pages):
    return [UserFactory(role="committee") for _ in range(3)]


@pytest.fixture
def secretary(site_pages):
    return UserFactory(role="secretary")


@pytest.fixture
def urgent(site_pages):
    return CaseFactory(status="committee")


def acceptance(case, members, **changes):
    site_id = case.submission.form_page.get_site().pk
    return {
        "case": case.pk, "why_urgent": "إخلاء خلال أسبوع", "outcome": "accept", "service": ServicePageFactory().pk,
        "kind": "cash", "amount": "٥٠٠", "months": "٦", "fund": funds_for(site_id).first().pk, "starts_on": "",
        "reason": "", "reason_text": "", "members": [member.pk for member in members],
    } | changes  # fmt: skip


def opened(client, data) -> Circulation:
    response = client.post(reverse("committee:circulation_new"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Circulation.objects.get()


def answer(member, row, given):
    return client_of(member).post(reverse("committee:circulation", args=[row.pk]), {"answer": given})


def test_the_quorum_approving_applies_the_decision_at_once(secretary, members, urgent,
                                                           django_capture_on_commit_callbacks):  # fmt: skip
    row = opened(client_of(secretary), acceptance(urgent, members))
    assert (row.status, row.quorum, row.amount, row.months) == (CirculationStatus.OPEN, 2, 500, 6)
    assert urgent not in agenda.waiting_requests(row.site)  # no agenda while it is open
    waiting = client_of(members[1]).get(reverse("committee:circulations")).content.decode()
    assert urgent.submission.reference in waiting

    answer(members[0], row, "for")
    assert Circulation.objects.get().status == CirculationStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        answer(members[1], row, "for")
    row.refresh_from_db()
    year = settings_for(row.site).year_of(row.finished_at.date())
    assert (row.status, row.number, row.votes_for) == (CirculationStatus.DECIDED, f"{year}/C/1", 2)
    assert Case.objects.get(pk=urgent.pk).status == Status.ACCEPTED
    plan = DeliveryPlan.objects.get(case=urgent)
    assert (plan.count, plan.amount) == (6, 500) and ScheduledDelivery.objects.filter(plan=plan).count() == 6
    move = CaseEvent.objects.get(case=urgent, kind=CaseEvent.Kind.MOVE, to_status=Status.ACCEPTED)
    assert row.number in move.text
    email = Notification.objects.get(submission=urgent.submission, event=Status.ACCEPTED,
                                     channel=Notification.Channel.APPLICANT_EMAIL)  # fmt: skip
    assert row.number in email.body
    # Answering a decided circulation is refused.
    response = answer(members[2], row, "against")
    assert "أُغلق هذا التمرير" in messages_of(response) and row.answers.count() == 2


def test_the_quorum_against_closes_it_without_a_decision(secretary, members, urgent):
    reason = RejectionReasonFactory(settings=settings_for(urgent.submission.form_page.get_site()))
    row = opened(client_of(secretary), acceptance(urgent, members, outcome="reject", reason=reason.pk, amount="",
                                                  months="", service="", fund=""))  # fmt: skip
    answer(members[0], row, "against")
    answer(members[1], row, "against")
    row.refresh_from_db()
    assert row.status == CirculationStatus.NOT_CARRIED and not row.number
    assert Case.objects.get(pk=urgent.pk).status == Status.COMMITTEE
    assert not CaseEvent.objects.filter(case=urgent, to_status=Status.REJECTED).exists()
    assert urgent in agenda.waiting_requests(row.site)  # it waits for the next session


def test_a_member_answers_once_and_only_members_asked_answer(secretary, members, urgent):
    row = opened(client_of(secretary), acceptance(urgent, members[:2] + [members[2]]))
    answer(members[0], row, "for")
    response = answer(members[0], row, "against")
    assert "سبق أن رددت" in messages_of(response)
    assert list(row.answers.values_list("answer", flat=True)) == ["for"]
    outsider = UserFactory(role="committee")
    assert denied(answer(outsider, row, "for"))
    with pytest.raises(circulation.CirculationError):
        circulation.answer(row.pk, outsider, "for")
    response = answer(members[1], row, "maybe")
    assert "اختر ردك" in messages_of(response) and row.answers.count() == 1


def test_a_member_standing_aside_is_not_counted(secretary, members, urgent, django_capture_on_commit_callbacks):
    row = opened(client_of(secretary), acceptance(urgent, members))
    answer(members[0], row, "aside")
    answer(members[1], row, "for")
    assert Circulation.objects.get().status == CirculationStatus.OPEN  # one more "for" is needed
    with django_capture_on_commit_callbacks(execute=True):
        answer(members[2], row, "for")
    row.refresh_from_db()
    assert row.status == CirculationStatus.DECIDED and (row.votes_for, row.votes_against) == (2, 0)

    # Recorded with the next session's minutes, its member standing aside named.
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=2, status="open")
    decide(session.items.get(), Outcome.DEFER)
    with django_capture_on_commit_callbacks(execute=True):
        closing.close_session(session.pk, user=secretary, expected_version=session.version)
    row.refresh_from_db()
    assert row.recorded_with == session
    minutes = SessionMinutes.objects.get(session=session)
    with private_storage().open(minutes.stored_file.name, "rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "ما تقرر بالتمرير منذ الجلسة السابقة" in text and urgent.submission.reference in text
    # Its own decision number (pypdf reads the digit runs of a right-to-left line in visual order).
    assert "/C/" in text.split(urgent.submission.reference)[0].splitlines()[-1]
    # A later session's minutes do not record it again.
    later = SessionFactory(cases=[CaseFactory(status="committee")], present=2, status="open")
    decide(later.items.get(), Outcome.DEFER)
    closing.close_session(later.pk, user=secretary, expected_version=later.version)
    assert Circulation.objects.get().recorded_with == session


def test_a_standing_aside_can_leave_the_quorum_out_of_reach(secretary, members, urgent):
    row = opened(client_of(secretary), acceptance(urgent, members))
    answer(members[0], row, "aside")
    answer(members[1], row, "against")
    assert Circulation.objects.get().status == CirculationStatus.NOT_CARRIED
    assert CirculationAnswer.objects.filter(answer="aside").count() == 1


def test_bad_input_is_refused_with_the_arabic_error_and_nothing_saved(secretary, members, urgent):
    client = client_of(secretary)
    response = client.post(reverse("committee:circulation_new"), acceptance(urgent, members, amount=""))
    assert response.status_code == 200 and "أدخل المبلغ الشهري بالريال." in response.content.decode()
    response = client.post(reverse("committee:circulation_new"), acceptance(urgent, members, outcome="reject",
                                                                            amount=""))  # fmt: skip
    assert "اختر سبب الرفض." in response.content.decode()
    response = client.post(reverse("committee:circulation_new"), acceptance(urgent, members, why_urgent=""))
    assert response.status_code == 200
    assert not Circulation.objects.exists()


def test_a_request_on_an_agenda_is_not_circulated_and_a_circulated_one_joins_no_agenda(secretary, members, urgent):
    session = SessionFactory(cases=[urgent])
    response = client_of(secretary).post(reverse("committee:circulation_new"), acceptance(urgent, members))
    assert response.status_code == 200 and not Circulation.objects.exists()
    other = CaseFactory(status="committee")
    opened(client_of(secretary), acceptance(other, members))
    assert agenda.add_requests(session, [other.pk]) == 0
    # Opening a second circulation on it is refused by the service too.
    with pytest.raises(circulation.CirculationError):
        circulation.open_circulation(Circulation(site=session.site, case=other, outcome="reject", quorum=0),
                                     members, user=secretary)  # fmt: skip


# --- by role ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "listing", "new"),
    [("secretary", "ok", "ok"), ("administrator", "ok", "ok"), ("committee", "ok", "denied"),
     *[(role, "denied", "denied") for role in REFUSED]],
)  # fmt: skip
def test_the_circulation_paths_by_role(site_pages, role, listing, new):
    client = client_of(UserFactory(role=role))

    def outcome(response):
        return "ok" if response.status_code == 200 else "denied" if denied(response) else str(response.status_code)

    assert outcome(client.get(reverse("committee:circulations"))) == listing
    assert outcome(client.get(reverse("committee:circulation_new"))) == new


def test_one_circulation_by_role_and_another_associations_is_a_404(secretary, members, urgent):
    row = opened(client_of(secretary), acceptance(urgent, members))
    url = reverse("committee:circulation", args=[row.pk])
    assert client_of(members[0]).get(url).status_code == 200
    assert client_of(UserFactory(role="administrator")).get(url).status_code == 200
    assert denied(client_of(UserFactory(role="committee")).get(url))  # a member not asked
    for role in REFUSED:
        assert denied(client_of(UserFactory(role=role)).get(url))
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    elsewhere = Circulation.objects.create(site=SiteFactory(organisation=False), case=CaseFactory(status="committee"),
                                           outcome="reject", quorum=1)  # fmt: skip
    elsewhere.members.set([members[0]])
    assert client_of(members[0]).get(reverse("committee:circulation", args=[elsewhere.pk])).status_code == 404
    assert client_of(members[0]).post(reverse("committee:circulation", args=[elsewhere.pk]),
                                      {"answer": "for"}).status_code == 404  # fmt: skip
    assert not elsewhere.answers.exists()
