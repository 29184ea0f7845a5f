"""'Send a new link' on a request's page: the old personal links die, the new one is sent to the
current mobile and email through the message templates, with a timeline and log entry."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from followup import tokens
from followup.models import SurveyInvitation
from forms.models import Notification, Submission
from forms.sms import MemoryBackend
from inbox import personal_data, services
from inbox.models import Case, CaseEvent, CaseLogEntry
from scripts.signin import sign_in
from tests.support.followup import status_path
from tests.support.inbox import deliver, file_help_request, make_case

NEW_MOBILE = "+966551234567"


@pytest.fixture(autouse=True)
def _empty_outboxes():
    MemoryBackend.outbox.clear()
    mail.outbox.clear()


def links_in(text):
    return re.findall(r"https?://[^/\s]+(/\S+/track-request/(?:link|survey)/[0-9]+-[0-9a-f]{32}/)", text)


def send_new_link(client, case, user, capture):
    sign_in(client, user)
    with capture(execute=True):
        response = client.post(reverse("inbox:new_link", args=[case.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("inbox:detail", args=[case.pk])
    return Case.objects.select_related("submission").get(pk=case.pk)


def test_a_new_link_after_correcting_the_mobile_goes_to_the_new_number_and_the_old_dies(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    case = file_help_request(client)
    old = status_path(case)
    personal_data.correct(Submission.objects.filter(pk=case.pk), "role:mobile", "0551234567", "typo", staff["admin"])
    sign_in(client, staff["relations"])
    page = client.get(reverse("inbox:detail", args=[case.pk])).content.decode()
    assert reverse("inbox:new_link", args=[case.pk]) in page and 'class="inbox-new-link"' in page

    case = send_new_link(client, case, staff["relations"], django_capture_on_commit_callbacks)

    new = status_path(case)
    assert new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    # Sent, by SMS to the corrected number and by email, carrying the new link only.
    assert [to for to, _text in MemoryBackend.outbox] == [NEW_MOBILE]
    assert links_in(MemoryBackend.outbox[0][1]) == [new]
    emails = [message for message in mail.outbox if message.to == ["sara@example.org"]]
    assert len(emails) == 1 and links_in(emails[0].body) == [new] and case.submission.reference in emails[0].subject
    html = emails[0].alternatives[0][0] if emails[0].alternatives else ""
    assert new in html and old not in html
    owed = Notification.objects.filter(submission=case.submission, event="personal_link")
    assert {n.channel: n.status for n in owed} == {"applicant_email": "sent", "applicant_sms": "sent"}
    # The timeline and the log say who did it.
    event = CaseEvent.objects.filter(case=case, kind="link").order_by("-pk").first()
    with translation.override("ar"):  # the staff member's admin language
        assert event.actor == staff["relations"] and event.text == str(services.LINK_REVOKED_NOTES["sent"])
    assert CaseEvent.objects.filter(case=case, kind="message", text="personal_link").count() == 2
    entry = CaseLogEntry.objects.filter(action="inbox.personal_link", case_id=case.pk).latest("pk")
    assert entry.data == {"why": "sent"} and entry.user == staff["relations"]
    assert "sara" not in entry.label + str(entry.data) and "551234567" not in entry.label + str(entry.data)


def test_the_open_survey_link_is_sent_again_with_the_new_link(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    case = file_help_request(client)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(case, staff)
    invitation = SurveyInvitation.objects.get(case=case)
    old_survey = f"/ar/track-request/survey/{tokens.survey_token(invitation)}/"
    MemoryBackend.outbox.clear()

    case = send_new_link(client, case, staff["relations"], django_capture_on_commit_callbacks)

    invitation.case = case
    new_survey = f"/ar/track-request/survey/{tokens.survey_token(invitation)}/"
    assert client.get(old_survey).status_code == 404 and client.get(new_survey).status_code == 200
    sent = [link for _to, text in MemoryBackend.outbox for link in links_in(text)]
    assert sorted(sent) == sorted([status_path(case), new_survey])


@pytest.mark.parametrize("who", ["researcher", "committee"])
def test_only_beneficiary_relations_send_a_new_link(client, site_pages, staff, who, django_capture_on_commit_callbacks):
    case = file_help_request(client)
    Case.objects.filter(pk=case.pk).update(assignee=staff[who], researcher=staff[who])  # they may see it
    secret = Case.objects.get(pk=case.pk).link_secret
    sign_in(client, staff[who])
    page = client.get(reverse("inbox:detail", args=[case.pk]))
    assert page.status_code == 200 and 'class="inbox-new-link"' not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inbox:new_link", args=[case.pk]))
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).link_secret == secret
    assert not Notification.objects.filter(event="personal_link").exists() and not MemoryBackend.outbox
    assert not CaseLogEntry.objects.filter(action="inbox.personal_link").exists()


def test_a_get_or_a_stranger_changes_nothing(client, site_pages, staff):
    case = file_help_request(client)
    secret = Case.objects.get(pk=case.pk).link_secret
    sign_in(client, staff["relations"])
    assert client.get(reverse("inbox:new_link", args=[case.pk])).status_code == 405
    sign_in(client, staff["editor"])
    assert client.post(reverse("inbox:new_link", args=[case.pk])).status_code in (302, 403, 404)
    assert Case.objects.get(pk=case.pk).link_secret == secret


def test_a_request_with_nobody_to_send_to_is_refused_and_keeps_its_link(site_pages, staff):
    case = make_case()  # no mobile, no email
    secret = case.link_secret
    with pytest.raises(services.Invalid):
        services.send_new_link(case.pk, user=staff["relations"])
    assert Case.objects.get(pk=case.pk).link_secret == secret
    assert not CaseEvent.objects.filter(case=case, kind="link").exists()
