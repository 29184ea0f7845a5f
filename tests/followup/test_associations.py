"""Following a request by host: a reference of one association is unknown at another's tracking page, and
a personal link opened at another association's host finds nothing."""

import json

import pytest
from django.test import Client

from followup import status, tokens
from forms.models import Submission
from tests.support.followup import MOBILE, status_path
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(site_pages, second_association):
    return second_association


@pytest.fixture
def theirs(second):
    """A request sent to the second association."""
    response = Client(HTTP_HOST=second.host).post("/ar/help-request/", help_request_data())
    assert response.status_code == 302
    return Submission.objects.get().case


def lookup_page(client, reference):
    return client.post("/ar/track-request/", {"reference": reference, "mobile": MOBILE}).content.decode()


def api_lookup(client, reference):
    body = json.dumps({"reference": reference, "mobile": MOBILE})
    return client.post("/api/v3/followup/lookup/?locale=ar", body, content_type="application/json")


def test_a_reference_with_an_association_s_code_is_read_in_every_spelling():
    assert status.normalise_reference("s2-hr-2026-42") == "S2-HR-2026-000042"
    assert status.normalise_reference("ABCDEF HR ٢٠٢٦ ٤٢") == "ABCDEF-HR-2026-000042"
    assert status.normalise_reference("HR-2026-000042") == "HR-2026-000042"


def test_a_reference_of_another_association_is_unknown_at_this_tracking_page(theirs, second):
    reference = theirs.submission.reference
    assert 'data-stage="received"' not in lookup_page(Client(), reference)
    assert api_lookup(Client(), reference).status_code == 404
    # At its own association's host it is found, typed in any spelling.
    at_second = Client(HTTP_HOST=second.host)
    assert 'data-stage="received"' in lookup_page(at_second, reference.lower().replace("-", ""))
    assert api_lookup(at_second, reference).status_code == 200


def test_a_personal_link_opened_at_another_association_s_host_finds_nothing(theirs, second):
    path = status_path(theirs)
    assert Client().get(path).status_code == 404
    token = tokens.status_token(theirs)
    assert Client().get(f"/api/v3/followup/status/{token}/").status_code == 404
    assert Client(HTTP_HOST=second.host).get(path).status_code == 200
    assert Client(HTTP_HOST=second.host).get(f"/api/v3/followup/status/{token}/").status_code == 200


def test_the_acknowledgement_links_to_the_request_s_own_association(theirs, second):
    from forms.models import Notification

    email = Notification.objects.get(submission_id=theirs.pk, event="acknowledgement", channel="applicant_email")
    assert f"://{second.host}" in email.body and status_path(theirs) in email.body
