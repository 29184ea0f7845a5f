"""No personal data in Django's error reports: each door made to fail with a 500 (see test_no_personal_data_in_logs.py).

Every error email is caught: those sent through mail_admins and what Django's AdminEmailHandler would write for
every ERROR record, with the HTML report that lists every frame's local variables.
"""

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.log import AdminEmailHandler

from scripts.signin import sign_in
from tests.support.forms import pdf
from tests.support.personal_data import (
    FILE_NAME,
    NAME_AR,
    NATIONAL_ID,
    TYPED_MOBILE,
    api_answers,
    form_page,
    help_answers,
    latest_case,
    multipart,
    post,
    post_json,
    volunteer_json,
)

pytestmark = pytest.mark.django_db


class Exploded(RuntimeError):
    pass


def explode(*args, **kwargs):
    raise Exploded("something broke inside")


def test_errors_inside_every_door_report_no_personal_data(
    leaks, staff, monkeypatch, django_capture_on_commit_callbacks
):
    from followup import status
    from forms import pipeline
    from inbox import services
    from website import views

    capture = django_capture_on_commit_callbacks
    applicant = Client(raise_request_exception=False)
    post(applicant, "/ar/help-request/", help_answers("ar"), capture)
    case = latest_case()
    from followup import tokens

    link = f"/ar/track-request/link/{tokens.status_token(case)}/"
    with capture(execute=True):
        services.make_move(case.pk, "verification", user=staff["relations"])
        services.make_move(case.pk, "waiting", user=staff["relations"], reason="صورة الهوية")

    monkeypatch.setattr(pipeline, "next_reference", explode)
    monkeypatch.setattr(status, "_matching_case", explode)
    monkeypatch.setattr(services, "applicant_send_documents", explode)
    monkeypatch.setattr(views, "search_terms", explode)
    page_en = form_page("help-request", "en")
    api = f"/api/v3/forms/{page_en.pk}/submissions/"
    staff_client = sign_in(Client(raise_request_exception=False), staff["relations"])
    attempts = [
        (applicant, "/ar/help-request/", help_answers("ar")),
        (applicant, f"/en/forms/{page_en.pk}/send/", help_answers("en")),
        (applicant, api, multipart(api_answers())),
        (applicant, "/ar/track-request/", {"reference": case.submission.reference, "mobile": TYPED_MOBILE["ar"]}),
        (applicant, link + "documents/", {"documents": [pdf(FILE_NAME)], "text": NAME_AR, "version": case.version}),
        (staff_client, reverse("inbox:enter", args=[page_en.pk]) + "?channel=letter",
         {**help_answers("en"), "channel": "letter"}),
    ]  # fmt: skip
    # The site's own error emails to ADMINS (settings.LOGGING), into the locmem outbox for the test.
    (emails,) = [h for h in logging.getLogger("django.request").handlers if isinstance(h, AdminEmailHandler)]
    emails.email_backend = "django.core.mail.backends.locmem.EmailBackend"
    try:
        for client, path, data in attempts:
            assert post(client, path, data, capture).status_code == 500, path
        volunteer = f"/api/v3/forms/{form_page('volunteer', 'en').pk}/submissions/"
        assert post_json(applicant, volunteer, volunteer_json(), capture).status_code == 500
        body = {"reference": case.submission.reference, "mobile": TYPED_MOBILE["api"]}
        assert post_json(applicant, "/api/v3/followup/lookup/", body, capture).status_code == 500
        assert applicant.get("/ar/search/", {"q": f"{NAME_AR} {NATIONAL_ID}"}).status_code == 500
    finally:
        emails.email_backend = None
    errors = leaks.records("django.request", logging.ERROR)
    assert len(errors) == len(attempts) + 3 and all(r.exc_info for r in errors)
    assert len(leaks.catch.admin_email.written) >= len(errors)
    outbox = [message for message in mail.outbox if message.to == ["admins@example.org"]]
    assert len(outbox) == len(errors) == len(leaks.admin_mail)  # each through mail_admins, recorded there
    # The reports still say where it broke, and which fields were sent.
    report = leaks.catch.admin_email.written[0]
    assert "Exploded" in report and "full_name" in report and "documents" in report
    leaks.assert_none()
