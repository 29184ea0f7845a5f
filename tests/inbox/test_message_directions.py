"""Messages to the applicant read right in Arabic: references, links and numbers stay whole and in order
(core/bidi.py), in every event's text, SMS and HTML email, and what the applicant typed stays text."""

import re
from urllib.parse import urlsplit

import pytest

from core import message_events
from scripts.signin import sign_in
from tests.support.inbox import file_help_request

LRI, PDI = "\u2066", "\u2069"
LINK = re.compile(r"https?://[^\s\u2066-\u2069]+/track-request/(?:link|survey)/[^\s\u2066-\u2069]+/")
REASON = "اتصل بنا على +966 11 234 5678 أو اكتب إلى help@example.org."


@pytest.fixture
def cases(client, site_pages):
    """One Arabic and one English help request, each with an open survey invitation."""
    from followup.receivers import invite

    found = {}
    for language in ("ar", "en"):
        case = file_help_request(client, language=language)
        invite(case)
        found[language] = case
    return found


@pytest.mark.parametrize("event", message_events.keys())
def test_every_arabic_message_isolates_its_references_links_and_numbers(cases, event):
    from inbox import messages

    case = cases["ar"]
    message = messages.render(case, event, reason=REASON)
    reference = case.submission.reference
    for part in ("subject", "body", "sms"):
        text = message[part]
        if reference in text:
            assert f"{LRI}{reference}{PDI}" in text, (part, text)
        for link in LINK.findall(text):
            assert f"{LRI}{link} {PDI}" in text, (part, text)
        if REASON.split()[3] in text:  # the reason's phone number, with its spaces
            assert f"{LRI}+966 11 234 5678{PDI}" in text and f"{LRI}help@example.org{PDI}" in text
    assert f"{LRI}{reference}{PDI}" in message["subject"] + message["body"]
    html = message["html"]
    assert f'<span dir="ltr" class="ltr-run" style="unicode-bidi:isolate;white-space:nowrap">{reference}</span>' in html
    for link in LINK.findall(message["body"]):
        assert f'<a href="{link}" dir="ltr"' in html  # a real link, not text


@pytest.mark.parametrize("event", message_events.keys())
def test_english_plain_text_has_no_isolates_but_its_html_is_marked(cases, event):
    from inbox import messages

    case = cases["en"]
    message = messages.render(case, event, reason=REASON.replace("اتصل بنا على", "Call"))
    assert not re.search("[\u2066-\u2069]", message["subject"] + message["body"] + message["sms"])
    assert 'class="ltr-run"' in message["html"] and 'dir="ltr"' in message["html"]


def test_the_acknowledgement_email_links_the_personal_link_and_keeps_the_applicant_as_text(client, site_pages):
    from forms.models import Notification

    name = '<img src=x onerror="alert(1)"> https://evil.example/login \u202eسارة'
    case = file_help_request(client, full_name=name)
    owed = Notification.objects.filter(submission=case.submission, event="acknowledgement")
    email = owed.get(channel=Notification.Channel.APPLICANT_EMAIL)
    sms = owed.get(channel=Notification.Channel.APPLICANT_SMS)
    status_url = LINK.search(email.body).group(0)
    assert f"{LRI}{status_url} {PDI}" in email.body and f"{LRI}{status_url} {PDI}" in sms.body
    # A phone makes a link of everything after "https://" up to the next space: that link opens the page.
    tapped = re.search(r"https?://\S+", sms.body).group(0)
    assert client.get(urlsplit(tapped).path).status_code == 200
    assert f'<a href="{status_url}" dir="ltr"' in email.html_body
    # The name is escaped, its link stays text, and its direction override is gone everywhere.
    assert "<img" not in email.html_body and "&lt;img src=x onerror=&quot;alert(" in email.html_body
    assert 'href="https://evil.example' not in email.html_body
    assert "\u202e" not in email.body + email.html_body + email.subject + sms.body


def test_a_reference_copied_with_its_isolates_is_found_by_staff(client, site_pages, staff):
    case = file_help_request(client)
    other = file_help_request(client)
    sign_in(client, staff["relations"])
    html = client.get("/admin/inbox/", {"q": f"{LRI}{case.submission.reference}{PDI}"}).content.decode()
    assert case.submission.reference in html and other.submission.reference not in html


def test_the_request_page_keeps_latin_runs_whole_in_answers_and_the_timeline(client, site_pages, staff):
    from inbox import services
    from inbox.lifecycle import Status

    case = file_help_request(client, needs="إيجار عقد رقم 10-2024-7781 والاتصال على +966 11 234 5678")
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(case.pk, Status.WAITING, user=staff["relations"], reason="صورة العقد 10-2024-7781")
    sign_in(client, staff["relations"])
    html = client.get(f"/admin/inbox/{case.pk}/").content.decode()
    assert html.count('<span dir="ltr" class="ltr-run">10-2024-7781</span>') == 2
    assert '<span dir="ltr" class="ltr-run">+966 11 234 5678</span>' in html


def test_staff_emails_in_arabic_isolate_references_and_links(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    from django.core import mail

    case = file_help_request(client)
    sign_in(client, staff["relations"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/inbox/{case.pk}/assign/", {"assignee": staff["researcher"].pk})
    assigned = mail.outbox[0]
    reference = case.submission.reference
    assert f"{LRI}{reference}{PDI}" in assigned.subject and f"{LRI}{reference}{PDI}" in assigned.body
    assert re.search(f"{LRI}https?://[^\\s]+/admin/inbox/{case.pk}/ {PDI}", assigned.body)


def test_the_new_request_alert_to_staff_isolates_its_reference(client, site_pages, mailoutbox, settings):
    from forms.models import FormPage, Notification
    from forms.tasks import send_notification

    FormPage.objects.filter(slug="help-request").update(staff_emails="requests@example.org")  # staff to tell
    case = file_help_request(client)
    alert = Notification.objects.get(submission=case.submission, channel=Notification.Channel.STAFF_EMAIL)
    Notification.objects.filter(pk=alert.pk).update(status=Notification.Status.PENDING)
    mailoutbox.clear()
    send_notification.call(alert.pk)
    assert f"{LRI}{case.submission.reference}{PDI}" in mailoutbox[0].subject


def test_an_arabic_spreadsheet_reads_references_and_mobiles_left_to_right(client, site_pages, staff):
    import io

    import openpyxl
    from django.test import RequestFactory
    from django.utils import translation

    from inbox import exports
    from inbox.models import Case

    case = file_help_request(client)
    request = RequestFactory().get("/admin/inbox/export/")
    request.user = staff["relations"]
    with translation.override("ar"):
        response = exports.export_response(request, Case.objects.filter(pk=case.pk), "xlsx")
        content = b"".join(response.streaming_content)
    header, row = openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(max_row=2)
    cells = {heading.value: cell for heading, cell in zip(header, row, strict=True)}
    assert cells["الرقم المرجعي"].value == case.submission.reference
    assert cells["الرقم المرجعي"].alignment.readingOrder == 1
    assert cells["الجوال"].value.endswith("966505550123") and cells["الجوال"].alignment.readingOrder == 1
    assert cells["مقدم الطلب"].alignment.readingOrder == 0  # Arabic text keeps its context
