"""The personal links: signed with the site's secret, for one request (or one invitation) only.

Wagtail's page URLs allow only letters, digits, _ and - in a path segment, so
a token is "<id>-<signature>" (no django.core.signing, whose tokens carry ":").
Expiry is not in the token: a status link lasts while the request is open and
30 days after it is finished, a survey link 30 days from its sending (its row),
so both end when the request's state says, not when a clock written in the
link says.
"""

import datetime
import re

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

STATUS_SALT = "followup.status"
SURVEY_SALT = "followup.survey"
STATUS_LINK_DAYS_AFTER_CLOSING = 30
TOKEN = re.compile(r"^(\d{1,12})-([0-9a-f]{32})$")


def _sign(salt, value) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:32]


def status_token(case) -> str:
    return f"{case.pk}-{_sign(STATUS_SALT, f'{case.pk}:{case.submission.reference}')}"


def case_for_status_token(token: str):
    """The case the status link is for, if it is signed and still good; else None."""
    from inbox.models import Case

    match = TOKEN.match(token or "")
    if not match:
        return None
    case = Case.objects.select_related("submission").filter(pk=int(match.group(1))).first()
    if case is None or not constant_time_compare(token, status_token(case)):
        return None
    if case.submission.anonymous or status_link_expired(case):
        return None
    return case


def finished_at(case):
    from inbox.lifecycle import FINISHED

    if case.status not in FINISHED:
        return None
    return case.closed_at or case.status_changed_at


def status_link_expired(case, now=None) -> bool:
    ended = finished_at(case)
    if ended is None:
        return False
    return (now or timezone.now()) > ended + datetime.timedelta(days=STATUS_LINK_DAYS_AFTER_CLOSING)


def survey_token(invitation) -> str:
    signed = f"{invitation.pk}:{invitation.case_id}:{invitation.service_id or ''}:{invitation.nonce}"
    return f"{invitation.pk}-{_sign(SURVEY_SALT, signed)}"


def invitation_for_survey_token(token: str):
    """The invitation the survey link is for, if signed (used or expired: the caller says so); else None."""
    from followup.models import SurveyInvitation

    match = TOKEN.match(token or "")
    if not match:
        return None
    invitation = SurveyInvitation.objects.select_related("case__submission").filter(pk=int(match.group(1))).first()
    if invitation is None or not constant_time_compare(token, survey_token(invitation)):
        return None
    return invitation
