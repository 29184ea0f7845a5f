"""Who works a task's visits, on a task and visits made for it: the assigned researcher, beneficiary relations and
administrators may; a researcher not assigned gets a 404 (the task is not among theirs, as a request not referred
to them is not in their inbox); the committee, editors and moderators are refused (403); anonymous visitors sent
to sign in. A visit of another task in the URL is a 404 for everyone."""

import pytest
from django.urls import reverse

from inbox import services
from research.factories import ResearchTaskFactory, plan_visit
from research.models import Visit, VisitChange, VisitStatus
from scripts.signin import sign_in
from tests.support.research import in_days, visit_form

pytestmark = pytest.mark.django_db

# Outcome of each role on the task of "researcher". "denied": a 403, or the admin's redirect to its dashboard.
EXPECTED = {
    "researcher": "ok", "relations": "ok", "admin": "ok", "researcher2": "missing",
    "committee": "denied", "editor": "denied", "moderator": "denied",
}  # fmt: skip


def outcome(response) -> str:
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    return {200: "ok", 404: "missing", 302: "redirect"}.get(response.status_code, str(response.status_code))


@pytest.fixture
def task(staff):
    return ResearchTaskFactory(researcher=staff["researcher"], staff={"relations": staff["relations"]})


def paths(task, visit):
    return {
        "plan": reverse("research_tasks:plan_visit", args=[task.pk]),
        "reschedule": reverse("research_tasks:reschedule_visit", args=[task.pk, visit.pk]),
        "finish": reverse("research_tasks:finish_visit", args=[task.pk, visit.pk]),
    }


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_on_a_tasks_forms(client, staff, task, role):
    visit = plan_visit(task)
    sign_in(client, staff[role])
    urls = paths(task, visit)
    assert outcome(client.get(urls["plan"])) == EXPECTED[role]
    assert outcome(client.get(urls["reschedule"])) == EXPECTED[role]
    if EXPECTED[role] != "ok":
        # Nothing changes for those refused, whatever they post.
        assert outcome(client.post(urls["plan"], visit_form(in_days(3)))) == EXPECTED[role]
        assert outcome(client.post(urls["reschedule"], visit_form(in_days(4), reason="سبب"))) == EXPECTED[role]
        assert outcome(client.post(urls["finish"], {"status": "cancelled"})) == EXPECTED[role]
        assert Visit.objects.filter(task=task).count() == 1 and not VisitChange.objects.exists()
        visit.refresh_from_db()
        assert visit.status == VisitStatus.PLANNED
    else:
        assert client.post(urls["finish"], {"status": "cancelled"}).status_code == 302
        visit.refresh_from_db()
        assert visit.status == VisitStatus.CANCELLED


def test_anonymous_visitors_are_sent_to_sign_in(client, task):
    visit = plan_visit(task)
    for url in paths(task, visit).values():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_finish_takes_only_a_post(client, staff, task):
    visit = plan_visit(task)
    sign_in(client, staff["researcher"])
    assert client.get(paths(task, visit)["finish"]).status_code == 405


@pytest.mark.parametrize("role", ["researcher", "relations", "admin"])
def test_a_visit_of_another_task_in_the_url_is_a_404(client, staff, task, role):
    other_task = ResearchTaskFactory(researcher=staff["researcher"])
    others = plan_visit(other_task)
    sign_in(client, staff[role])
    swapped = paths(task, others)
    assert client.get(swapped["reschedule"]).status_code == 404
    assert client.post(swapped["reschedule"], visit_form(in_days(4), reason="سبب")).status_code == 404
    assert client.post(swapped["finish"], {"status": "cancelled"}).status_code == 404
    others.refresh_from_db()
    assert others.status == VisitStatus.PLANNED and others.date == in_days(3)
    assert not VisitChange.objects.exists()


def test_a_task_that_does_not_exist_is_a_404(client, staff):
    sign_in(client, staff["relations"])
    assert client.get(reverse("research_tasks:plan_visit", args=[999999])).status_code == 404


def test_the_request_page_offers_the_visit_actions_only_to_whoever_works_the_task(client, staff, task):
    plan_visit(task)
    detail = reverse("inbox:detail", args=[task.case_id])
    plan = reverse("research_tasks:plan_visit", args=[task.pk])
    sign_in(client, staff["researcher"])
    assert plan in client.get(detail).content.decode()
    # Another researcher given the request in the inbox sees it, and its research, but not the task's tools.
    services.assign(task.case_id, staff["researcher2"], user=staff["relations"])
    client.logout()
    sign_in(client, staff["researcher2"])
    page = client.get(detail).content.decode()
    assert "الزيارات" in page, page
    assert plan not in page, page[page.index(plan) - 300 : page.index(plan) + 100]
