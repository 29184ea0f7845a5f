"""The personal links: signed with the site's secret, for one request (or one invitation) only.

Wagtail's page URLs allow only letters, digits, _ and - in a path segment, so
a token is "<id>-<signature>" (no django.core.signing, whose tokens carry ":").
Expiry is not in the token: a status link lasts while the request is open and
30 days after it is finished, a survey link 30 days from its sending (its row),
so both end when the request's state says, not when a clock written in the
link says.

Both are signed with the request's `link_secret` (inbox.models.Case): replacing
it revokes every link of the request at once, status and survey alike (see
`inbox.services.revoke_personal_links`). A request from before the secret
existed has an empty one, which signs as links were signed then. A revoked
link, a forged one and one for a request that does not exist all cost one
query and one signature, and all get the same answer.

`status_token`/`survey_token` are the only makers of links and
`case_for_status_token`/`invitation_for_survey_token` the only checkers.
"""

import datetime
import re

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from followup.invitations import SurveyInvitation
from inbox.lifecycle import FINISHED
from inbox.models import Case

STATUS_SALT = "followup.status"
SURVEY_SALT = "followup.survey"
STATUS_LINK_DAYS_AFTER_CLOSING = 30
TOKEN = re.compile(r"^(\d{1,12})-([0-9a-f]{32})$")


def _sign(salt, value, link_secret) -> str:
    signed = f"{value}:{link_secret}" if link_secret else value
    return salted_hmac(salt, signed, algorithm="sha256").hexdigest()[:32]


def _matches(token, row_id, expected) -> bool:
    """Compare in constant time; for a row that does not exist, sign a stand-in all the same,
    so that an unknown link costs what a revoked or forged one does."""
    if expected is None:
        expected = f"{row_id}-{_sign(STATUS_SALT, 'none', '')}"
        constant_time_compare(token, expected)
        return False
    return constant_time_compare(token, expected)


def status_token(case) -> str:
    return f"{case.pk}-{_sign(STATUS_SALT, f'{case.pk}:{case.submission.reference}', case.link_secret)}"


def case_for_status_token(token: str, site_id: int | None = None):
    """The case the status link is for, if it is signed with its current secret and still good; else None.
    `site_id`: the site of the host the link was opened at (views pass it): a request of another
    association is not found there, at the cost of a link that does not exist."""
    match = TOKEN.match(token or "")
    if not match:
        return None
    case = Case.objects.select_related("submission").filter(pk=int(match.group(1))).first()
    if case is not None and site_id is not None and case.submission.site_id != site_id:
        case = None
    if not _matches(token, match.group(1), status_token(case) if case is not None else None):
        return None
    if case.submission.anonymous or status_link_expired(case):
        return None
    return case


def finished_at(case):
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
    return f"{invitation.pk}-{_sign(SURVEY_SALT, signed, invitation.case.link_secret)}"


def invitation_for_survey_token(token: str, site_id: int | None = None):
    """The invitation the survey link is for, if signed (used or expired: the caller says so); else None.
    `site_id`: the site of the host the link was opened at, as for `case_for_status_token`."""
    match = TOKEN.match(token or "")
    if not match:
        return None
    invitation = SurveyInvitation.objects.select_related("case__submission").filter(pk=int(match.group(1))).first()
    if invitation is not None and site_id is not None and invitation.case.submission.site_id != site_id:
        invitation = None
    if not _matches(token, match.group(1), survey_token(invitation) if invitation is not None else None):
        return None
    return invitation
