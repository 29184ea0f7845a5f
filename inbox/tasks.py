"""Emails to staff about their queue."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core import bidi
from inbox.models import Case
from organisation import channels

logger = logging.getLogger(__name__)


def staff_language(user) -> str:
    """The admin language the staff member chose, else the site's."""
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.get_preferred_language() if profile else None) or settings.LANGUAGE_CODE


def case_url(case) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("inbox:detail", args=[case.pk])


@task(backend="background")
def tell_assignee(case_id: int, user_id: int) -> str:
    case = Case.objects.select_related("submission").filter(pk=case_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if case is None or user is None or not user.email:
        return "skipped"
    with translation.override(staff_language(user)):
        context = {"case": case, "submission": case.submission, "url": case_url(case), "user": user}
        send_mail(
            bidi.isolate_if_rtl(render_to_string("inbox/email/assigned_subject.txt", context).strip()),
            bidi.isolate_if_rtl(render_to_string("inbox/email/assigned_body.txt", context)),
            channels.sender_email(case.submission.site_id),
            [user.email],
        )
    return "sent"


def send_overdue_reminders(today=None) -> int:
    """One email per assignee and association listing their overdue requests there, from the association's
    sender; returns how many were sent."""
    overdue = Case.objects.overdue(today).filter(assignee__isnull=False).select_related("submission", "assignee")
    by_assignee = {}
    for case in overdue.order_by("due_date"):
        by_assignee.setdefault((case.assignee, case.submission.site_id), []).append(case)
    sent = 0
    for (user, site_id), cases in by_assignee.items():
        if not user.is_active or not user.email:
            continue
        with translation.override(staff_language(user)):
            context = {"cases": [(case, case_url(case)) for case in cases], "user": user}
            try:
                send_mail(
                    bidi.isolate_if_rtl(render_to_string("inbox/email/overdue_subject.txt", context).strip()),
                    bidi.isolate_if_rtl(render_to_string("inbox/email/overdue_body.txt", context)),
                    channels.sender_email(site_id),
                    [user.email],
                )
            except Exception:  # one broken address must not stop the others' reminders
                logger.exception("Could not send the overdue reminder to user %s", user.pk)
                continue
        sent += 1
    return sent
