"""No personal data in logs, audit entries or error emails, whatever way it came in and whatever failed.

Requests carrying canary values (a name, a national ID, a mobile, an email, an
attachment's file name) go in through every door: the form page, the address
forms post to, the headless API (JSON and multipart), staff entering a request
in the inbox, the follow-up lookup (page and API), the personal link (documents,
withdrawal), the survey (link, API and the open form). Mail is refused and the
SMS gateway answers errors, so every error path logs; the inbox moves requests
so that messages are owed and fail; `forms_maintenance` retries them; and each
door is made to fail with a 500 so that Django's error report is written.

Everything logged is caught (a handler on the root logger and on every logger,
propagating or not, project loggers at DEBUG), with every error email: those
sent through mail_admins and what Django's AdminEmailHandler would write for
every ERROR record. Task workers' logs are covered by running the tasks in this
process (the immediate backend), as `db_worker` runs the same code.

The 500s are in test_no_personal_data_in_error_reports.py, gunicorn's access log in
test_no_personal_data_in_gunicorn_logs.py; the canaries and the harness in tests/support/personal_data.py,
the fixtures (gateway, leaks, staff) in tests/core/conftest.py.
"""

import json
import logging
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse

from scripts.signin import sign_in
from tests.support.forms import pdf, png
from tests.support.personal_data import (
    EMAIL,
    FILE_NAME,
    IMAGE_NAME,
    MOBILE,
    NAME_AR,
    NAME_EN,
    NATIONAL_ID,
    TYPED_ID,
    TYPED_MOBILE,
    RefusingMail,
    api_answers,
    assert_every_message_failed,
    canaries_in,
    complaint_answers,
    form_page,
    help_answers,
    latest_case,
    multipart,
    post,
    post_json,
    volunteer_answers,
    volunteer_json,
)

pytestmark = pytest.mark.django_db


def test_the_canaries_are_found_in_every_spelling():
    assert canaries_in("SMS to +966547318296 failed") == ["mobile (547318296)"]
    assert canaries_in("mobile ٠٥٤ ٧٣١ ٨٢٩٦") == ["mobile (547318296)"]
    assert canaries_in("id ۲۷۱۹۴۶۳۰۸۱") == ["national ID (2719463081)"]
    assert canaries_in("q=%D9%86%D9%88%D8%A7%D9%84+%D9%82%D9%86%D8%A7%D8%B1%D9%8A%D9%87")
    assert canaries_in(json.dumps({"to": NAME_AR}))
    assert canaries_in(repr(NAME_AR.encode()))
    assert canaries_in("<NAWAL.QANARIYA.5093@EXAMPLE.NET>: recipient refused")
    assert canaries_in("Case 42 moved; notification 7 failed (attempt 2): SMTPRecipientsRefused") == []
    from forms.saudi import clean_national_id, clean_saudi_mobile

    assert clean_national_id(TYPED_ID["ar"]) == clean_national_id(TYPED_ID["api"]) == NATIONAL_ID
    assert {clean_saudi_mobile(typed) for typed in TYPED_MOBILE.values()} == {"+966547318296"}


# --- the doors ---------------------------------------------------------------------------------
def test_the_form_pages(client, leaks, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    for path, answers in [
        ("/ar/help-request/", help_answers("ar")),
        ("/en/help-request/", help_answers("en")),
        ("/ar/volunteer/", volunteer_answers("ar")),
        ("/en/complaints/", complaint_answers("en")),
    ]:
        response = post(client, path, answers, capture)
        assert response.status_code == 302, (path, response.content.decode()[:1500])
        assert client.get(response["Location"]).status_code == 200  # the thank-you page
    # Sent back with errors (no privacy consent, a bad ID), and a repeat of a token.
    response = post(
        client, "/ar/help-request/", help_answers("ar", privacy_consent=None, national_id="2719463082"), capture
    )
    assert response.status_code == 400
    token = str(uuid.uuid4())
    for _ in range(2):
        post(client, "/ar/help-request/", help_answers("ar", submission_token=token), capture)
    assert_every_message_failed()
    assert RefusingMail.attempted and leaks.records("forms", logging.WARNING)
    leaks.assert_none()


def test_the_address_forms_post_to(client, leaks, django_capture_on_commit_callbacks):
    for language in ("ar", "en"):
        path = f"/{language}/forms/{form_page('help-request', language).pk}/send/"
        response = post(client, path, help_answers(language), django_capture_on_commit_callbacks)
        assert response.status_code == 302, response.content.decode()[:1500]
    assert_every_message_failed()
    leaks.assert_none()


def test_the_headless_api(client, leaks, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    for language in ("en", "ar"):
        volunteer = f"/api/v3/forms/{form_page('volunteer', language).pk}/submissions/"
        response = post_json(
            client, volunteer, volunteer_json(language), capture, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
        assert response.status_code == 201, response.content
    page = form_page("help-request", "en")
    url = f"/api/v3/forms/{page.pk}/submissions/"
    response = post(client, url, multipart(api_answers()), capture, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    arabic = form_page("help-request", "ar")
    response = post(client, f"/api/v3/forms/{arabic.pk}/submissions/", multipart(api_answers("ar")), capture)
    assert response.status_code == 201, response.content
    # Refused answers: a bad ID, then a body that is not JSON at all.
    response = post_json(client, url, {**api_answers(), "national_id": "2719463082"}, capture)
    assert response.status_code == 422
    broken = f'{{"full_name": "{NAME_EN}", "mobile": "{MOBILE}",'
    response = client.post(url, broken, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert_every_message_failed()
    leaks.assert_none()


def test_staff_entering_a_request_and_working_on_it(client, leaks, staff, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    sign_in(client, staff["relations"])
    for language in ("ar", "en"):
        page = form_page("help-request", language)
        path = reverse("inbox:enter", args=[page.pk]) + "?channel=phone"
        response = post(client, path, {**help_answers(language), "channel": "phone"}, capture)
        assert response.status_code == 302, response.content.decode()[:1500]
    case = latest_case()
    # The inbox searched by name, and the request read and moved through its page.
    assert client.get(reverse("inbox:index"), {"q": NAME_AR}).status_code == 200
    assert client.get(reverse("inbox:index"), {"q": MOBILE}).status_code == 200
    assert client.get(reverse("inbox:detail", args=[case.pk])).status_code == 200
    case.refresh_from_db()
    move = {"to": "verification", "reason": f"اتصلنا بـ {NAME_AR}", "version": case.version}
    response = post(client, reverse("inbox:move", args=[case.pk]), move, capture)
    assert response.status_code == 302
    # An administrator looks the applicant up by ID and corrects the name (PDPL).
    sign_in(client, staff["admin"])
    response = client.post(reverse("inbox:personal_data"), {"identifier": TYPED_ID["ar"]})
    assert response.status_code == 302, response.content.decode()[:1500]
    response = client.post(
        reverse("inbox:personal_data_correct"),
        {"request": "", "field": "role:name", "value": NAME_AR + " الثانية", "reason": f"طلب {NAME_AR}"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert_every_message_failed()
    leaks.assert_none()


def test_moves_owe_messages_that_fail_and_are_retried(client, leaks, staff, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from forms.models import Notification
    from inbox import services
    from tests.support.inbox import deliver

    capture = django_capture_on_commit_callbacks
    post(client, "/ar/help-request/", help_answers("ar"), capture)
    case = latest_case()
    with capture(execute=True):
        services.make_move(case.pk, "verification", user=staff["relations"])
        services.make_move(case.pk, "waiting", user=staff["relations"], reason=f"صورة هوية {NAME_AR} {NATIONAL_ID}")
    post(client, "/en/help-request/", help_answers("en"), capture)
    other = latest_case()
    with capture(execute=True):
        deliver(other, staff)
        services.make_move(other.pk, "closed", user=staff["relations"], reason=f"Closed for {NAME_EN}")
    assert Notification.objects.filter(channel=Notification.Channel.APPLICANT_SMS).exists()
    # The maintenance run (cron) retries whatever is due, as often as it is run.
    for _ in range(2):
        Notification.objects.filter(status=Notification.Status.PENDING).update(next_attempt_at=timezone.now())
        with capture(execute=True):
            call_command("forms_maintenance", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(attempts__gte=3).exists()
    assert_every_message_failed()
    leaks.assert_none()


def test_following_a_request_up(client, leaks, staff, django_capture_on_commit_callbacks):
    from followup import tokens
    from inbox import services
    from tests.support.inbox import deliver

    capture = django_capture_on_commit_callbacks
    post(client, "/ar/help-request/", help_answers("ar"), capture)
    case = latest_case()
    reference = case.submission.reference
    # The lookup page and API: found, not found, invalid.
    for mobile in (TYPED_MOBILE["ar"], "0500000000", NAME_AR):
        assert (
            post(client, "/ar/track-request/", {"reference": reference, "mobile": mobile}, capture).status_code == 200
        )
    assert post(client, "/en/track-request/", {"reference": NAME_EN, "mobile": MOBILE}, capture).status_code == 200
    for body in ({"reference": reference, "mobile": TYPED_MOBILE["api"]}, {"reference": EMAIL, "mobile": MOBILE}):
        assert post_json(client, "/api/v3/followup/lookup/?locale=en", body, capture).status_code in (200, 404, 422)
    # The personal link: documents sent (named by the applicant), then withdrawn with a reason.
    with capture(execute=True):
        services.make_move(case.pk, "verification", user=staff["relations"])
        services.make_move(case.pk, "waiting", user=staff["relations"], reason="صورة الهوية")
    link = f"/ar/track-request/link/{tokens.status_token(case)}/"
    assert client.get(link).status_code == 200
    case.refresh_from_db()
    documents = {
        "documents": [pdf(FILE_NAME), png(IMAGE_NAME)],
        "text": f"من {NAME_AR} {MOBILE}",
        "version": case.version,
    }
    assert post(client, link + "documents/", documents, capture).status_code == 302
    bad = {"documents": [pdf("qanariya-lease-6612.exe")], "text": NAME_AR, "version": case.version}
    assert post(client, link + "documents/", bad, capture).status_code == 400
    case.refresh_from_db()
    withdrawal = {"confirm": "yes", "reason": f"{NAME_AR} {EMAIL}", "version": case.version}
    assert post(client, link + "withdraw/", withdrawal, capture).status_code == 302
    # Surveys: through a personal link (page and API) and the open form.
    survey_links = []
    for _ in range(2):
        post(client, "/ar/help-request/", help_answers("ar"), capture)
        delivered = latest_case()
        with capture(execute=True):
            deliver(delivered, staff)
        survey_links.append(tokens.survey_token(delivered.survey_invitation))
    answers = {"overall": "٥", "speed": "4", "staff": "5", "comments": f"شكرًا — {NAME_AR} {MOBILE} {EMAIL}",
               "website": "", "submission_token": str(uuid.uuid4())}  # fmt: skip
    assert post(client, f"/ar/track-request/survey/{survey_links[0]}/", answers, capture).status_code == 302
    api_answers_ = {"overall": 5, "speed": 4, "staff": 5, "comments": f"Thanks, {NAME_EN} {NATIONAL_ID}"}
    response = post_json(client, f"/api/v3/followup/surveys/{survey_links[1]}/?locale=en", api_answers_, capture)
    assert response.status_code == 201, response.content
    open_survey = {**answers, "submission_token": str(uuid.uuid4()), "request_reference": reference}
    assert post(client, "/en/satisfaction-survey/", open_survey, capture).status_code == 302
    leaks.assert_none()


def test_the_console_sms_backend_outside_development(
    client, leaks, settings, capsys, django_capture_on_commit_callbacks
):
    """Production without a gateway configured falls back to the console backend: it says so, naming no one."""
    settings.FORMS_SMS_BACKEND = "forms.sms.ConsoleBackend"
    post(client, "/ar/help-request/", help_answers("ar"), django_capture_on_commit_callbacks)
    assert any("no SMS gateway" in record.getMessage() for record in leaks.records("forms.sms", logging.WARNING))
    assert canaries_in(capsys.readouterr().out) == []
    leaks.assert_none()
