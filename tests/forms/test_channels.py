"""Each association's own channels (organisation.channels): a second association with its own sender
email, SMS sender name and reCAPTCHA keys sends its requests' messages from them and shows and verifies
with its own keys; the tests' association, which has none, keeps the deployment's settings."""

import uuid

import pytest
from django.core import mail
from django.test import Client
from django_recaptcha.client import RecaptchaResponse

from forms import sms
from forms.models import Submission
from forms.sms import MemoryBackend
from tests.support.association import association
from tests.support.forms import help_request_data
from tests.support.forms_api import schema_of

pytestmark = pytest.mark.django_db

SURVEY = {"overall": "5", "speed": "4", "staff": "5"}
B_SENDER, B_SMS, B_SITE_KEY, B_SECRET = "help@second.example.org", "SecondAssn", "b-site-key", "b-secret-key"


@pytest.fixture(autouse=True)
def _clear_outboxes():
    MemoryBackend.clear()
    yield
    MemoryBackend.clear()


@pytest.fixture
def second(site_pages, second_association):
    """The second association, with every channel of its own."""
    second = second_association
    association = second.site.association
    association.sender_email, association.sms_sender = B_SENDER, B_SMS
    association.recaptcha_public_key, association.recaptcha_private_key = B_SITE_KEY, B_SECRET
    association.save()
    return second


@pytest.fixture
def deployment(settings):
    settings.DEFAULT_FROM_EMAIL = "no-reply@deployment.example.org"
    settings.FORMS_SMS_SENDER = "Deployment"
    settings.ADMINS = [("Desk", "desk@example.org")]  # who the staff alert goes to
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "site-key", "secret-key"
    settings.RECAPTCHA_ALLOWED_HOSTNAMES = ["testserver", "localhost", "second.localhost"]
    return settings


@pytest.fixture
def google(monkeypatch):
    """Google's siteverify, answering valid for the host it is told; records the secret it was given."""
    calls = []

    def submit(recaptcha_response, private_key, remoteip):
        calls.append(private_key)
        return RecaptchaResponse(True, extra_data={"hostname": google_host["name"]})

    google_host = {"name": "localhost"}
    monkeypatch.setattr("django_recaptcha.client.submit", submit)
    return google_host, calls


def send_help_request(host, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = help_request_data(**{"g-recaptcha-response": "token"})
        response = Client(HTTP_HOST=host).post("/ar/help-request/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first()


def test_each_associations_request_messages_come_from_its_own_sender(
    second, deployment, google, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    first = send_help_request("localhost", django_capture_on_commit_callbacks)
    about_first, mail.outbox = list(mail.outbox), []
    google[0]["name"] = second.host
    other = send_help_request(second.host, django_capture_on_commit_callbacks)
    about_other = list(mail.outbox)
    assert other.site == second.site and first.site != second.site

    # Emails about B's request (to the applicant and to staff) come from B's address; A's from the deployment's.
    # The applicant's acknowledgement and the staff's alert.
    assert sorted(message.to[0] for message in about_other) == ["desk@example.org", "sara@example.org"]
    assert len(about_first) == 2
    assert {message.from_email for message in about_other} == {B_SENDER}
    assert {message.from_email for message in about_first} == {"no-reply@deployment.example.org"}
    # B's text message carries B's sender name; A's backend is made as before (FORMS_SMS_SENDER its own).
    assert MemoryBackend.senders == ["", B_SMS] and [to for to, _text in MemoryBackend.outbox] == ["+966505550123"] * 2


def test_each_host_shows_and_verifies_with_its_associations_recaptcha_keys(second, deployment, google):
    at_first, at_second = Client(), Client(HTTP_HOST=second.host)
    assert 'data-sitekey="site-key"' in at_first.get("/ar/satisfaction-survey/").content.decode()
    html = at_second.get("/ar/satisfaction-survey/").content.decode()
    assert f'data-sitekey="{B_SITE_KEY}"' in html and 'data-sitekey="site-key"' not in html

    def survey(client):
        data = {**SURVEY, "submission_token": str(uuid.uuid4()), "g-recaptcha-response": "token"}
        return client.post("/ar/satisfaction-survey/", data)

    assert survey(at_first).status_code == 302
    google[0]["name"] = second.host
    assert survey(at_second).status_code == 302
    assert google[1] == ["secret-key", B_SECRET]
    assert [submission.site for submission in Submission.objects.order_by("pk")][1] == second.site


def test_the_forms_api_gives_each_hosts_site_key(second, deployment):
    first_page, other_page = association().forms["satisfaction-survey"], second.forms["satisfaction-survey"]
    assert schema_of(Client(), first_page)["recaptcha"]["site_key"] == "site-key"
    recaptcha = schema_of(Client(HTTP_HOST=second.host), other_page)["recaptcha"]
    assert recaptcha["enabled"] and recaptcha["site_key"] == B_SITE_KEY


def test_an_association_with_keys_checks_robots_where_the_deployment_has_none(second, settings, google):
    settings.RECAPTCHA_PUBLIC_KEY = settings.RECAPTCHA_PRIVATE_KEY = ""
    settings.RECAPTCHA_ALLOWED_HOSTNAMES = [second.host]
    assert "reCAPTCHA) معطل" in Client().get("/ar/satisfaction-survey/").content.decode()
    at_second = Client(HTTP_HOST=second.host)
    assert f'data-sitekey="{B_SITE_KEY}"' in at_second.get("/ar/satisfaction-survey/").content.decode()
    # Without a token its form is refused; the tests' association takes one.
    data = {**SURVEY, "submission_token": str(uuid.uuid4())}
    assert at_second.post("/ar/satisfaction-survey/", data).status_code == 400
    assert Client().post("/ar/satisfaction-survey/", {**data, "submission_token": str(uuid.uuid4())}).status_code == 302
    assert google[1] == []


def test_half_a_pair_of_keys_is_not_used(second, deployment, google):
    association = second.site.association
    association.recaptcha_private_key = ""
    association.save()
    html = Client(HTTP_HOST=second.host).get("/ar/satisfaction-survey/").content.decode()
    assert 'data-sitekey="site-key"' in html and B_SITE_KEY not in html


def test_the_sms_backend_takes_an_associations_sender(settings):
    settings.FORMS_SMS_BACKEND = "forms.sms.HttpGatewayBackend"
    settings.FORMS_SMS_GATEWAY_URL, settings.FORMS_SMS_GATEWAY_TOKEN = "https://gateway.example.org/", "token"
    settings.FORMS_SMS_SENDER = "Deployment"
    assert sms.get_backend("Other").sender == "Other"
    assert sms.get_backend().sender == "Deployment"
