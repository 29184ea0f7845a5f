"""Personal survey links: owed on delivery or answer, signed, single use, expiring, tied to request and service."""

import datetime

import pytest
from django.utils import timezone

from scripts.signin import sign_in
from services.factories import ServicePageFactory
from services.models import ServicePage
from tests.support.association import association
from tests.support.db import built_once
from tests.support.followup import ANSWERS, survey_link
from tests.support.inbox import deliver, file_help_request


@pytest.fixture(scope="module")
def _service_pk(django_db_setup, django_db_blocker):
    yield from built_once(
        django_db_blocker, lambda: ServicePageFactory(request_form=association().forms["help-request"]).pk
    )


@pytest.fixture
def service(db, _service_pk):
    """A service of the catalogue applied for through the help request form (made once for the module)."""
    return ServicePage.objects.get(pk=_service_pk)


@pytest.fixture
def delivered(client, site_pages, staff, service, django_capture_on_commit_callbacks):
    case = file_help_request(client, service=str(service.pk))
    with django_capture_on_commit_callbacks(execute=True):
        deliver(case, staff)
    case.refresh_from_db()
    return case


def answer(client, path, **changes):
    import uuid

    return client.post(path, {**ANSWERS, "submission_token": str(uuid.uuid4()), **changes})


def test_delivering_a_help_request_owes_one_signed_survey_link(delivered, service):
    from followup.models import SurveyInvitation
    from forms.models import Notification

    invitation = SurveyInvitation.objects.get(case=delivered)
    assert invitation.service_id == service.pk == delivered.submission.service_id
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=30)
    sms = Notification.objects.get(submission=delivered.submission, event="survey_invitation", channel="applicant_sms")
    assert survey_link(delivered) in sms.body
    from followup.receivers import invite

    assert invite(delivered) == invitation  # never a second link for one request
    assert Notification.objects.filter(submission=delivered.submission, event="survey_invitation").count() == 2


def test_an_answer_through_the_link_records_the_request_and_the_service(client, delivered, service):
    from followup.models import SurveyInvitation

    path = survey_link(delivered)
    page = client.get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert delivered.submission.reference in body and 'name="overall"' in body
    assert 'name="request_reference"' not in body  # filled from the link
    response = answer(client, path, service="999999", request_reference="HR-2026-000777")  # tampering is ignored
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    assert client.get(response["Location"]).status_code == 200
    invitation = SurveyInvitation.objects.select_related("response").get(case=delivered)
    assert invitation.used_at is not None
    answer_row = invitation.response
    assert answer_row.kind == "survey" and answer_row.service_id == service.pk
    assert answer_row.data["request_reference"] == delivered.submission.reference
    assert answer_row.data["overall"] == 5 or answer_row.data["overall"] == "5"
    assert answer_row.case.status == "recorded"


def test_the_link_is_single_use_and_says_so_politely(client, delivered):
    path = survey_link(delivered)
    assert answer(client, path).status_code == 302
    for again in (client.get(path), answer(client, path)):
        assert again.status_code == 410
        body = again.content.decode()
        assert 'data-followup="survey-used"' in body
        assert 'href="/ar/satisfaction-survey/"' in body  # the anonymous survey is offered
    from forms.models import Submission

    assert Submission.objects.filter(kind="survey").count() == 1


def test_a_double_click_on_send_is_answered_with_the_first_answer(client, delivered):
    import uuid

    path = survey_link(delivered)
    token = str(uuid.uuid4())
    first = answer(client, path, submission_token=token)
    second = answer(client, path, submission_token=token)
    assert first.status_code == second.status_code == 302


def test_an_invalid_answer_leaves_the_link_unused(client, delivered):
    from followup.models import SurveyInvitation

    path = survey_link(delivered)
    response = answer(client, path, overall="9")
    assert response.status_code == 400
    assert SurveyInvitation.objects.get(case=delivered).used_at is None
    assert answer(client, path).status_code == 302


def test_an_expired_link_says_so_and_offers_the_anonymous_survey(client, delivered):
    from followup.models import SurveyInvitation

    path = survey_link(delivered)
    SurveyInvitation.objects.filter(case=delivered).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    for response in (client.get(path), answer(client, path)):
        assert response.status_code == 410
        assert 'data-followup="survey-expired"' in response.content.decode()
    assert SurveyInvitation.objects.get(case=delivered).response is None


def test_a_link_is_signed_for_its_request_and_service(client, delivered, service):
    from followup import tokens
    from followup.models import SurveyInvitation

    invitation = SurveyInvitation.objects.get(case=delivered)
    good = tokens.survey_token(invitation)
    number, signature = good.split("-")
    for token in [f"{number}-{'a' * 32}", f"{int(number) + 1}-{signature}", "1-2"]:
        assert client.get(f"/ar/track-request/survey/{token}/").status_code == 404
    # A link moved to another service (or another request) no longer matches its signature.
    SurveyInvitation.objects.filter(pk=invitation.pk).update(service=None)
    assert client.get(f"/ar/track-request/survey/{good}/").status_code == 404


def test_a_complaint_answered_owes_a_link_and_other_moves_do_not(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    import uuid

    from followup.models import SurveyInvitation
    from forms.models import Submission
    from inbox import services

    def complaint(anonymous):
        data = {"full_name": "" if anonymous else "ناصر", "mobile": "0505550123", "details": "تأخير",
                "complaint_type": "complaint", "privacy_consent": "on", "website": "",
                "submission_token": str(uuid.uuid4())}  # fmt: skip
        if anonymous:
            data["anonymous"] = "on"
        assert client.post("/ar/complaints/", data).status_code == 302
        return Submission.objects.order_by("-pk").first().case

    named, anonymous = complaint(False), complaint(True)
    with django_capture_on_commit_callbacks(execute=True):
        for case in (named, anonymous):
            services.make_move(case.pk, "in_progress", user=staff["relations"])
            services.make_move(case.pk, "answered", user=staff["relations"], reason="نعتذر، وعالجنا الأمر")
    assert SurveyInvitation.objects.filter(case=named).exists()
    assert not SurveyInvitation.objects.filter(case=anonymous).exists()  # nobody to send it to
    # A volunteer accepted, or a help request only accepted, owes none.
    volunteer_case = file_help_request(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.make_move(volunteer_case.pk, "verification", user=staff["relations"])
        services.make_move(volunteer_case.pk, "committee", user=staff["relations"])
        services.make_move(volunteer_case.pk, "accepted", user=staff["committee"])
    assert not SurveyInvitation.objects.filter(case=volunteer_case).exists()


def test_the_public_survey_still_works_without_a_link(client, site_pages):
    from tests.support.inbox import file_survey

    case = file_survey(client)
    assert case.submission.kind == "survey" and not hasattr(case.submission, "survey_invitation_cache")


def test_the_request_page_in_the_inbox_shows_the_survey_and_its_answer(client, delivered, staff):
    path = survey_link(delivered)
    sign_in(client, staff["relations"])
    detail = f"/admin/inbox/{delivered.pk}/"
    body = client.get(detail).content.decode()
    assert 'data-followup="case-survey"' in body and 'data-answered="no"' in body
    client.logout()
    answer(client, path)
    sign_in(client, staff["relations"])
    body = client.get(detail).content.decode()
    assert "شكرًا لكم" in body  # the answer's comment
    from followup.models import SurveyInvitation

    assert SurveyInvitation.objects.get(case=delivered).response.reference in body
