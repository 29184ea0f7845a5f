"""The submission pipeline: validate, store privately, one transaction, after-commit tasks, PRG."""

import re
import uuid

import pytest
from django.core import mail
from django.core.files.storage import storages
from wagtail.models import Page

from forms.models import Attachment, Notification, Submission
from forms.sms import MemoryBackend
from tests.support.forms import help_request_data, pdf, private_files

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _clear_outboxes():
    MemoryBackend.outbox.clear()


def post(client, path, data, **extra):
    return client.post(path, data, **extra)


def test_help_request_in_arabic_lands_with_a_reference(client, site_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/ar/help-request/", help_request_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert re.fullmatch(r"HR-20\d\d-000001", submission.reference)
    assert submission.kind == "help_request" and submission.language == "ar"
    assert submission.data["national_id"] == "1000000008"
    assert submission.data["mobile"] == "+966505550123"
    assert submission.data["family_size"] == "5" and submission.data["monthly_income"] == "3000"
    assert submission.data["birth_date"]["entered_in"] == "hijri"
    assert submission.data["city"] == "الرياض"
    assert submission.applicant_mobile == "+966505550123"
    assert submission.declaration_accepted and submission.privacy_consent_at
    assert (submission.reply_due - submission.submitted_at.date()).days in (14, 15)
    # Attachments are in the private storage, under random names.
    attachments = list(Attachment.objects.filter(submission=submission))
    assert sorted(a.original_name for a in attachments) == ["id-copy.pdf", "scan.png"]
    for attachment in attachments:
        assert storages["private"].exists(attachment.file.name)
        assert "id-copy" not in attachment.file.name and "scan" not in attachment.file.name
    # After commit: staff email, applicant email, applicant SMS.
    assert {n.channel: n.status for n in Notification.objects.all()} == {
        "staff_email": "sent", "applicant_email": "sent", "applicant_sms": "sent",
    }  # fmt: skip
    assert any(submission.reference in message.subject for message in mail.outbox)
    assert MemoryBackend.outbox[0][0] == "+966505550123"
    # POST/redirect/GET to a thank-you page with its own URL.
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert thanks.status_code == 200
    assert submission.reference in html
    assert "هـ" in html  # the Hijri answer date
    assert "no-store" in thanks["Cache-Control"]


def test_english_and_arabic_submissions_land_in_the_same_place(client, site_pages):
    client.post("/ar/help-request/", help_request_data())
    english = help_request_data(city="الخرج", marital_status="متزوج")  # values stay Arabic
    response = client.post("/en/help-request/", english)
    assert response.status_code == 302, response.content.decode()[:3000]
    arabic_page = Page.objects.get(locale__language_code="ar", slug="help-request")
    rows = Submission.objects.order_by("submitted_at")
    assert [row.form_page_id for row in rows] == [arabic_page.pk, arabic_page.pk]
    assert {row.form_key for row in rows} == {arabic_page.translation_key}
    # Choices are stored as the source (Arabic) value whatever the page's language.
    assert rows[1].data["city"] == "الخرج" and rows[1].data["marital_status"] == "متزوج"
    assert rows[1].language == "en"


def test_english_page_shows_english_choices_with_arabic_values(client, site_pages):
    html = client.get("/en/help-request/").content.decode()
    assert '<option value="الخرج">Al-Kharj</option>' in html


def test_the_same_token_twice_creates_one_submission(client, site_pages):
    data = help_request_data()
    first = client.post("/ar/help-request/", data)
    second = client.post("/ar/help-request/", {**help_request_data(), "submission_token": data["submission_token"]})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1
    assert Attachment.objects.count() == 2  # the repeat's files were not stored


def test_errors_keep_typed_answers_and_change_nothing(client, site_pages):
    before = private_files()
    response = client.post("/ar/help-request/", help_request_data(national_id="1234567890", declaration=None))
    html = response.content.decode()
    assert response.status_code == 400
    assert "سارة محمد عبدالله العتيبي" in html  # typed answers are kept
    assert "رقم الهوية غير صحيح" in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert Submission.objects.count() == 0 and private_files() == before


def test_reference_numbers_follow_each_other_per_kind(client, site_pages):
    for _ in range(3):
        client.post("/ar/help-request/", help_request_data())
    references = sorted(Submission.objects.values_list("reference", flat=True))
    assert [r[-6:] for r in references] == ["000001", "000002", "000003"]


def test_carried_service_is_recorded(client, site_pages):
    # Any live page of a type named ServicePage is a service; the catalogue adds the real one.
    response = client.get("/ar/help-request/?service=999999")
    assert response.status_code == 200
    assert 'name="service"' in response.content.decode()


def test_thank_you_url_cannot_be_guessed(client, site_pages):
    client.post("/ar/help-request/", help_request_data())
    reference = Submission.objects.get().reference
    assert client.get(f"/ar/help-request/thanks/{reference}/").status_code == 404


def test_form_pages_are_never_cached(client, site_pages):
    response = client.get("/ar/help-request/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert 'name="submission_token"' in response.content.decode()


def test_complaint_can_be_anonymous(client, site_pages):
    data = {
        "complaint_type": "suggestion", "anonymous": "on", "details": "اقتراح بتمديد ساعات العمل",
        "privacy_consent": "on", "submission_token": str(uuid.uuid4()), "website": "",
    }  # fmt: skip
    response = client.post("/ar/complaints/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.reference.startswith("CS-") and submission.anonymous
    assert submission.complaint_type == "suggestion"
    assert "full_name" not in submission.data and submission.applicant_mobile == ""


def test_complaint_page_says_anonymous_cannot_be_answered(client, site_pages):
    html = client.get("/ar/complaints/").content.decode()
    assert "لا يمكن الرد" in html


def test_named_complaint_requires_name_and_mobile(client, site_pages):
    data = {"complaint_type": "complaint", "details": "تأخر الرد", "privacy_consent": "on",
            "submission_token": str(uuid.uuid4())}  # fmt: skip
    response = client.post("/ar/complaints/", data)
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_survey_needs_no_privacy_consent_and_takes_ratings(client, site_pages):
    data = {"overall": "٥", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4())}
    response = client.post("/ar/satisfaction-survey/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.reference.startswith("SV-") and submission.data["overall"] == 5


def test_volunteer_application(client, site_pages):
    data = {
        "full_name": "Ahmed Ali", "national_id": "2000000006", "mobile": "+966 50 555 0123",
        "interests": ["إداري", "تقني"], "availability": "مساءً", "cv": pdf("cv.pdf"),
        "privacy_consent": "on", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post("/ar/volunteer/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Submission.objects.get().reference.startswith("VO-")


def test_honeypot_refuses_robots(client, site_pages):
    response = client.post("/ar/help-request/", help_request_data(website="http://spam.example"))
    assert response.status_code == 400 and Submission.objects.count() == 0


def test_rate_limit_says_try_again_later(client, site_pages, settings):
    settings.FORMS_RATE_LIMIT = 2
    from django.core.cache import cache

    cache.clear()
    for _ in range(2):
        client.post("/ar/satisfaction-survey/", {"overall": "5", "speed": "5", "staff": "5",
                                                 "submission_token": str(uuid.uuid4())})  # fmt: skip
    response = client.post("/ar/satisfaction-survey/", {"overall": "5", "speed": "5", "staff": "5",
                                                        "submission_token": str(uuid.uuid4())})  # fmt: skip
    assert response.status_code == 429
    assert "المحاولة مرة أخرى بعد دقائق" in response.content.decode()
    assert Submission.objects.count() == 2
    cache.clear()


def test_number_fields_are_text_inputs_that_take_arabic_indic_digits(client, site_pages):
    html = client.get("/ar/help-request/").content.decode()
    field = re.search(r'<input[^>]*name="family_size"[^>]*>', html).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_optional_date_may_be_left_empty_with_a_calendar_chosen(client, site_pages):
    response = client.post("/ar/help-request/", help_request_data(birth_date_0="gregorian", birth_date_1=""))
    assert response.status_code == 302
    assert Submission.objects.get().data["birth_date"] is None


@pytest.mark.parametrize(
    ("calendar", "typed", "gregorian"),
    [
        ("hijri", "25/06/1446", "2024-12-26"),
        ("gregorian", "٢٦/١٢/٢٠٢٤", "2024-12-26"),
        ("hijri", "1446-06-25", "2024-12-26"),
    ],
)
def test_dates_in_either_calendar(client, site_pages, calendar, typed, gregorian):
    response = client.post("/ar/help-request/", help_request_data(birth_date_0=calendar, birth_date_1=typed))
    assert response.status_code == 302
    assert Submission.objects.get().data["birth_date"]["gregorian"] == gregorian


def test_impossible_hijri_date_is_refused(client, site_pages):
    response = client.post("/ar/help-request/", help_request_data(birth_date_0="hijri", birth_date_1="31/13/1446"))
    assert response.status_code == 400
    assert "هذا التاريخ غير موجود" in response.content.decode()


def test_the_service_carried_from_the_catalogue_is_recorded(client, site_pages, services):
    arabic, english = services.available, services.available.english
    html = client.get(f"/en/help-request/?service={english.pk}").content.decode()
    assert "This request is for the service" in html and english.title in html
    response = client.post("/en/help-request/", help_request_data(service=str(english.pk)))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.service_id == arabic.pk  # filed under the Arabic service, like the form
    assert (submission.reply_due - submission.submitted_at.date()).days in (30, 31)  # the service's own period


def test_a_paused_service_cannot_be_applied_for_even_by_a_crafted_link(client, site_pages, services):
    paused = services.paused
    assert not paused.accepts_requests
    before = private_files()
    response = client.post("/ar/help-request/", help_request_data(service=str(paused.pk)))
    assert response.status_code == 400
    assert "لا تستقبل هذه الخدمة طلبات" in response.content.decode()
    assert Submission.objects.count() == 0 and private_files() == before
