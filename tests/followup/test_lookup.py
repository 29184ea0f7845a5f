"""Looking a request up by reference and mobile: every spelling, wrong pairs alike, rate limits, no leaks."""

import re

import pytest

from tests.support.followup import MOBILE
from tests.support.inbox import file_help_request

URL = "/ar/track-request/"

MOBILE_SPELLINGS = [
    "0505550123", "٠٥٠٥٥٥٠١٢٣", "۰۵۰۵۵۵۰۱۲۳", "505550123", "+966505550123", "00966505550123",
    "٠٠٩٦٦٥٠٥٥٥٠١٢٣", "+٩٦٦ ٥٠ ٥٥٥ ٠١٢٣", "050-555-0123", "(050) 555 0123",
]  # fmt: skip


def post(client, reference, mobile, **extra):
    return client.post(URL, {"reference": reference, "mobile": mobile}, **extra)


def without_tokens(html: str) -> str:
    """The page as the applicant reads it: per-visitor CSRF tokens aside."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_page_is_in_the_tree_and_the_home_page_points_at_it(client, lookup_page):
    assert lookup_page.live and lookup_page.title == "تتبع طلبك"
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert client.get("/en/track-request/").status_code == 200
    home = client.get("/ar/").content.decode()
    assert 'href="/ar/track-request/"' in home


@pytest.mark.parametrize("mobile", MOBILE_SPELLINGS)
def test_every_digit_set_and_spelling_of_the_mobile_finds_the_request(client, help_case, mobile):
    response = post(client, help_case.submission.reference, mobile)
    assert response.status_code == 200
    assert 'data-stage="received"' in response.content.decode()


def test_every_digit_set_and_spelling_of_the_reference(client, help_case, settings):
    settings.FOLLOWUP_LOOKUPS_PER_REFERENCE = 100
    reference = help_case.submission.reference  # HR-2026-000001
    prefix, year, number = reference.split("-")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    for spelling in [reference, reference.lower(), f"{prefix}{year}{number}", f"{prefix}-{year}-{int(number)}",
                     reference.translate(arabic), reference.translate(persian), f" {reference} "]:  # fmt: skip
        response = post(client, spelling, MOBILE)
        assert 'data-stage="received"' in response.content.decode(), spelling


def test_a_wrong_pair_answers_exactly_like_an_unknown_reference(client, help_case):
    from forms.models import Submission

    reference = help_case.submission.reference
    unknown = "HR-2026-999999"
    assert not Submission.objects.filter(reference=unknown).exists()
    wrong_mobile = post(client, reference, "0555555555")
    unknown_reference = post(client, unknown, MOBILE)
    assert wrong_mobile.status_code == unknown_reference.status_code == 200
    wrong_text = without_tokens(wrong_mobile.content.decode()).replace(reference, "REF")
    unknown_text = without_tokens(unknown_reference.content.decode()).replace(unknown, "REF")
    assert wrong_text == unknown_text
    assert 'data-followup="not-found"' in wrong_text
    assert sorted(wrong_mobile.headers) == sorted(unknown_reference.headers)


def test_both_cases_make_the_same_queries(client, help_case, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followup import status

    def shapes(reference, mobile):
        with CaptureQueriesContext(connection) as captured:
            assert status.find(reference, mobile, "192.0.2.1").case is None
        return [re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"]) for query in captured.captured_queries]

    assert shapes(help_case.submission.reference, "0555555555") == shapes("HR-2026-999999", MOBILE)


def test_typing_mistakes_are_explained(client, help_case):
    body = post(client, "not a reference", "123").content.decode()
    assert 'id="id_reference_error"' in body and 'id="id_mobile_error"' in body
    assert 'data-followup="not-found"' not in body


def test_nothing_but_the_plain_status_is_shown(client, site_pages, staff):
    from inbox import services
    from inbox.lifecycle import Status

    # A city the page names nowhere else (the association's own address is in Riyadh).
    help_case = file_help_request(client, city="الخرج")
    services.add_note(help_case.pk, "ملاحظة داخلية سرية", user=staff["relations"])
    services.assign(help_case.pk, staff["relations"], user=staff["relations"])
    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(help_case.pk, Status.WAITING, user=staff["relations"], reason="صورة صك الإعالة")
    body = post(client, help_case.submission.reference, MOBILE).content.decode()
    submission = help_case.submission
    assert 'data-stage="waiting_for_you"' in body
    for secret in [
        submission.applicant_name, "سارة", submission.applicant_national_id, "1000000008", "sara@example.org",
        "ملاحظة داخلية سرية", "صورة صك الإعالة", "relations", "سداد إيجار", "id-copy.pdf", "scan.png",
        str(Status.WAITING.label), "الخرج",
    ]:  # fmt: skip
        assert secret not in body, secret
    # What to do next, with the branches' hours.
    assert 'data-followup="next"' in body
    assert "followup-branches" in body


def test_an_anonymous_complaint_has_no_lookup_and_its_thank_you_page_says_so(client, site_pages):
    import uuid

    from forms.models import Submission

    response = client.post("/ar/complaints/", {
        "full_name": "", "mobile": "0505550123", "details": "تأخر الرد", "complaint_type": "complaint",
        "anonymous": "on", "privacy_consent": "on", "website": "", "submission_token": str(uuid.uuid4()),
    }, follow=True)  # fmt: skip
    assert response.status_code == 200
    assert 'data-followup="no-lookup"' in response.content.decode()
    submission = Submission.objects.order_by("-pk").first()
    assert submission.anonymous
    body = post(client, submission.reference, "0505550123").content.decode()
    assert 'data-followup="not-found"' in body


def test_a_survey_answer_has_no_lookup(client, site_pages):
    from tests.support.inbox import file_survey

    case = file_survey(client)
    assert 'data-followup="not-found"' in post(client, case.submission.reference, MOBILE).content.decode()


# --- rate limits ------------------------------------------------------------------------------
def test_lookups_are_limited_per_address_counting_unknown_references_alike(client, help_case, settings):
    settings.FOLLOWUP_LOOKUPS_PER_ADDRESS = 3
    settings.FOLLOWUP_LOOKUPS_PER_REFERENCE = 100
    for number in range(3):
        assert post(client, f"HR-2026-99999{number}", MOBILE).status_code == 200  # unknown references count
    refused = post(client, help_case.submission.reference, MOBILE)  # even the right pair, now
    assert refused.status_code == 429
    body = refused.content.decode()
    assert 'data-followup="limited"' in body and "data-stage" not in body
    # Another address is not held back.
    assert post(client, help_case.submission.reference, MOBILE, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_lookups_are_limited_per_reference_from_every_address(client, help_case, settings):
    settings.FOLLOWUP_LOOKUPS_PER_ADDRESS = 100
    settings.FOLLOWUP_LOOKUPS_PER_REFERENCE = 2
    known, unknown = help_case.submission.reference, "HR-2026-999999"
    for reference in (known, unknown):
        for address in ("198.51.100.1", "198.51.100.2"):
            assert post(client, reference, "0555555555", REMOTE_ADDR=address).status_code == 200
        # The third try, from a third address and another spelling: known or not, the same refusal.
        third = post(client, reference.lower().replace("-", ""), MOBILE, REMOTE_ADDR="198.51.100.3")
        assert third.status_code == 429, reference
        assert 'data-followup="limited"' in third.content.decode()


def test_the_limit_is_shared_through_redis_and_counted_per_process_when_redis_is_down(client, help_case, settings):
    import uuid

    from tests.support.redis_server import redis_server_or_skip

    redis_server_or_skip()
    settings.FOLLOWUP_LOOKUPS_PER_ADDRESS = 2
    settings.FOLLOWUP_LOOKUPS_PER_REFERENCE = 100
    from core.cache import redis_cache, reset_breaker

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/12", key_prefix=f"t-{uuid.uuid4().hex}")}
    reset_breaker()
    from django.core.cache import cache

    for _attempt in range(2):
        assert post(client, "HR-2026-999999", MOBILE).status_code == 200
    assert cache.get("followup:lookup:ip:127.0.0.1") == 2  # counted where every worker sees it
    assert post(client, "HR-2026-999999", MOBILE).status_code == 429

    # A cache server that does not answer: each process still counts.
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/12")}
    reset_breaker()
    for _attempt in range(2):
        assert post(client, "HR-2026-999999", MOBILE, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert post(client, "HR-2026-999999", MOBILE, REMOTE_ADDR="203.0.113.9").status_code == 429
    reset_breaker()
