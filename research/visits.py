"""Planning, rescheduling, finishing and cancelling a visit, each in one transaction with the applicant's message
(through the message templates) owed in it. Only an open task's visits change; a rescheduling is recorded."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.arabic import to_arabic_indic_digits
from core.calendars import format_gregorian, hijri_display
from inbox import messages
from research.models import VISIT_PLANNED, VISIT_RESCHEDULED, ResearchTask, Visit, VisitChange, VisitPlace, VisitStatus


class VisitError(Exception):
    """A change refused; its message is translated and safe to show."""


def _clock(value, language) -> str:
    text = f"{value:%H:%M}"
    return to_arabic_indic_digits(text) if language == "ar" else text


def message_values(visit, language) -> dict:
    """The event's own placeholders, in the applicant's language: the date in both calendars, the window, the place."""
    with translation.override(language):
        place = str(VisitPlace(visit.place).label)
    return {
        "visit_date": format_gregorian(visit.date, language),
        "visit_date_hijri": hijri_display(visit.date, language),
        "visit_from": _clock(visit.starts_at, language),
        "visit_to": _clock(visit.ends_at, language),
        "visit_place": place,
    }


def _tell(visit, task, event, *, user, reason=""):
    case = task.case
    values = message_values(visit, case.submission.language)
    return messages.tell_applicant(case, event, reason=reason, user=user, values=values)


def _open_task(task_id) -> ResearchTask:
    task = ResearchTask.objects.select_for_update().select_related("case__submission").get(pk=task_id)
    if not task.is_open:
        raise VisitError(_("This research task is closed: its visits can no longer change."))
    return task


def plan(task, *, date, starts_at, ends_at, place, user) -> Visit:
    with transaction.atomic():
        task = _open_task(task.pk)
        visit = Visit.objects.create(
            site_id=task.site_id, task=task, date=date, starts_at=starts_at, ends_at=ends_at, place=place,
            created_by=user,
        )  # fmt: skip
        _tell(visit, task, VISIT_PLANNED, user=user)
    return visit


def _changed(visit, seen_version, **changes):
    """Write only if nobody changed the visit in between."""
    if not Visit.objects.filter(pk=visit.pk, version=seen_version).update(version=F("version") + 1, **changes):
        raise VisitError(_("Someone else changed this visit a moment ago. Nothing was changed."))
    for name, value in changes.items():
        setattr(visit, name, value)
    visit.version = seen_version + 1


def _planned(visit_id, expected_version):
    visit = Visit.objects.select_for_update().get(pk=visit_id)
    if expected_version is not None and visit.version != expected_version:
        raise VisitError(_("Someone else changed this visit a moment ago. Nothing was changed."))
    if visit.status != VisitStatus.PLANNED:
        raise VisitError(_("This visit is no longer planned: it was done or cancelled."))
    return visit


def reschedule(visit, *, date, starts_at, ends_at, place, reason, user, expected_version=None) -> VisitChange:
    with transaction.atomic():
        task = _open_task(visit.task_id)
        visit = _planned(visit.pk, expected_version)
        change = VisitChange(
            visit=visit, old_date=visit.date, old_starts_at=visit.starts_at, old_ends_at=visit.ends_at,
            new_date=date, new_starts_at=starts_at, new_ends_at=ends_at, reason=reason, changed_by=user,
        )  # fmt: skip
        _changed(visit, visit.version, date=date, starts_at=starts_at, ends_at=ends_at, place=place)
        change.save()
        _tell(visit, task, VISIT_RESCHEDULED, user=user, reason=reason)
    return change


def finish(visit, status, *, user, expected_version=None) -> Visit:
    """Mark a planned visit done or cancelled."""
    if status not in (VisitStatus.DONE, VisitStatus.CANCELLED):
        raise VisitError(_("Choose whether the visit was done or cancelled."))
    with transaction.atomic():
        _open_task(visit.task_id)
        visit = _planned(visit.pk, expected_version)
        if status == VisitStatus.DONE and visit.date > timezone.localdate():
            raise VisitError(_("A visit cannot be done before its date."))
        _changed(visit, visit.version, status=status)
    return visit
