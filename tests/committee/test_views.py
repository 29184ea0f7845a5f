"""The session's screens as the secretary uses them: a new session numbered, attendance, stand-asides and the
decision form (bad input refused with the Arabic error, nothing saved), and closing told which request failed."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from beneficiaries.deliveries import funds_for
from committee.factories import CommitteeSettingsFactory, SessionFactory, decide
from committee.models import CommitteeSession, Decision, Outcome, SessionStatus
from core import calendars
from home.factories import SiteFactory
from inbox import services
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case
from organisation.factories import UserFactory
from scripts.signin import sign_in
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(client):
    user = UserFactory(role="secretary")
    sign_in(client, user)
    return user


def test_a_new_session_is_numbered_for_its_year(client, site_pages, secretary):
    CommitteeSettingsFactory(numbering_calendar=calendars.HIJRI)
    members = [UserFactory(role="committee") for _ in range(3)]
    day = datetime.date(2026, 12, 7)
    data = {"date": day.isoformat(), "place": "مقر الجمعية", "online_link": "", "chair": members[0].pk,
            "members": [member.pk for member in members]}  # fmt: skip
    response = client.post(reverse("committee:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = CommitteeSession.objects.get()
    assert response.url == reverse("committee:session", args=[session.pk])  # on to its agenda
    (message,) = [str(message) for message in get_messages(response.wsgi_request)]
    assert message.startswith("أُنشئت الجلسة 1 لعام 1448: أعدّ جدول أعمالها أدناه.")  # then Wagtail's buttons
    assert (session.site, session.year, session.number) == (site_pages["site"], 1448, 1)
    assert set(session.members.all()) == set(members)
    # The chair must be a member invited; a place or a link is needed: refused, nothing saved.
    outsider = UserFactory(role="committee")
    response = client.post(reverse("committee:add"), {**data, "chair": outsider.pk, "members": [members[1].pk],
                                                      "place": ""})  # fmt: skip
    assert response.status_code == 200 and CommitteeSession.objects.count() == 1


def test_attendance_and_the_decision_form_through_the_admin(client, site_pages, secretary):
    session = SessionFactory(cases=[CaseFactory(status="committee")], status="open")
    item = session.items.get()
    members = list(session.members.all())
    client.post(reverse("committee:attendance", args=[session.pk]), {"present": [m.pk for m in members]})
    assert session.attendance.filter(present=True).count() == 3
    decision_url = reverse("committee:decision", args=[session.pk, item.pk])
    client.post(decision_url, {"aside": "1", "standing_aside": [members[0].pk]})
    assert list(item.standing_aside.all()) == [members[0]]

    too_many = {"decide": "1", "outcome": "defer", "missing": "صك", "votes_for": "٣", "votes_against": "٠"}
    response = client.post(decision_url, too_many)
    assert response.status_code == 200 and "الحاضرين" in response.content.decode()
    assert not Decision.objects.exists()

    accept = {"decide": "1", "outcome": "accept", "service": ServicePageFactory().pk, "kind": "cash",
              "amount": "٨٠٠", "months": "١٢", "fund": funds_for(session.site_id).first().pk,
              "votes_for": "١", "votes_against": "١", "chair_vote": "for",
              "dissent": "رأى أحد الأعضاء الرفض"}  # fmt: skip
    response = client.post(decision_url, accept)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.amount, decision.months, decision.decided_by_chair, decision.recorded_by) == (
        800, 12, True, secretary,
    )  # fmt: skip


def test_closing_through_the_admin_names_the_request_that_failed(client, site_pages, secretary):
    withdrawn = CaseFactory(status="committee")
    session = SessionFactory(cases=[CaseFactory(status="committee"), withdrawn], present=3, status="open")
    for item in session.items.all():
        decide(item, Outcome.REJECT)
    services.applicant_withdraw(withdrawn.pk, reason="")
    response = client.post(reverse("committee:close", args=[session.pk]), {"version": session.version})
    assert response.status_code == 200
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(withdrawn.submission.reference in message for message in told), told
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.OPEN
    assert not Case.objects.filter(status=Status.REJECTED).exists()


def test_the_list_shows_this_associations_sessions_only(client, site_pages, secretary):
    ours = SessionFactory(place="قاعة الاجتماعات")
    theirs = SessionFactory(site=SiteFactory(organisation=False), place="مكان آخر")
    page = client.get(reverse("committee:index")).content.decode()
    assert reverse("committee:session", args=[ours.pk]) in page
    # The session's day itself in both calendars, not how long ago it is.
    assert calendars.hijri_display(ours.date, "ar") in page and calendars.format_gregorian(ours.date, "ar") in page
    assert reverse("committee:session", args=[theirs.pk]) not in page
