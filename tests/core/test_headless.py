"""The API for front ends: CORS, ETag/304 with publishing, headless preview, reCAPTCHA from apps."""

import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django_recaptcha.client import RecaptchaResponse

from core.headless import FRONT_END_PREVIEW
from forms.models import Submission

pytestmark = pytest.mark.django_db

APP_ORIGIN = "https://app.example.org"


# --- CORS --------------------------------------------------------------------------------
def test_no_cross_origin_access_by_default(client, site_pages):
    response = client.get("/api/v3/organisation/", HTTP_ORIGIN=APP_ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_cors_only_for_configured_origins_and_never_with_credentials(client, site_pages, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    allowed = client.get("/api/v3/organisation/", HTTP_ORIGIN=APP_ORIGIN)
    assert allowed["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "Access-Control-Allow-Credentials" not in allowed
    assert "etag" in allowed["Access-Control-Expose-Headers"].lower()
    other = client.get("/api/v3/organisation/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other
    # Only the API: the site's own pages stay same-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/ar/", HTTP_ORIGIN=APP_ORIGIN)


def test_preflight_of_a_json_submission_with_an_idempotency_key(client, site_pages, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    response = client.options(
        "/api/v3/forms/1/submissions/",
        HTTP_ORIGIN=APP_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, idempotency-key",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert {"content-type", "idempotency-key"} <= set(response["Access-Control-Allow-Headers"].split(", "))


# --- ETag, Cache-Control, 304 ------------------------------------------------------------
def test_public_reads_carry_etag_and_cache_control_and_answer_304(client, site_pages):
    url = f"/api/v3/pages/{site_pages['home_en'].pk}/"
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_publish_changes_the_etag_and_the_content(client, site_pages):
    url = f"/api/v3/pages/{site_pages['home_en'].pk}/"
    before = client.get(url)
    page = site_pages["home_en"]
    page.intro = "A new introduction, just published."
    page.save_revision().publish()
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["intro"] == "A new introduction, just published."


def test_a_publish_changes_a_form_schema_at_once(client, form_page):
    page = form_page("satisfaction-survey", "en")
    url = f"/api/v3/forms/{page.pk}/"
    before = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    page.title = "How did we do?"
    page.save_revision().publish()
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["title"] == "How did we do?"
    assert after["ETag"] != before["ETag"]


def test_reads_with_a_token_are_private_and_problems_carry_no_etag(client, site_pages):
    response = client.get("/api/v3/pages/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response["Cache-Control"] == "private, no-store" and "ETag" not in response
    missing = client.get("/api/v3/pages/999999/")
    assert missing.status_code == 404 and "ETag" not in missing


# --- headless preview -------------------------------------------------------------------
@pytest.fixture
def front_end(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": "https://front.example.org/preview"},
        "ENFORCE_TRAILING_SLASH": False,
        "REDIRECT_ON_PREVIEW": True,
    }
    return settings


def preview_request():
    request = RequestFactory().get("/admin/pages/preview/")
    request.user = User.objects.create_superuser("editor", "editor@example.org", "pw")
    return request


def test_front_end_preview_mode_only_when_a_front_end_is_configured(site_pages, settings):
    page = site_pages["home_en"]
    assert FRONT_END_PREVIEW not in dict(page.preview_modes)


def test_previewing_in_the_front_end_and_fetching_the_draft_by_token(client, site_pages, front_end):
    page = site_pages["home_en"]
    assert [mode for mode, _label in page.preview_modes] == ["", FRONT_END_PREVIEW]
    published_title = page.title
    page.title = "Draft title, not published"
    page.intro = "Draft introduction"
    redirect = page.serve_preview(preview_request(), FRONT_END_PREVIEW)
    assert redirect.status_code == 302
    target = urlparse(redirect["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == "https://front.example.org/preview"
    query = {key: value[0] for key, value in parse_qs(target.query).items()}
    assert query["content_type"] == "home.homepage"

    response = client.get("/api/v3/preview/", {"content_type": "home.HomePage", "token": query["token"]})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Draft title, not published" and data["intro"] == "Draft introduction"
    assert data["meta"]["type"] == "home.HomePage"
    assert response["Cache-Control"] == "private, no-store" and "ETag" not in response
    # Nothing was published.
    assert client.get(f"/api/v3/pages/{page.pk}/").json()["title"] == published_title != page.title


def test_the_default_preview_is_still_the_site(site_pages, front_end):
    page = site_pages["home_en"]
    response = page.serve_preview(preview_request(), "")
    assert response.status_code == 200 and b"<html" in response.render().content


def test_form_pages_keep_their_thank_you_preview(form_page, front_end):
    modes = [mode for mode, _label in form_page("help-request", "en").preview_modes]
    assert modes == ["form", "landing", FRONT_END_PREVIEW]


@pytest.mark.parametrize(
    "params",
    [
        {"content_type": "home.homepage", "token": "forged:token"},
        {"content_type": "auth.user", "token": "x"},
        {"content_type": "nonsense", "token": "x"},
        {"content_type": "services.servicepage", "token": "id=1:abc:def"},
    ],
)
def test_bad_preview_tokens_are_404s(client, site_pages, params):
    response = client.get("/api/v3/preview/", params)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_preview_of_a_page_deleted_since_answers_as_an_unknown_token(client, site_pages, front_end):
    from home.models import StandardPage

    page = site_pages["home_en"].add_child(instance=StandardPage(title="Soon gone", slug="soon-gone", live=False))
    page.title = "A draft that was deleted"
    token = parse_qs(urlparse(page.serve_preview(preview_request(), FRONT_END_PREVIEW)["Location"]).query)["token"][0]
    fetch = {"content_type": "home.standardpage", "token": token}
    assert client.get("/api/v3/preview/", fetch).status_code == 200
    page.delete()
    gone = client.get("/api/v3/preview/", fetch)
    unknown = client.get("/api/v3/preview/", {"content_type": "home.standardpage", "token": "forged:token"})
    assert gone.status_code == unknown.status_code == 404
    assert gone.content == unknown.content and b"A draft that was deleted" not in gone.content


def test_expired_preview_tokens_are_refused(client, site_pages, front_end):
    front_end.HEADLESS_PREVIEW_MAX_AGE = -1
    page = site_pages["home_en"]
    token = parse_qs(urlparse(page.serve_preview(preview_request(), FRONT_END_PREVIEW)["Location"]).query)["token"][0]
    response = client.get("/api/v3/preview/", {"content_type": "home.homepage", "token": token})
    from django.utils import translation

    with translation.override("ar"):
        expired = translation.gettext("This preview has expired: preview the page again.")
    assert response.status_code == 404 and response.json()["detail"] in (
        expired,
        "This preview has expired: preview the page again.",
    )


# --- reCAPTCHA from a native app --------------------------------------------------------------
@pytest.fixture
def google(settings, monkeypatch):
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "site-key", "secret-key"
    settings.RECAPTCHA_ALLOWED_HOSTNAMES = ["testserver"]
    settings.RECAPTCHA_ALLOWED_PACKAGE_NAMES = ["sa.org.nakhla.app"]
    answer = {}
    monkeypatch.setattr("django_recaptcha.client.submit", lambda **kwargs: answer["result"])
    return answer


@pytest.mark.parametrize(
    "extra, status",
    [
        ({"apk_package_name": "sa.org.nakhla.app"}, 201),
        ({"apk_package_name": "com.example.other"}, 422),
        ({"hostname": "testserver"}, 201),
        ({"hostname": "evil.example"}, 422),
        ({"hostname": "evil.example", "apk_package_name": "sa.org.nakhla.app"}, 422),
    ],
)
def test_recaptcha_tokens_from_allowed_apps_and_hosts(client, form_page, google, extra, status):
    google["result"] = RecaptchaResponse(True, extra_data=extra)
    page = form_page("satisfaction-survey", "en")
    body = {"overall": 5, "speed": 4, "staff": 5, "captcha": "token-from-app"}
    response = client.post(f"/api/v3/forms/{page.pk}/submissions/", json.dumps(body), content_type="application/json")
    assert response.status_code == status, response.content
    if status == 422:
        assert list(response.json()["fields"]) == ["captcha"]
        assert Submission.objects.count() == 0


def test_a_missing_recaptcha_token_is_a_field_error(client, form_page, google):
    page = form_page("satisfaction-survey", "en")
    body = {"overall": 5, "speed": 4, "staff": 5}
    response = client.post(f"/api/v3/forms/{page.pk}/submissions/", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["fields"]["captcha"] == ["Please confirm that you are not a robot."]


# --- one OpenAPI document -----------------------------------------------------------------------
def test_form_and_preview_operations_are_in_wagtails_openapi_document(client):
    schema = client.get("/api/v3/openapi.json").json()
    submit = schema["paths"]["/api/v3/forms/{page_id}/submissions/"]["post"]
    assert submit["operationId"] == "forms_submit"
    assert set(submit["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"201", "200", "422", "429"} <= set(submit["responses"])
    assert any(parameter["name"] == "Idempotency-Key" for parameter in submit["parameters"])
    assert schema["paths"]["/api/v3/forms/{page_id}/"]["get"]["operationId"] == "forms_schema"
    assert schema["paths"]["/api/v3/preview/"]["get"]["operationId"] == "preview_detail"
    assert "/api/v3/pages/" in schema["paths"]
