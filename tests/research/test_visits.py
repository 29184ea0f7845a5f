"""Visits from the admin, on a phone in Arabic: planned, rescheduled with the history kept, done or cancelled; the
applicant told by SMS and email from the message templates; bad input refused with a translated error and
nothing saved; dates and times typed in Arabic-Indic digits read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.arabic import to_arabic_indic_digits
from core.calendars import format_gregorian, hijri_display
from forms.models import Notification
from inbox import services
from research import visits
from research.factories import ResearchTaskFactory, after_commit, plan_visit
from research.models import VISIT_PLANNED, VISIT_RESCHEDULED, TaskStatus, Visit, VisitChange, VisitStatus
from scripts.signin import sign_in
from tests.support.research import in_days, visit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(staff):
    return ResearchTaskFactory(researcher=staff["researcher"], staff={"relations": staff["relations"]})


def plan_url(task):
    return reverse("research_tasks:plan_visit", args=[task.pk])


def messages_of(task, event):
    return {n.channel: n for n in Notification.objects.filter(submission_id=task.case_id, event=event)}


def test_the_researcher_plans_a_visit_and_the_applicant_is_told_in_arabic_by_email_and_sms(client, staff, task):
    sign_in(client, staff["researcher"])
    form_page = client.get(plan_url(task))
    assert form_page.status_code == 200 and 'type="date"' in form_page.content.decode()
    day = in_days(4)
    response = client.post(plan_url(task), visit_form(day, "16:30", "18:00", "home"))
    assert response.status_code == 302 and response["Location"] == reverse("inbox:detail", args=[task.case_id])
    visit = Visit.objects.get(task=task)
    assert (visit.date, visit.starts_at, visit.ends_at, visit.status, visit.created_by) == (
        day, datetime.time(16, 30), datetime.time(18), VisitStatus.PLANNED, staff["researcher"],
    )  # fmt: skip
    assert visit.site_id == task.site_id
    told = messages_of(task, VISIT_PLANNED)
    assert set(told) == {Notification.Channel.APPLICANT_EMAIL, Notification.Channel.APPLICANT_SMS}
    email, sms = told[Notification.Channel.APPLICANT_EMAIL].body, told[Notification.Channel.APPLICANT_SMS].body
    for text in (format_gregorian(day, "ar"), hijri_display(day, "ar"), "١٦:٣٠", "١٨:٠٠", "في منزل الأسرة"):
        assert text in email
    assert format_gregorian(day, "ar") in sms and "١٦:٣٠" in sms
    assert "{" not in email and "{" not in sms  # every placeholder filled


def test_rescheduling_keeps_the_old_and_new_window_who_when_why_and_tells_the_applicant(client, staff, task):
    visit = plan_visit(task, days_ahead=2)
    sign_in(client, staff["relations"])
    url = reverse("research_tasks:reschedule_visit", args=[task.pk, visit.pk])
    assert client.get(url).status_code == 200
    new_day = in_days(6)
    response = client.post(url, visit_form(new_day, "09:00", "10:00", "office", reason="الباحث في إجازة",
                                           version=str(visit.version)))  # fmt: skip
    assert response.status_code == 302
    change = VisitChange.objects.get(visit=visit)
    assert (change.old_date, change.old_starts_at, change.new_date, change.new_starts_at) == (
        in_days(2), datetime.time(10), new_day, datetime.time(9),
    )  # fmt: skip
    assert (change.reason, change.changed_by) == ("الباحث في إجازة", staff["relations"])
    visit.refresh_from_db()
    assert (visit.date, visit.place, visit.version) == (new_day, "office", 1)
    email = messages_of(task, VISIT_RESCHEDULED)[Notification.Channel.APPLICANT_EMAIL].body
    assert "الباحث في إجازة" in email and "في مقر الجمعية" in email and format_gregorian(new_day, "ar") in email
    # The history on the request's page.
    page = client.get(reverse("inbox:detail", args=[task.case_id])).content.decode()
    assert "الباحث في إجازة" in page and "الزيارات" in page


def test_typed_in_arabic_indic_digits_the_date_and_times_are_read(client, staff, task):
    sign_in(client, staff["researcher"])
    day = in_days(3)
    response = client.post(plan_url(task), visit_form(to_arabic_indic_digits(day.isoformat()), "٠٩:١٥", "١١:٠٠"))
    assert response.status_code == 302
    visit = Visit.objects.get(task=task)
    assert (visit.date, visit.starts_at, visit.ends_at) == (day, datetime.time(9, 15), datetime.time(11))


@pytest.mark.parametrize(
    ("form", "field", "error"),
    [
        (visit_form(timezone.localdate() + datetime.timedelta(days=2), "12:00", "11:00"), "ends_at",
         "يجب أن ينتهي وقت الزيارة بعد بدايته."),
        (visit_form(timezone.localdate() + datetime.timedelta(days=2), "12:00", "12:00"), "ends_at",
         "يجب أن ينتهي وقت الزيارة بعد بدايته."),
        (visit_form(timezone.localdate() - datetime.timedelta(days=1)), "date", "اختر تاريخ اليوم أو تاريخًا بعده."),
        (visit_form("غدًا"), "date", None),
        (visit_form(timezone.localdate() + datetime.timedelta(days=2), place="car"), "place", None),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_translated_error_and_nothing_saved(client, staff, task, form, field, error):
    sign_in(client, staff["researcher"])
    response = client.post(plan_url(task), form)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and (error is None or errors == [error])
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in message) for message in errors)  # in Arabic
    assert not Visit.objects.exists() and not messages_of(task, VISIT_PLANNED)


def test_a_bad_reschedule_changes_nothing(client, staff, task):
    visit = plan_visit(task, days_ahead=2)
    sign_in(client, staff["researcher"])
    url = reverse("research_tasks:reschedule_visit", args=[task.pk, visit.pk])
    response = client.post(url, visit_form(in_days(5), "12:00", "11:00", reason=""))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"ends_at", "reason"}
    visit.refresh_from_db()
    assert visit.date == in_days(2) and not VisitChange.objects.exists() and not messages_of(task, VISIT_RESCHEDULED)


def test_a_visit_is_marked_done_or_cancelled_once(client, staff, task):
    today_visit = plan_visit(task, days_ahead=0)
    later = plan_visit(task, days_ahead=5)
    sign_in(client, staff["researcher"])
    finish = reverse("research_tasks:finish_visit", args=[task.pk, today_visit.pk])
    client.post(finish, {"status": "done", "version": "0"})
    today_visit.refresh_from_db()
    assert today_visit.status == VisitStatus.DONE
    client.post(finish, {"status": "cancelled", "version": "1"})
    today_visit.refresh_from_db()
    assert today_visit.status == VisitStatus.DONE  # no longer planned: refused

    early = reverse("research_tasks:finish_visit", args=[task.pk, later.pk])
    client.post(early, {"status": "done", "version": "0"})
    later.refresh_from_db()
    assert later.status == VisitStatus.PLANNED  # not done before its date
    client.post(early, {"status": "cancelled", "version": "0"})
    later.refresh_from_db()
    assert later.status == VisitStatus.CANCELLED


def test_two_people_changing_one_visit_one_wins(staff, task):
    visit = plan_visit(task, days_ahead=2)
    visits.finish(visit, VisitStatus.CANCELLED, user=staff["relations"], expected_version=0)
    with pytest.raises(visits.VisitError):
        visits.reschedule(visit, date=in_days(3), starts_at=datetime.time(9), ends_at=datetime.time(10),
                          place="home", reason="سبب", user=staff["researcher"], expected_version=0)  # fmt: skip
    assert not VisitChange.objects.exists()


def test_a_closed_tasks_visits_no_longer_change(client, staff, task):
    visit = plan_visit(task, days_ahead=2)
    with after_commit():
        services.make_move(task.case_id, "committee", user=staff["researcher"])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    sign_in(client, staff["researcher"])
    assert client.post(plan_url(task), visit_form(in_days(3))).status_code == 302
    url = reverse("research_tasks:reschedule_visit", args=[task.pk, visit.pk])
    client.post(url, visit_form(in_days(4), reason="سبب"))
    assert Visit.objects.filter(task=task).count() == 1 and not VisitChange.objects.exists()
