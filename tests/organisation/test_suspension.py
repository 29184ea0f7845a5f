"""A suspended association (organisation/suspension.py): every public page of its host shows a notice in
both languages, its forms take nothing, its staff only read in the admin; the operator's resume undoes it."""

import uuid

import pytest
from django.test import Client
from django.utils import translation

from forms.models import FormPage, Submission
from home.factories import SiteFactory
from organisation import associations, suspension
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
SECOND = "second.localhost"
NOTICE_AR = "موقع هذه الجمعية موقوف"
NOTICE_EN = "website is suspended for now"


@pytest.fixture
def second():
    site = SiteFactory(hostname=SECOND)
    associations.create_staff_groups(site)
    return site


def survey_answers():
    return {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4())}


def test_every_page_of_a_suspended_association_shows_the_notice_in_both_languages(client, site_pages, second):
    assert NOTICE_AR not in client.get("/ar/", HTTP_HOST=SECOND).content.decode()  # kept before: still right after
    suspension.suspend(second)
    assert NOTICE_AR in client.get("/ar/", HTTP_HOST=SECOND).content.decode()
    assert NOTICE_EN in client.get("/en/", HTTP_HOST=SECOND).content.decode()
    assert NOTICE_AR in client.get("/ar/search/?q=x", HTTP_HOST=SECOND).content.decode()
    assert NOTICE_AR not in client.get("/ar/").content.decode()  # the other association is open
    suspension.resume(second)
    assert NOTICE_AR not in client.get("/ar/", HTTP_HOST=SECOND).content.decode()


def test_a_suspended_association_s_forms_refuse_with_a_clear_message(client, site_pages):
    page = FormPage.objects.get(slug="satisfaction-survey", locale__language_code="ar")
    suspension.suspend(site_pages["site"])
    before = Submission.objects.count()
    response = client.post(page.send_url, survey_answers())
    assert response.status_code == 403 and Submission.objects.count() == before
    with translation.override("ar"):
        assert suspension.form_refusal_message() in response.content.decode()
    suspension.resume(site_pages["site"])
    assert client.post(page.send_url, survey_answers()).status_code == 302
    assert Submission.objects.count() == before + 1


def test_the_forms_api_refuses_too(client, site_pages):
    page = FormPage.objects.get(slug="satisfaction-survey", locale__language_code="ar")
    suspension.suspend(site_pages["site"])
    answers = {key: value for key, value in survey_answers().items() if key != "submission_token"}
    response = client.post(
        f"/api/v3/forms/{page.pk}/submissions/", answers, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )  # fmt: skip
    assert response.status_code == 403, response.content


REFUSAL = "operator resumes it"


def refused(response) -> bool:
    return response.status_code == 403 and REFUSAL in response.content.decode()


def staff_client(second, role="editor"):
    client = Client(HTTP_HOST=SECOND, raise_request_exception=False)
    sign_in(client, UserFactory(role=role, association=second))
    return client


def test_staff_of_a_suspended_association_only_read_in_the_admin(second):
    client = staff_client(second)
    edit = f"/admin/pages/{second.root_page_id}/edit/"
    lock = f"/admin/pages/{second.root_page_id}/lock/"
    suspension.suspend(second)
    assert client.get("/admin/").status_code == 200
    assert client.get(edit).status_code == 200
    for url in (edit, lock):
        response = client.post(url, {"title": "x"})
        assert response.status_code == 403 and "موقوفة" in response.content.decode()  # the admin's Arabic
    suspension.resume(second)
    assert not refused(client.post(lock))


def test_signing_out_and_the_operator_are_not_held_to_reading(second, site_pages):
    suspension.suspend(second)
    client = staff_client(second)
    assert client.post("/admin/logout/").status_code == 302
    operator = Client(HTTP_HOST=SECOND, raise_request_exception=False)
    sign_in(operator, UserFactory(role="superuser"))
    assert not refused(operator.post(f"/admin/pages/{second.root_page_id}/lock/"))
