"""Each association sees only its own research: staff of a second association get none of the first's tasks,
visits, reports or research questions, by listing or by id (404)."""

import pytest
from django.test import Client

from home.factories import SiteFactory
from organisation import associations
from organisation.factories import UserFactory
from research.factories import ResearchTaskFactory, plan_visit
from research.models import ResearchQuestion
from research.report_factories import ResearchQuestionFactory, draft_report
from scripts.signin import sign_in
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second():
    site = SiteFactory(hostname="second.localhost")
    associations.create_staff_groups(site)
    return site


def test_staff_of_another_association_see_none_of_the_first_s_research(second):
    task = ResearchTaskFactory()
    visit = plan_visit(task)
    report = draft_report(task.case, task.assignee)
    reference = task.case.submission.reference

    own = sign_in(Client(), UserFactory(role="relations"))
    assert reference in own.get("/admin/research/tasks/").content.decode()

    client = sign_in(Client(), UserFactory(role="relations", association=second))
    assert reference not in client.get("/admin/research/tasks/").content.decode()
    case = task.case_id
    for path in (
        f"tasks/{task.pk}/visits/new/", f"tasks/{task.pk}/visits/{visit.pk}/reschedule/",
        f"requests/{case}/report/", f"requests/{case}/reports/{report.pk}/",
    ):  # fmt: skip
        assert client.get(f"/admin/research/{path}").status_code == 404, path
    assert client.post(f"/admin/research/tasks/{task.pk}/visits/{visit.pk}/finish/").status_code == 404
    assert client.post(f"/admin/research/requests/{case}/reports/{report.pk}/uploads/").status_code == 404


def test_research_questions_are_the_association_s_own(second):
    theirs = ResearchQuestionFactory(text="Question of the first")
    own = ResearchQuestionFactory(site=second, text="Question of the second")
    admin = sign_in(Client(), UserFactory(role="administrator", association=second))
    listing = admin.get("/admin/snippets/research/researchquestion/").content.decode()
    assert "Question of the second" in listing and "Question of the first" not in listing
    assert admin.get(f"/admin/snippets/research/researchquestion/edit/{theirs.pk}/").status_code == 404
    assert admin.get(f"/admin/snippets/research/researchquestion/edit/{own.pk}/").status_code == 200


def test_a_question_s_service_is_one_of_the_association_s_own(second):
    ours, theirs = ServicePageFactory(site=second), ServicePageFactory()
    admin = sign_in(Client(), UserFactory(role="administrator", association=second))
    add = "/admin/snippets/research/researchquestion/add/"
    assert list(admin.get(add).context["form"].fields["service"].queryset) == [ours]
    data = {"site": second.pk, "help_text": "", "answer_kind": "text", "sort_order": "0", "active": "on"}
    refused = admin.post(add, {**data, "text": "Of their service", "service": theirs.pk})
    assert refused.status_code == 200 and "service" in refused.context["form"].errors
    assert not ResearchQuestion.objects.filter(text="Of their service").exists()
    assert admin.post(add, {**data, "text": "Of our service", "service": ours.pk}).status_code == 302
    assert ResearchQuestion.objects.get(text="Of our service").service == ours
