"""The researchers' list of research tasks due and overdue: a researcher sees their own, beneficiary relations
and administrators every one and filter by researcher; overdue flagged; each row links to the request's page;
the same queries however many rows (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inbox import services
from research.factories import ResearchTaskFactory, after_commit, plan_visit
from research.models import ResearchTask
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
INDEX = reverse("research_tasks:index")


@pytest.fixture
def tasks(staff):
    mine = ResearchTaskFactory(researcher=staff["researcher"], staff={"relations": staff["relations"]})
    theirs = ResearchTaskFactory(researcher=staff["researcher2"], staff={"relations": staff["relations"]})
    ResearchTask.objects.filter(pk=theirs.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    return {"mine": mine, "theirs": theirs}


def listed(client, **query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    return response.content.decode()


def reference(task):
    return task.case.submission.reference


def test_a_researcher_sees_their_own_tasks_only_with_a_link_to_the_request(client, staff, tasks):
    sign_in(client, staff["researcher"])
    page = listed(client)
    assert reference(tasks["mine"]) in page and reference(tasks["theirs"]) not in page
    assert reverse("inbox:detail", args=[tasks["mine"].case_id]) in page
    assert 'name="assignee"' not in page  # no filter by researcher: the list is theirs alone
    assert "مهام البحث الاجتماعي" in page


def test_relations_see_every_task_filter_by_researcher_and_the_overdue_are_flagged(client, staff, tasks):
    sign_in(client, staff["relations"])
    page = listed(client)
    assert reference(tasks["mine"]) in page and reference(tasks["theirs"]) in page
    assert page.count("متأخر") >= 1
    only = listed(client, assignee=staff["researcher2"].pk)
    assert reference(tasks["theirs"]) in only and reference(tasks["mine"]) not in only
    overdue = listed(client, overdue="true")
    assert reference(tasks["theirs"]) in overdue and reference(tasks["mine"]) not in overdue


def test_the_list_is_ordered_by_due_date_and_shows_the_next_visit(client, staff, tasks):
    plan_visit(tasks["mine"], days_ahead=3)
    sign_in(client, staff["admin"])
    page = listed(client)
    assert page.index(reference(tasks["theirs"])) < page.index(reference(tasks["mine"]))


def test_closed_tasks_leave_the_list(client, staff, tasks):
    with after_commit():
        services.make_move(tasks["mine"].case_id, "committee", user=staff["researcher"])
    sign_in(client, staff["researcher"])
    assert reference(tasks["mine"]) not in listed(client)


def test_the_list_costs_the_same_queries_however_many_rows(client, staff, django_assert_max_num_queries):
    def make(count):
        for _number in range(count):
            task = ResearchTaskFactory(researcher=staff["researcher"], staff={"relations": staff["relations"]})
            plan_visit(task, days_ahead=2)

    make(2)
    sign_in(client, staff["relations"])
    listed(client)  # warm: the session, the menu, the settings
    with CaptureQueriesContext(connection) as few:
        listed(client)
    make(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = listed(client)
    assert page.count(reverse("inbox:detail", args=[ResearchTask.objects.last().case_id])) >= 1
    assert len(few.captured_queries) <= 30
