"""The personal status link: in the acknowledgement, signed, per request, expiring; documents and withdrawal."""

import datetime
import re

import pytest
from django.utils import timezone

from scripts.signin import sign_in
from tests.support.followup import status_path
from tests.support.forms import pdf, png, private_files
from tests.support.inbox import ask_for_documents


def link_in(text):
    match = re.search(r"https?://\S+/track-request/link/[0-9]+-[0-9a-f]{32}/", text)
    return match.group(0) if match else None


def test_the_acknowledgement_email_and_sms_carry_the_personal_link(client, help_case):
    from forms.models import Notification

    owed = Notification.objects.filter(submission=help_case.submission, event="acknowledgement")
    email = owed.get(channel=Notification.Channel.APPLICANT_EMAIL)
    sms = owed.get(channel=Notification.Channel.APPLICANT_SMS)
    url = link_in(email.body)
    assert url and url.endswith(status_path(help_case))
    assert link_in(sms.body) == url
    assert url in email.html_body
    response = client.get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert response.status_code == 200
    assert 'data-stage="received"' in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


def test_an_english_request_gets_the_english_link(client, site_pages):
    from forms.models import Notification
    from tests.support.inbox import file_help_request

    case = file_help_request(client, language="en")
    email = Notification.objects.get(submission=case.submission, event="acknowledgement", channel="applicant_email")
    assert "/en/track-request/link/" in email.body


def test_a_tampered_or_borrowed_token_opens_nothing(client, help_case, site_pages):
    from followup import tokens
    from tests.support.inbox import file_help_request

    other = file_help_request(client)
    good = tokens.status_token(help_case)
    case_id, signature = good.split("-")
    for token in [f"{other.pk}-{signature}", f"{case_id}-{'0' * 32}", f"{case_id}-{signature[:-1]}", "x", good + "0"]:
        response = client.get(f"/ar/track-request/link/{token}/")
        assert response.status_code == 404, token
    assert client.get(status_path(other)).status_code == 200


def test_the_link_expires_30_days_after_the_request_is_finished(client, help_case):
    from tests.support.inbox import finish

    path = status_path(help_case)
    finish(help_case, "closed", days_ago=29)
    assert client.get(path).status_code == 200
    assert 'data-stage="closed"' in client.get(path).content.decode()
    finish(help_case, "closed", days_ago=31)
    response = client.get(path)
    assert response.status_code == 404
    assert 'data-followup="link-invalid"' in response.content.decode()


def test_the_applicant_sends_missing_documents_and_the_request_goes_back_to_who_asked(
    client, help_case, staff, django_capture_on_commit_callbacks
):
    from forms.models import Attachment
    from inbox.models import CaseEvent, CaseLogEntry

    case = ask_for_documents(help_case, staff)
    page = client.get(status_path(case)).content.decode()
    assert 'data-stage="waiting_for_you"' in page and "صورة عقد الإيجار" in page  # what was asked for
    before = Attachment.objects.filter(submission_id=case.pk).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_path(case) + "documents/", {
            "documents": [pdf("lease.pdf"), png("lease-page-2.png")], "version": case.version, "text": "تفضلوا",
        })  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("?done=documents")
    case.refresh_from_db()
    assert case.status == "verification"
    assert case.assignee == staff["relations"]  # back in the queue of whoever asked
    assert case.waiting_since is None
    added = Attachment.objects.filter(submission_id=case.pk, field_key="missing_documents")
    assert Attachment.objects.filter(submission_id=case.pk).count() == before + 2
    assert sorted(added.values_list("original_name", flat=True)) == ["lease-page-2.png", "lease.pdf"]
    answered = CaseEvent.objects.filter(case=case, kind="applicant").get()
    assert answered.text == "تفضلوا" and answered.actor is None
    assert CaseEvent.objects.filter(case=case, kind="move", from_status="waiting", to_status="verification").exists()
    assert CaseLogEntry.objects.filter(action="inbox.applicant_documents", case_id=case.pk).exists()
    # The staff member sees them on the request's page.
    sign_in(client, staff["relations"])
    detail = client.get(f"/admin/inbox/{case.pk}/").content.decode()
    assert "lease.pdf" in detail


def test_documents_asked_by_a_researcher_go_back_to_the_researcher(client, help_case, staff):
    case = ask_for_documents(help_case, staff, via="researcher")
    response = client.post(status_path(case) + "documents/", {"documents": [pdf()], "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "research" and case.researcher == staff["researcher"]


@pytest.mark.parametrize(
    "upload",
    [
        lambda: __import__("tests.support.forms", fromlist=["pdf"]).pdf("cv.php.pdf"),
        lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
            "page.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
        ),
        lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
            "empty.png", b"", content_type="image/png"
        ),
    ],
)
def test_documents_go_through_the_same_upload_checks_and_a_refusal_changes_nothing(client, help_case, staff, upload):
    from forms.models import Attachment

    case = ask_for_documents(help_case, staff)
    files_before, rows_before = private_files(), Attachment.objects.count()
    response = client.post(status_path(case) + "documents/", {"documents": [upload()], "version": case.version})
    assert response.status_code == 400
    assert 'data-followup="documents-error"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == "waiting"
    assert private_files() == files_before and Attachment.objects.count() == rows_before


def test_documents_are_refused_when_the_request_is_not_waiting_or_changed_meanwhile(client, help_case, staff):
    from forms.models import Attachment

    files_before = private_files()
    response = client.post(status_path(help_case) + "documents/", {"documents": [pdf()], "version": help_case.version})
    assert response.status_code == 400
    case = ask_for_documents(help_case, staff)
    response = client.post(status_path(case) + "documents/", {"documents": [pdf()], "version": case.version - 1})
    assert response.status_code == 400  # someone changed it since the page was shown
    assert private_files() == files_before and not Attachment.objects.filter(field_key="missing_documents").exists()


def test_the_applicant_withdraws_the_request(client, help_case, staff, django_capture_on_commit_callbacks):
    from inbox import services
    from inbox.lifecycle import Status
    from inbox.models import CaseEvent

    path = status_path(help_case)
    refused = client.post(path + "withdraw/", {"version": help_case.version})  # not confirmed
    assert refused.status_code == 400
    help_case.refresh_from_db()
    assert help_case.status == Status.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path + "withdraw/", {"confirm": "yes", "version": help_case.version, "reason": "حُلّت"})
    assert response.status_code == 302
    help_case.refresh_from_db()
    assert help_case.status == Status.WITHDRAWN and help_case.closed_at is not None
    assert not help_case.is_overdue
    event = CaseEvent.objects.filter(case=help_case, to_status=Status.WITHDRAWN).get()
    assert event.actor is None and event.text == "حُلّت"
    page = client.get(path).content.decode()
    assert 'data-stage="withdrawn"' in page and "withdraw/" not in page
    assert client.post(path + "withdraw/", {"confirm": "yes"}).status_code == 400  # final
    with pytest.raises(services.NotAllowed):
        services.make_move(help_case.pk, Status.SPAM, user=staff["relations"])


def test_withdrawal_is_open_from_every_open_status_and_never_to_staff(help_case, staff):
    from forms.kinds import FormKind
    from inbox import services
    from inbox.lifecycle import FINISHED, LIFECYCLES, Status

    for kind, lifecycle in LIFECYCLES.items():
        for status in lifecycle.statuses:
            offered = lifecycle.find(status, Status.WITHDRAWN) is not None
            assert offered == (status not in FINISHED), (kind, status)
    assert Status.WITHDRAWN in LIFECYCLES[FormKind.HELP_REQUEST].statuses
    assert all(move.to != Status.WITHDRAWN for move in services.allowed_moves(staff["admin"], help_case))
    with pytest.raises(services.NotAllowed):
        services.make_move(help_case.pk, Status.WITHDRAWN, user=staff["admin"])


def test_the_withdrawn_request_keeps_its_link_30_days(client, help_case):
    from inbox import services
    from inbox.models import Case

    services.applicant_withdraw(help_case.pk)
    Case.objects.filter(pk=help_case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    assert client.get(status_path(help_case)).status_code == 404


def test_a_worker_writes_the_link_without_fetching_the_status_page_each_time(client, site_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forms.models import Notification
    from tests.support.inbox import file_help_request

    file_help_request(client)  # the first finds the page and keeps its address
    with CaptureQueriesContext(connection) as queries:
        case = file_help_request(client)
    assert not [query for query in queries.captured_queries if "followup_statuslookuppage" in query["sql"]]
    email = Notification.objects.get(submission=case.submission, channel=Notification.Channel.APPLICANT_EMAIL)
    assert link_in(email.body).endswith(status_path(case))
