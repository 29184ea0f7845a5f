"""What followup does when the inbox moves a request (inbox.signals.case_moved, after commit)."""

import logging

from django.db import transaction
from django.utils import timezone

from followup.invitations import SURVEY_INVITATION, SurveyInvitation
from followup.models import lookup_page_for
from followup.views import survey_page_for
from forms.kinds import FormKind
from inbox import messages
from inbox.lifecycle import Status

logger = logging.getLogger(__name__)

# The moves after which the applicant is asked how satisfied they are.
SURVEY_AFTER = {FormKind.HELP_REQUEST: Status.DELIVERED, FormKind.COMPLAINT: Status.ANSWERED}


def invite_to_survey(sender, case, from_status, to_status, user=None, **kwargs):
    """Owe one personal survey link when a help request is delivered or a complaint answered."""
    submission = case.submission
    if SURVEY_AFTER.get(submission.kind) != to_status:
        return
    if submission.anonymous or not (submission.applicant_email or submission.applicant_mobile):
        return  # nobody to send it to
    invite(case)


def send_survey_link_again(sender, case, user=None, **kwargs):
    """Staff sent a new personal link: the open survey link changed with it, so send that again too."""
    if SurveyInvitation.objects.filter(case_id=case.pk, used_at__isnull=True, expires_at__gt=timezone.now()).exists():
        messages.tell_applicant(case, SURVEY_INVITATION, user=user)


def invite(case, event=SURVEY_INVITATION):
    """Make the request's invitation and owe its message (`event`: on closing, or after a delivery), once per
    request; returns it (or None)."""
    page = lookup_page_for(case.submission.language, case.submission.site_id)
    if page is None or survey_page_for(page) is None:
        logger.warning("No survey invitation for request %s: no lookup page or survey form", case.pk)
        return None
    with transaction.atomic():
        invitation, created = SurveyInvitation.objects.get_or_create(
            case_id=case.pk, defaults={"service_id": case.submission.service_id}
        )
        if created:
            messages.tell_applicant(case, event)
    return invitation


def invite_after_delivery(case, *, event, user=None, **kwargs):
    """The "delivery_recorded" hook (raised by the beneficiary file after a delivery that answers a request
    committed): invite the family to the survey, under the file's own event, once per request."""
    submission = case.submission
    if submission.anonymous or not (submission.applicant_email or submission.applicant_mobile):
        return None
    return invite(case, event=event)
