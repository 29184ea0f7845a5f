"""Complaints not answered on time: to the supervisors after their due date, to the executive director after
the days administrators set; once each, with an email, a timeline entry, the dashboard panel by role and the
inbox's "escalated" filter."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from forms.kinds import FormKind
from inbox import escalation, services
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent, CaseLogEntry, Escalation, InboxSettings
from organisation.factories import UserFactory
from staff_security.factories import StaffFactory, signed_in_client

pytestmark = pytest.mark.django_db


def late_by(case, days):
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=days))
    return Case.objects.select_related("submission").get(pk=case.pk)


@pytest.fixture
def people():
    return {role: StaffFactory(role=role) for role in ("supervisor", "director", "relations", "committee")}


def levels_of(case):
    return sorted(Escalation.objects.filter(case=case).values_list("level", flat=True))


def test_a_late_complaint_goes_to_the_supervisors_then_to_the_director(people):
    complaint = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS), 1)
    mail.outbox.clear()
    report = escalation.run()
    assert [case.pk for case in report.escalated["supervisor"]] == [complaint.pk] and not report.escalated["director"]
    assert levels_of(complaint) == ["supervisor"]
    assert [message.to for message in mail.outbox] == [[people["supervisor"].email]]
    assert complaint.submission.reference in mail.outbox[0].body
    assert f"/admin/inbox/{complaint.pk}/" in mail.outbox[0].body
    entry = CaseEvent.objects.get(case=complaint, kind=CaseEvent.Kind.ESCALATION)
    assert entry.text == "supervisor" and entry.actor is None
    assert CaseLogEntry.objects.filter(case_id=complaint.pk, action="inbox.escalate").count() == 1

    # Five days after the due date (the default) is not yet more than five.
    late_by(complaint, 5)
    mail.outbox.clear()
    assert escalation.run().escalated["director"] == [] and mail.outbox == []
    late_by(complaint, 6)
    report = escalation.run()
    assert [case.pk for case in report.escalated["director"]] == [complaint.pk]
    assert levels_of(complaint) == ["director", "supervisor"]
    assert [message.to for message in mail.outbox] == [[people["director"].email]]


def test_running_twice_escalates_once(people):
    complaint = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.RECEIVED), 10)
    mail.outbox.clear()
    call_command("inbox_reminders", stdout=io.StringIO())
    call_command("inbox_reminders", stdout=io.StringIO())
    assert levels_of(complaint) == ["director", "supervisor"]  # both levels reached in one run
    assert CaseEvent.objects.filter(case=complaint, kind=CaseEvent.Kind.ESCALATION).count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["supervisor"].email, people["director"].email]
    )


def test_the_days_before_the_director_come_from_the_setting(people):
    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.director_escalation_days = 2
    settings.save()
    complaint = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS), 3)
    escalation.run()
    assert levels_of(complaint) == ["director", "supervisor"]


def test_only_late_unanswered_complaints_escalate(people):
    on_time = CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS)
    answered = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.ANSWERED), 10)
    help_request = late_by(CaseFactory(kind=FormKind.HELP_REQUEST, status=Status.VERIFICATION), 10)
    escalation.run()
    assert not Escalation.objects.exists()
    assert on_time.pk and answered.pk and help_request.pk


def test_the_panel_lists_escalated_complaints_to_supervisors_and_the_director_only(people):
    first = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS), 1)
    second = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS), 9)
    escalation.run()
    supervisor = signed_in_client(people["supervisor"]).get("/admin/").content.decode()
    assert 'data-level="supervisor"' in supervisor
    assert f'data-escalated="{first.pk}"' in supervisor and f'data-escalated="{second.pk}"' in supervisor
    director = signed_in_client(people["director"]).get("/admin/").content.decode()
    assert 'data-level="director"' in director
    assert f'data-escalated="{second.pk}"' in director and f'data-escalated="{first.pk}"' not in director
    for role in ("relations", "committee"):
        page = signed_in_client(people[role]).get("/admin/").content.decode()
        assert "inbox-escalation-panel" not in page, role
    editor = signed_in_client(UserFactory(role="editor")).get("/admin/").content.decode()
    assert "inbox-escalation-panel" not in editor
    # Answered, it leaves the panel.
    services.make_move(first.pk, Status.ANSWERED, user=people["relations"], reason="اعتذارنا وحل المشكلة")
    supervisor = signed_in_client(people["supervisor"]).get("/admin/").content.decode()
    assert f'data-escalated="{first.pk}"' not in supervisor


def test_supervisors_and_the_director_see_the_escalated_complaints_in_the_inbox(people):
    first = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS), 1)
    second = late_by(CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS), 9)
    quiet = CaseFactory(kind=FormKind.COMPLAINT, status=Status.IN_PROGRESS)
    escalation.run()
    assert set(services.visible_cases(people["supervisor"]).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert set(services.visible_cases(people["director"]).values_list("pk", flat=True)) == {second.pk}
    relations = signed_in_client(people["relations"])
    listed = relations.get("/admin/inbox/", {"escalated": "supervisor"}).content.decode()
    assert first.submission.reference in listed and second.submission.reference in listed
    assert quiet.submission.reference not in listed
    listed = relations.get("/admin/inbox/", {"escalated": "director"}).content.decode()
    assert second.submission.reference in listed and first.submission.reference not in listed
    # On the request's page and its timeline.
    page = signed_in_client(people["director"]).get(f"/admin/inbox/{second.pk}/")
    assert page.status_code == 200 and "data-escalated" in page.content.decode()
    assert signed_in_client(people["director"]).get(f"/admin/inbox/{first.pk}/").status_code == 404
