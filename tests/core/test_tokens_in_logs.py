"""A server error on an address with a secret token is logged and mailed without the token.

Django logs every 500 as "Internal Server Error: <path>" (to gunicorn's error log
in production) and mails ADMINS a report naming the path: for the personal link
that path is the link itself. (nginx's and gunicorn's access logs:
tests/website/test_deploy.py.)
"""

import logging

import pytest
from django.core import mail
from django.test import Client

from core.log_paths import REDACTED
from followup import views as followup_views
from followup.models import StatusLookupPage

pytestmark = pytest.mark.django_db

SECRET = "4217-" + "9c1e5b7a" * 4  # the shape of a personal link's token


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_a_server_error_on_a_personal_link_is_logged_and_mailed_without_its_token(settings, monkeypatch):
    settings.ADMINS = [("Administrators", "admins@example.org")]

    def broken(page, request, token):
        raise RuntimeError("the status could not be read")

    monkeypatch.setattr(followup_views, "personal", broken)
    page = StatusLookupPage.objects.live().filter(locale__language_code="ar").first()
    kept = Kept()
    logger = logging.getLogger("django.request")
    logger.addHandler(kept)
    try:
        response = Client(raise_request_exception=False).get(f"{page.url}link/{SECRET}/?name=nawal")
    finally:
        logger.removeHandler(kept)
    assert response.status_code == 500

    assert kept.lines == [f"Internal Server Error: {page.url}link/{REDACTED}/"]
    (report,) = mail.outbox
    assert f"link/{REDACTED}/" in report.subject and f"link/{REDACTED}/" in report.body
    html = report.alternatives[0][0] if report.alternatives else ""
    for text in (report.subject, report.body, html):
        assert SECRET not in text and "nawal" not in text
