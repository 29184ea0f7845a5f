"""The applicant's side of a request: the personal link and the survey invitation."""

import re

MOBILE = "+966505550123"  # what the demo help request's "٠٥٠ ٥٥٥ ٠١٢٣" is stored as
ANSWERS = {"overall": "٥", "speed": "4", "staff": "5", "comments": "شكرًا لكم", "website": ""}


def status_path(case, language="ar"):
    from followup import tokens

    prefix = "/ar/track-request/" if language == "ar" else "/en/track-request/"
    return f"{prefix}link/{tokens.status_token(case)}/"


def survey_link(case):
    from forms.models import Notification

    email = Notification.objects.get(submission=case.submission, event="survey_invitation", channel="applicant_email")
    match = re.search(r"https?://[^/\s]+(/\S+/track-request/survey/[0-9]+-[0-9a-f]{32}/)", email.body)
    assert match, email.body
    return match.group(1)
