"""The session's page reads the same number of queries however long its agenda (each family's summary read for
all items at once), shows the date in both calendars, and the secretary's controls only to the secretary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory, IncomeFactory
from beneficiaries.models import FileRequest, LinkedBy
from committee.factories import SessionFactory, decide
from committee.models import Outcome
from inbox.factories import CaseFactory
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


def request_of_a_family():
    case = CaseFactory(status="committee")
    file = BeneficiaryFileFactory()
    FileRequest.objects.create(file=file, case=case, linked_by=LinkedBy.HEAD_ID)
    HouseholdMemberFactory(file=file)
    IncomeFactory(file=file)
    return case


def queries(client, path) -> tuple[int, str]:
    client.get(path)  # warm the per-request caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_agenda_pages_queries_do_not_grow_with_the_agenda(client, site_pages):
    secretary = UserFactory(role="secretary")
    members = [UserFactory(role="committee") for _ in range(3)]
    short = SessionFactory(members=members, cases=[request_of_a_family()], present=3, status="open")
    long = SessionFactory(members=members, cases=[request_of_a_family() for _ in range(6)], present=3, status="open")
    for session in (short, long):
        for item in session.items.all():
            decide(item, Outcome.DEFER)
        item = session.items.first()
        item.standing_aside.add(members[0])
    sign_in(client, secretary)
    few, _page = queries(client, reverse("committee:session", args=[short.pk]))
    many, page = queries(client, reverse("committee:session", args=[long.pk]))
    assert many == few, (few, many)
    assert few <= 30, few
    assert page.count('class="committee-item"') == 6 and "هـ" in page
    assert page.count(reverse("committee:decision", args=[long.pk, long.items.first().pk])) == 1


def test_a_member_sees_the_agenda_without_the_secretarys_controls(client, site_pages):
    waiting = CaseFactory(status="committee")
    session = SessionFactory(cases=[request_of_a_family()])
    sign_in(client, UserFactory(role="committee"))
    page = client.get(reverse("committee:session", args=[session.pk])).content.decode()
    assert 'class="committee-item"' in page
    assert reverse("committee:agenda_add", args=[session.pk]) not in page
    assert waiting.submission.reference not in page
    sign_in(client, UserFactory(role="secretary"))
    page = client.get(reverse("committee:session", args=[session.pk])).content.decode()
    assert reverse("committee:agenda_add", args=[session.pk]) in page and waiting.submission.reference in page
