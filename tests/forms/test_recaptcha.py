"""reCAPTCHA with Google's verification mocked: every outcome is a page, never a 500."""

import uuid
from urllib.error import URLError

import pytest
from django_recaptcha.client import RecaptchaResponse

from forms.models import Submission

pytestmark = pytest.mark.django_db

SURVEY = {"overall": "5", "speed": "4", "staff": "5"}


@pytest.fixture
def keys(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "site-key"
    settings.RECAPTCHA_PRIVATE_KEY = "secret-key"
    settings.RECAPTCHA_ALLOWED_HOSTNAMES = ["testserver"]
    return settings


@pytest.fixture
def google(monkeypatch):
    """Stands in for Google's siteverify; records what it was asked."""
    calls = []
    outcome = {"result": RecaptchaResponse(True, extra_data={"hostname": "testserver"})}

    def submit(recaptcha_response, private_key, remoteip):
        calls.append({"token": recaptcha_response, "secret": private_key, "ip": remoteip})
        if isinstance(outcome["result"], Exception):
            raise outcome["result"]
        return outcome["result"]

    monkeypatch.setattr("django_recaptcha.client.submit", submit)
    return outcome, calls


def send(client, token="token-from-browser", **extra):
    data = {**SURVEY, "submission_token": str(uuid.uuid4())}
    if token is not None:
        data["g-recaptcha-response"] = token  # v2: Google's widget posts this name
        data["captcha"] = token  # v3: our hidden input, filled by forms/recaptcha-v3.js
    return client.post("/ar/satisfaction-survey/", data, **extra)


def test_widget_is_shown_when_keys_are_set(client, site_pages, keys):
    html = client.get("/ar/satisfaction-survey/").content.decode()
    assert 'data-sitekey="site-key"' in html
    assert "reCAPTCHA) معطل" not in html


def test_visible_note_when_keys_are_missing(client, site_pages):
    html = client.get("/ar/satisfaction-survey/").content.decode()
    assert "التحقق من البرامج الآلية (reCAPTCHA) معطل" in html


def test_success(client, site_pages, keys, google):
    response = send(client)
    assert response.status_code == 302 and Submission.objects.count() == 1
    assert google[1][0]["token"] == "token-from-browser" and google[1][0]["secret"] == "secret-key"


def test_trusted_client_address_is_sent_not_a_forged_header(client, site_pages, keys, google, settings):
    settings.FORMS_PROXY_DEPTH = 1
    send(client, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert google[1][0]["ip"] == "203.0.113.9"  # the entry our own proxy added, not the forged first one


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (RecaptchaResponse(False, error_codes=["invalid-input-response"]), "لم نتمكن من التأكد"),
        (RecaptchaResponse(True, extra_data={"hostname": "evil.example"}), "لم نتمكن من التأكد"),
        (TimeoutError("timed out"), "تعذّر الوصول إلى خدمة التحقق"),
        (URLError("network unreachable"), "تعذّر الوصول إلى خدمة التحقق"),
        (ValueError("not JSON"), "تعذّر الوصول إلى خدمة التحقق"),
    ],
    ids=["failure", "wrong hostname", "timeout", "network error", "garbled answer"],
)
def test_refusals_are_clear_errors_never_500(client, site_pages, keys, google, result, message):
    google[0]["result"] = result
    response = send(client)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Submission.objects.count() == 0


def test_missing_token(client, site_pages, keys, google):
    response = send(client, token=None)
    assert response.status_code == 400
    assert "يرجى التأكيد أنك لست برنامجًا آليًا" in response.content.decode()
    assert google[1] == []


@pytest.mark.parametrize(
    ("extra", "accepted"),
    [
        ({"hostname": "testserver", "score": 0.9, "action": "survey"}, True),
        ({"hostname": "testserver", "score": 0.2, "action": "survey"}, False),  # low score
        ({"hostname": "testserver", "score": 0.9, "action": "login"}, False),  # another action's token
    ],
    ids=["v3 good score", "v3 low score", "v3 wrong action"],
)
def test_v3_score_and_action(client, site_pages, keys, google, extra, accepted):
    keys.RECAPTCHA_VERSION = "v3"
    action = extra.pop("action")
    google[0]["result"] = RecaptchaResponse(True, extra_data=extra, action=action)
    response = send(client)
    assert (response.status_code == 302) is accepted
    assert Submission.objects.count() == (1 if accepted else 0)


def test_english_error(client, site_pages, keys, google):
    google[0]["result"] = RecaptchaResponse(False)
    data = {**SURVEY, "submission_token": str(uuid.uuid4()), "g-recaptcha-response": "x"}
    html = client.post("/en/satisfaction-survey/", data).content.decode()
    assert "We could not confirm that you are not a robot" in html
