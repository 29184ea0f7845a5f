"""Following a request through the API: the same lookup, the personal token, the survey link, one OpenAPI."""

import json
import re

from tests.support.followup import MOBILE
from tests.support.inbox import deliver

LOOKUP = "/api/v3/followup/lookup/?locale=ar"


def lookup(client, reference, mobile, **extra):
    return client.post(LOOKUP, json.dumps({"reference": reference, "mobile": mobile}),
                       content_type="application/json", **extra)  # fmt: skip


def test_the_operations_are_in_the_one_openapi_document(client, site_pages):
    document = client.get("/api/v3/openapi.json").json()
    paths = document["paths"]
    assert "/api/v3/followup/lookup/" in paths
    assert "/api/v3/followup/status/{token}/" in paths
    assert "/api/v3/followup/surveys/{token}/" in paths
    assert any(path.startswith("/api/v3/forms/") for path in paths)


def test_lookup_by_reference_and_mobile_in_any_digit_set(client, help_case):
    response = lookup(client, help_case.submission.reference, "٠٥٠٥٥٥٠١٢٣")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == help_case.submission.reference and body["stage"] == "received"
    assert body["expected_answer"]["hijri"] and body["expected_answer"]["gregorian"] == str(help_case.due_date)
    text = json.dumps(body, ensure_ascii=False)
    for secret in ("سارة", "1000000008", "sara@example.org", "+966505550123", 'received"'):
        assert secret not in text.replace('"stage": "received"', "")
    assert "no-store" in response["Cache-Control"]


def test_wrong_pairs_and_unknown_references_answer_alike(client, help_case):
    wrong = lookup(client, help_case.submission.reference, "0555555555")
    unknown = lookup(client, "HR-2026-999999", MOBILE)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert wrong["Content-Type"] == unknown["Content-Type"] == "application/problem+json"


def test_the_api_counts_against_the_same_limits(client, help_case, settings):
    settings.FOLLOWUP_LOOKUPS_PER_ADDRESS = 2
    assert lookup(client, "HR-2026-999999", MOBILE).status_code == 404
    assert client.post("/ar/track-request/", {"reference": "HR-2026-999998", "mobile": MOBILE}).status_code == 200
    limited = lookup(client, help_case.submission.reference, MOBILE)
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"


def test_typing_mistakes_are_a_422(client, site_pages):
    response = lookup(client, "nonsense", "12")
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"reference", "mobile"}


def test_status_by_the_personal_token(client, help_case):
    from followup import tokens

    token = tokens.status_token(help_case)
    response = client.get(f"/api/v3/followup/status/{token}/?locale=en")
    assert response.status_code == 200 and response.json()["stage"] == "received"
    assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")  # never a shared cache
    case_id, signature = token.split("-")
    assert client.get(f"/api/v3/followup/status/{case_id}-{'0' * 32}/").status_code == 404


def test_a_survey_answer_through_the_link_goes_through_the_one_way_in(
    client, help_case, staff, django_capture_on_commit_callbacks
):
    from followup import tokens
    from followup.models import SurveyInvitation

    with django_capture_on_commit_callbacks(execute=True):
        deliver(help_case, staff)
    invitation = SurveyInvitation.objects.get(case=help_case)
    url = f"/api/v3/followup/surveys/{tokens.survey_token(invitation)}/?locale=ar"
    bad = client.post(url, json.dumps({"overall": 7, "speed": 3, "staff": 3}), content_type="application/json")
    assert bad.status_code == 422 and "overall" in bad.json()["fields"]
    answers = {"overall": 4, "speed": 3, "staff": "٥", "comments": "جيد"}
    response = client.post(url, json.dumps(answers), content_type="application/json")
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert re.match(r"^SV-\d{4}-\d{6}$", reference)
    invitation.refresh_from_db()
    assert invitation.response.reference == reference and invitation.response.channel == "api"
    assert invitation.response.data["request_reference"] == help_case.submission.reference
    again = client.post(url, json.dumps(answers), content_type="application/json")
    assert again.status_code == 410 and again.json()["code"] == "used"
