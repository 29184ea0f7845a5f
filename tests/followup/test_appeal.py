"""Asking for reconsideration from the personal link: offered on a rejected request with the period's last
day in both calendars, the form sent, refused with a translated error (nothing saved) for a wrong or revoked
link, another request's reference, after the period, or a request that is not rejected."""

import datetime

import pytest
from django.utils import timezone

from core.calendars import hijri_display
from inbox import services
from inbox.lifecycle import Status
from inbox.models import Appeal, Case
from tests.support.followup import status_path
from tests.support.forms import pdf, private_files
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(help_case, staff):
    services.make_move(help_case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(help_case.pk, Status.COMMITTEE, user=staff["relations"])
    case, _event = services.make_move(help_case.pk, Status.REJECTED, user=staff["committee"], reason="الدخل")
    return case


def test_the_page_offers_reconsideration_with_the_last_day_in_both_calendars(client, rejected):
    page = client.get(status_path(rejected)).content.decode()
    assert 'data-followup="appeal"' in page and "link/" in page and "/appeal/" in page
    last_day = timezone.localdate(rejected.status_changed_at + datetime.timedelta(days=30))
    assert hijri_display(last_day, "ar") in page
    english = client.get(status_path(rejected, "en")).content.decode()
    assert "Ask for reconsideration" in english and hijri_display(last_day, "en") in english


def test_the_applicant_sends_an_appeal_and_the_page_says_so(client, rejected):
    response = client.post(status_path(rejected) + "appeal/", {
        "reason": "توفي العائل بعد تقديم الطلب", "documents": [pdf("certificate.pdf")], "version": rejected.version,
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("?done=appeal")
    appeal = Appeal.objects.get(case=rejected)
    assert appeal.reason == "توفي العائل بعد تقديم الطلب" and appeal.files.count() == 1
    assert Case.objects.get(pk=rejected.pk).status == Status.COMMITTEE
    page = client.get(status_path(rejected) + "?done=appeal").content.decode()
    assert 'data-followup="appeal-sent"' in page and 'data-followup="appeal-waiting"' in page
    assert 'data-followup="appeal"' not in page  # no second form


def test_a_request_rejected_on_appeal_says_it_cannot_appeal_again(client, rejected, staff):
    client.post(status_path(rejected) + "appeal/", {"reason": "سبب", "version": rejected.version})
    services.make_move(rejected.pk, Status.REJECTED, user=staff["committee"], reason="القرار باقٍ")
    case = Case.objects.get(pk=rejected.pk)
    page = client.get(status_path(case)).content.decode()
    assert 'data-followup="appeal-closed"' in page and "مرة واحدة" in page
    assert "/appeal/" not in page
    response = client.post(status_path(case) + "appeal/", {"reason": "مرة أخرى", "version": case.version})
    assert response.status_code == 400 and 'data-followup="appeal-error"' in response.content.decode()
    assert Appeal.objects.count() == 1


def refused_and_nothing_saved(client, path, case, data, expected_status, files_before):
    response = client.post(path, data)
    assert response.status_code == expected_status
    assert not Appeal.objects.exists()
    assert Case.objects.get(pk=case.pk).status == case.status
    assert private_files() == files_before
    return response.content.decode()


def test_bad_links_and_bad_requests_are_refused_and_nothing_saved(client, rejected, site_pages):
    from followup import tokens

    other = file_help_request(client)
    files = private_files()
    data = {"reason": "سبب", "documents": [pdf()], "version": rejected.version}
    good = tokens.status_token(rejected)
    case_id, signature = good.split("-")
    # A forged link, and another request's reference under this signature: the same "not valid" page.
    for token in [f"{case_id}-{'0' * 32}", f"{other.pk}-{signature}"]:
        page = refused_and_nothing_saved(
            client, f"/ar/track-request/link/{token}/appeal/", rejected, dict(data, documents=[pdf()]), 404, files
        )
        assert 'data-followup="link-invalid"' in page
    # A revoked link.
    path = status_path(rejected)
    services.revoke_personal_links(rejected.pk, why="sent")
    refused_and_nothing_saved(client, path + "appeal/", rejected, dict(data, documents=[pdf()]), 404, files)
    rejected = Case.objects.select_related("submission").get(pk=rejected.pk)
    # No reason: a translated error.
    page = refused_and_nothing_saved(
        client, status_path(rejected) + "appeal/", rejected, {"reason": " ", "documents": [pdf()],
                                                              "version": rejected.version}, 400, files,
    )  # fmt: skip
    assert 'data-followup="appeal-error"' in page and "إعادة النظر" in page
    # After the period.
    Case.objects.filter(pk=rejected.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=31))
    page = client.get(status_path(rejected)).content.decode()
    assert 'data-followup="appeal-closed"' in page and "/appeal/" not in page
    page = refused_and_nothing_saved(
        client, status_path(rejected) + "appeal/", rejected, dict(data, documents=[pdf()]), 400, files
    )
    assert "انتهت" in page
    # Not rejected: nothing offered, nothing accepted.
    assert 'data-followup="appeal"' not in client.get(status_path(other)).content.decode()
    refused_and_nothing_saved(
        client, status_path(other) + "appeal/", other, {"reason": "سبب", "version": other.version}, 400, files
    )
    # A GET only goes back to the page.
    assert client.get(status_path(other) + "appeal/").status_code == 302
