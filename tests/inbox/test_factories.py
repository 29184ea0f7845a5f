"""inbox.factories: requests at every status of every kind, reached as the procedure allows, with
their timeline; assigned staff; the inbox's templates and settings."""

import hashlib

import pytest
from django.db import IntegrityError, transaction

from forms.factories import FormPageFactory
from forms.kinds import FormKind
from home.factories import SiteFactory
from inbox import services
from inbox.factories import CaseFactory, InboxSettingsFactory, MessageTemplateFactory, kind_for, moves_to, reach
from inbox.lifecycle import FINISHED, LIFECYCLES, Status
from inbox.models import Case, CaseEvent, CaseLogEntry, InboxSettings
from organisation.factories import UserFactory
from staff_security.factories import StaffFactory, signed_in_client

pytestmark = pytest.mark.django_db

EVERY_STATUS = [(kind, status) for kind, lifecycle in LIFECYCLES.items() for status in lifecycle.statuses]


@pytest.mark.parametrize(("kind", "status"), EVERY_STATUS, ids=[f"{kind}-{status}" for kind, status in EVERY_STATUS])
def test_a_request_at_each_status_of_each_kind(kind, status):
    case = CaseFactory(kind=kind, status=status)
    case.full_clean()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == status and fresh.submission.kind == kind
    # The timeline tells how it got there: received, then each move of the shortest way.
    steps = list(fresh.events.filter(kind__in=[CaseEvent.Kind.RECEIVED, CaseEvent.Kind.MOVE]).order_by("pk"))
    assert steps[0].kind == CaseEvent.Kind.RECEIVED and steps[0].to_status == LIFECYCLES[kind].first
    assert [event.to_status for event in steps[1:]] == [move.to for move in moves_to(kind, status)]
    assert all(event.from_status == before.to_status for before, event in zip(steps, steps[1:], strict=False))
    assert fresh.version == len(steps) - 1  # each move checked and counted as staff's (or the applicant's) are
    assert CaseLogEntry.objects.filter(case_id=case.pk).count() == len(steps) - 1
    assert (fresh.closed_at is not None) == (status in (Status.CLOSED, Status.WITHDRAWN))
    answered = any(move.to in LIFECYCLES[kind].answers for move in moves_to(kind, status))
    assert (fresh.answered_at is not None) == answered
    assert (fresh.waiting_since is not None) == (status == Status.WAITING)
    assert fresh.status in FINISHED or fresh in Case.objects.open()


def test_the_kind_follows_the_status():
    assert kind_for(Status.RESEARCH) == FormKind.HELP_REQUEST
    assert kind_for(Status.IN_PROGRESS) == FormKind.COMPLAINT
    assert kind_for(Status.SCREENING) == FormKind.VOLUNTEER
    assert kind_for(Status.RECORDED) == FormKind.SURVEY
    assert CaseFactory(status=Status.SCREENING).submission.kind == FormKind.VOLUNTEER
    assert CaseFactory().status == Status.RECEIVED
    with pytest.raises(ValueError):
        CaseFactory(kind=FormKind.COMPLAINT, status=Status.RESEARCH)


def test_the_staff_who_act_and_the_assignee():
    relations, researcher = UserFactory(role="relations"), UserFactory(role="researcher")
    case = CaseFactory(status=Status.RESEARCH, researcher=researcher, staff={"relations": relations})
    assert case.researcher == researcher and case.staff["relations"] == relations
    assert services.can_see(researcher, case) and not services.can_see(UserFactory(role="researcher"), case)
    committee = UserFactory(role="committee")
    given = CaseFactory(status=Status.VERIFICATION, assignee=committee)
    assert given.assignee == committee and services.can_see(committee, given)
    assert given.events.filter(kind=CaseEvent.Kind.ASSIGNMENT, assignee=committee).exists()


def test_a_request_moved_on_from_where_it_is():
    case = CaseFactory(status=Status.WAITING)
    moved = reach(case, Status.ACCEPTED, staff=case.staff)
    assert moved.status == Status.ACCEPTED and moved.waiting_since is None and moved.answered_at is not None
    assert [event.to_status for event in moved.events.filter(kind=CaseEvent.Kind.MOVE).order_by("pk")][-3:] == [
        Status.VERIFICATION, Status.COMMITTEE, Status.ACCEPTED,
    ]  # fmt: skip
    with pytest.raises(ValueError, match="never goes"):
        reach(moved, Status.RECEIVED)


def test_a_request_on_a_form_of_a_site():
    site = SiteFactory()
    page = FormPageFactory(site=site, kind=FormKind.HELP_REQUEST, english=True)
    case = CaseFactory(form_page=page.english, status=Status.COMMITTEE)
    assert case.submission.form_page.pk == page.pk and case.submission.language == "en"
    assert case.committee_at is not None and case.submission.kind == FormKind.HELP_REQUEST


def test_relations_staff_open_the_request_and_its_files():
    case = CaseFactory(kind=FormKind.HELP_REQUEST)
    client = signed_in_client(StaffFactory(role="relations"))
    assert case.submission.reference in client.get(f"/admin/inbox/{case.pk}/").content.decode()
    attachment = case.submission.attachments.first()
    response = client.get(f"/admin/inbox/{case.pk}/attachment/{attachment.pk}/")
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and len(content) == attachment.size
    assert hashlib.sha256(content).hexdigest() == attachment.sha256


def test_templates_and_settings():
    template = MessageTemplateFactory(kind=FormKind.VOLUNTEER)
    template.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():  # one template per kind, event and language
        MessageTemplateFactory(kind=FormKind.VOLUNTEER)
    site = SiteFactory(organisation=False)
    settings = InboxSettingsFactory(site=site, survey_retention_days=30)
    assert InboxSettings.for_site(site).survey_retention_days == 30 and settings.site == site
