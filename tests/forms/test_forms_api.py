"""The form endpoints of API v3: a form's schema, and filing a submission through the one way in."""

import json
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import formats, translation
from wagtail.models import PageViewRestriction

from forms import intake
from forms.kinds import Channel
from forms.models import Attachment, Submission
from scripts.signin import sign_in
from tests.support.forms import PDF, image_bytes, pdf
from tests.support.forms_api import help_answers, multipart_fields, post_json, post_multipart, schema_of, values

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


# --- the schema -----------------------------------------------------------------------
def test_schema_in_english_has_english_labels_and_the_values_submit_accepts(client, form_page):
    english = schema_of(client, form_page("help-request", "en"))
    arabic = schema_of(client, form_page("help-request", "ar"))
    assert english["locale"] == "en" and arabic["locale"] == "ar"
    city_en = next(field for field in english["fields"] if field["key"] == "city")
    assert [choice["label"] for choice in city_en["choices"]] == ["Riyadh", "Al-Kharj", "Other"]
    # The values are the stored ones, the same in both languages.
    assert values(english, "city") == values(arabic, "city") == ["الرياض", "الخرج", "أخرى"]
    assert [field["key"] for field in english["fields"]] == [field["key"] for field in arabic["fields"]]
    assert english["translations"] == arabic["translations"]


def test_schema_describes_fields_in_order_with_their_limits(client, form_page):
    schema = schema_of(client, form_page("help-request", "en"))
    keys = [field["key"] for field in schema["fields"]]
    assert keys[:3] == ["full_name", "national_id", "mobile"]
    assert keys[-3:] == ["declaration", "privacy_consent", "service"]
    by_key = {field["key"]: field for field in schema["fields"]}
    assert by_key["full_name"]["required"] is True and by_key["full_name"]["limits"]["max_length"] == 255
    assert by_key["national_id"]["limits"]["pattern"] == "^[12][0-9]{9}$"
    assert "٠١٢٣٤٥٦٧٨٩" in by_key["mobile"]["limits"]["digits"]
    assert by_key["birth_date"]["limits"]["calendars"] == ["hijri", "gregorian"]
    documents = by_key["documents"]
    assert documents["multiple"] is True and documents["limits"]["max_files"] == 10
    assert {kind["content_type"] for kind in documents["limits"]["file_types"]} == {
        "application/pdf", "image/jpeg", "image/png", "image/webp",
    }  # fmt: skip
    assert documents["limits"]["max_file_bytes"] == 10 * 1024 * 1024
    assert schema["submit"]["max_submission_bytes"] == 25 * 1024 * 1024
    assert schema["declaration"]["label"].startswith("I declare")
    assert schema["privacy"]["label"].startswith("I have read the privacy notice")
    assert schema["privacy"]["notice_html"]
    assert schema["reply_period"]["days"] == 14
    due = schema["reply_period"]["due_if_sent_today"]
    assert due["gregorian"] and due["hijri"].startswith("14") and due["hijri_display"].endswith("AH")
    assert schema["recaptcha"] == {
        "enabled": False, "version": "v2", "site_key": "", "action": "", "field": "captcha", "score_required": None,
    }  # fmt: skip
    # Neither the honeypot nor the site's own token is the client's business.
    assert not {"website", "submission_token", "captcha"} & set(keys)


def test_schema_in_the_language_asked_for(client, form_page):
    arabic, english = form_page("help-request", "ar"), form_page("help-request", "en")
    schema = schema_of(client, arabic, locale="en")
    assert schema["id"] == english.pk and schema["title"] == "Help request"


def test_complaint_schema_has_the_kinds_own_fields(client, form_page, services):
    schema = schema_of(client, form_page("complaints", "en"))
    by_key = {field["key"]: field for field in schema["fields"]}
    assert values(schema, "complaint_type") == ["complaint", "suggestion", "compliment", "inquiry"]
    assert by_key["complaint_type"]["choices"][1]["label"] == "Suggestion"
    services = by_key["related_service"]["choices"]
    assert services and all(isinstance(choice["value"], int) for choice in services)
    assert by_key["anonymous"]["type"] == "checkbox" and by_key["anonymous"]["required"] is False
    assert "declaration" not in by_key and schema["declaration"] is None


def test_recaptcha_mode_and_site_key(client, form_page, settings):
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "site-key", "secret"
    settings.RECAPTCHA_VERSION = "v3"
    recaptcha = schema_of(client, form_page("satisfaction-survey", "en"))["recaptcha"]
    assert recaptcha == {
        "enabled": True, "version": "v3", "site_key": "site-key", "action": "survey", "field": "captcha",
        "score_required": 0.5,
    }  # fmt: skip


def test_unknown_form_is_a_404_problem(client, site_pages):
    for url in ("/api/v3/forms/999999/", "/api/v3/forms/999999/submissions/"):
        response = client.get(url) if url.endswith("9/") else client.post(url, "{}", content_type="application/json")
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        assert response.json()["code"] == "not_found"


def test_a_page_that_is_not_a_form_is_not_found(client, site_pages):
    assert client.get(f"/api/v3/forms/{site_pages['home_en'].pk}/").status_code == 404


def test_bad_locale_and_huge_ids_are_422_not_500(client, form_page):
    page = form_page()
    assert client.get(f"/api/v3/forms/{page.pk}/?locale=fr").status_code == 422
    assert client.get(f"/api/v3/forms/{10**30}/").status_code == 422


# --- submitting ---------------------------------------------------------------------------
def test_english_json_submission_with_the_schemas_values(client, form_page):
    """The bug this fixes: an English client sending what it was shown is accepted."""
    page = form_page("volunteer", "en")
    schema = schema_of(client, page)
    answers = {
        "full_name": "Omar Saleh",
        "national_id": "1000000008",
        "mobile": "+966 50 555 0123",
        "interests": values(schema, "interests")[:2],
        "availability": values(schema, "availability")[0],
        "privacy_consent": True,
    }
    response = post_json(client, page, answers)
    assert response.status_code == 201, response.content
    body = response.json()
    submission = Submission.objects.get(reference=body["reference"])
    assert body["reference"].startswith("VO-") and body["created"] is True
    assert submission.channel == Channel.API and submission.language == "en"
    assert submission.data["interests"] == ["إداري", "ميداني"]
    assert submission.applicant_mobile == "+966505550123"
    assert body["reply_due"]["gregorian"] == submission.reply_due.isoformat()
    assert body["reply_due"]["hijri"] and body["reply_due"]["hijri_display"].endswith("AH")
    with translation.override("en"):
        assert body["reply_due"]["gregorian_display"] == formats.date_format(submission.reply_due, "j F Y")
    assert not any("\u0600" <= char <= "\u06ff" for char in body["reply_due"]["gregorian_display"])
    assert response["Cache-Control"] == "no-store"


def test_multipart_submission_with_attachments(client, form_page):
    page = form_page("help-request", "en")
    fields = multipart_fields(help_answers(schema_of(client, page)))
    files = {"documents": [pdf(), pdf("scan.png", image_bytes("PNG"))]}
    response = post_multipart(client, page, fields, files)
    assert response.status_code == 201, response.content
    submission = Submission.objects.get(reference=response.json()["reference"])
    assert submission.reference.startswith("HR-")
    assert submission.data["birth_date"]["entered_in"] == "hijri"
    assert sorted(Attachment.objects.filter(submission=submission).values_list("original_name", flat=True)) == [
        "id-copy.pdf", "scan.png",
    ]  # fmt: skip


def test_bad_mobile_answers_a_translated_field_map(client, form_page):
    for language, message in (
        ("en", "Enter a Saudi mobile number, for example 05X XXX XXXX."),
        ("ar", None),
    ):
        page = form_page("volunteer", language)
        response = post_json(client, page, {"full_name": "x", "mobile": "12345"})
        assert response.status_code == 422
        assert response["Content-Type"] == PROBLEM
        problem = response.json()
        assert problem["code"] == "invalid" and problem["status"] == 422
        assert set(problem["fields"]) >= {"mobile", "national_id", "privacy_consent"}
        if message:
            assert problem["fields"]["mobile"] == [message]
            assert problem["detail"] == "Some answers need correcting."
        else:  # Arabic
            assert any("\u0600" <= char <= "\u06ff" for char in problem["detail"] + problem["fields"]["mobile"][0])
        assert {"loc": ["body", "mobile"], "msg": problem["fields"]["mobile"][0], "type": "mobile_invalid"} in (
            problem["errors"]
        )
    assert not Submission.objects.exists()


def test_files_cannot_come_in_json(client, form_page):
    page = form_page("help-request", "en")
    response = post_json(client, page, help_answers(schema_of(client, page)))
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["documents"]


@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        ("{not json", "application/json", 400, "bad_json"),
        ("[1, 2]", "application/json", 400, "bad_json"),
        ('"text"', "application/json", 400, "bad_json"),
        (b"\xff\xfe", "application/json", 400, "bad_json"),
        ("<xml/>", "application/xml", 415, "bad_type"),
        ('{"full_name": {"nested": 1}}', "application/json", 422, "invalid"),
        ('{"interests": [[1]]}', "application/json", 422, "invalid"),
    ],
)
def test_malformed_bodies_are_clear_problems(client, form_page, body, content_type, status, code):
    page = form_page("volunteer", "en")
    response = client.post(f"/api/v3/forms/{page.pk}/submissions/", body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM and response.json()["code"] == code
    assert not Submission.objects.exists()


def test_broken_multipart_is_a_400(client, form_page):
    page = form_page("volunteer", "en")
    response = client.post(
        f"/api/v3/forms/{page.pk}/submissions/", b"--x\r\nbroken", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_body"


def test_the_api_door_goes_through_the_one_entry(client, form_page, monkeypatch):
    page = form_page("satisfaction-survey", "en")
    calls = []
    real = intake.submit

    def spy(page, data, files, entry):
        calls.append((page, entry.channel, entry.language, entry.user.is_authenticated))
        return real(page, data, files, entry)

    monkeypatch.setattr(intake, "submit", spy)
    assert post_json(client, page, {"overall": 5, "speed": "٤", "staff": 5}).status_code == 201
    assert calls == [(page.pk, Channel.API, "en", False)]


# --- idempotency ---------------------------------------------------------------------------
def test_a_repeat_with_the_same_key_and_body_answers_the_first_result(client, form_page):
    page = form_page("satisfaction-survey", "en")
    key = str(uuid.uuid4())
    first = post_json(client, page, {"overall": 5, "speed": 4, "staff": 5}, key=key)
    again = post_json(client, page, {"staff": 5, "speed": 4, "overall": 5}, key=key)  # same body, other order
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"] and again.json()["created"] is False
    assert Submission.objects.count() == 1


def test_the_same_key_with_another_body_is_a_clear_422(client, form_page):
    page = form_page("satisfaction-survey", "en")
    key = str(uuid.uuid4())
    assert post_json(client, page, {"overall": 5, "speed": 4, "staff": 5}, key=key).status_code == 201
    response = post_json(client, page, {"overall": 1, "speed": 1, "staff": 1}, key=key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "different submission" in response.json()["detail"]
    assert Submission.objects.get().data["overall"] == 5


def test_a_multipart_repeat_with_other_file_content_is_refused(client, form_page):
    page = form_page("help-request", "en")
    fields = multipart_fields(help_answers(schema_of(client, page)))
    key = str(uuid.uuid4())
    assert post_multipart(client, page, fields, {"documents": pdf()}, key=key).status_code == 201
    assert post_multipart(client, page, fields, {"documents": pdf()}, key=key).status_code == 200
    other = pdf(content=PDF.replace(b"595 842", b"842 595"))  # another real PDF under the same key
    assert post_multipart(client, page, fields, {"documents": other}, key=key).status_code == 422
    assert Submission.objects.count() == 1


def test_an_idempotency_key_must_be_a_uuid(client, form_page):
    page = form_page("satisfaction-survey", "en")
    response = post_json(client, page, {"overall": 5, "speed": 4, "staff": 5}, key="not-a-uuid")
    assert response.status_code == 422 and response.json()["code"] == "bad_idempotency_key"


# --- what the API does not trust ----------------------------------------------------------------
def test_no_session_no_csrf_and_no_staff_credentials(form_page):
    """A staff member's session cookie neither is needed nor counts: no CSRF check, no entered_by."""
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client = Client(enforce_csrf_checks=True)
    sign_in(client, staff)
    page = form_page("satisfaction-survey", "en")
    response = post_json(client, page, {"overall": 5, "speed": 4, "staff": 5})
    assert response.status_code == 201
    submission = Submission.objects.get()
    assert submission.entered_by is None and submission.channel == Channel.API


def test_view_restricted_forms_stay_closed_even_to_signed_in_staff(form_page):
    page = form_page("satisfaction-survey", "en")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    restricted_group = form_page("volunteer", "en")
    restriction = PageViewRestriction.objects.create(page=restricted_group, restriction_type="groups")
    restriction.groups.add(Group.objects.first())
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client = Client()
    sign_in(client, staff)
    for target in (page, restricted_group):
        assert client.get(f"/api/v3/forms/{target.pk}/").status_code == 403
        response = post_json(client, target, {"overall": 5})
        assert response.status_code == 403 and response.json()["code"] == "restricted"
    assert not Submission.objects.exists()


def test_rate_limit_is_a_429_problem(client, form_page, settings):
    from django.core.cache import cache

    from forms import spam

    cache.clear()
    spam._local_counts.clear()
    settings.FORMS_RATE_LIMIT = 1
    page = form_page("satisfaction-survey", "en")
    assert post_json(client, page, {"overall": 5, "speed": 4, "staff": 5}).status_code == 201
    response = post_json(client, page, {"overall": 5, "speed": 4, "staff": 5})
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_the_page_api_form_fields_are_for_display(client, form_page):
    """They carry the editor's rows (labels as choices); the schema carries what to send."""
    page = form_page("help-request", "en")
    detail = client.get(f"/api/v3/pages/{page.pk}/").json()
    assert "form_fields" in detail
    assert "Riyadh" in json.dumps(detail["form_fields"], ensure_ascii=False)
    assert values(schema_of(client, page), "city")[0] == "الرياض"
