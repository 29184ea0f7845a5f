"""forms.factories: form pages with fields of each kind, in both languages, and submissions stored
through the real pipeline with real files."""

import hashlib

import pytest
from django.core.files.storage import storages

from forms.factories import EVERY_KIND, FIELDS, FormPageFactory, InvalidAnswers, SubmissionFactory, national_id
from forms.kinds import REFERENCE_PREFIXES, FieldType, FormKind
from forms.models import FormField, Notification
from forms.saudi import clean_national_id
from home.factories import SiteFactory
from organisation.factories import english

pytestmark = pytest.mark.django_db


def test_every_field_type_is_in_every_kind():
    assert [spec[1] for spec in EVERY_KIND] and {spec[1] for spec in EVERY_KIND} == set(FieldType)
    assert all(clean_national_id(national_id(serial)) for serial in (0, 7, 12345678))


@pytest.mark.parametrize("kind", list(FormKind))
def test_a_form_of_each_kind_has_its_fields(kind):
    page = FormPageFactory(kind=kind)
    page.full_clean()
    fields = list(page.form_fields.order_by("sort_order"))
    assert [field.key for field in fields] == [spec[0] for spec in FIELDS[kind]]
    for field in fields:
        field.full_clean()
        assert field.clean_name == field.key and field.locale_id == page.locale_id
    assert page.collects_personal_data == (kind != FormKind.SURVEY)
    assert page.live and page.get_form_class()  # the applicant's form builds


def test_a_form_with_every_field_type_translated():
    site = SiteFactory(organisation=False)
    page = FormPageFactory(site=site, every_kind=True, english=True)
    translated = page.english
    assert translated.locale == english() and translated.translation_key == page.translation_key
    assert translated.get_parent().pk == site.root_page.english.pk
    pairs = list(zip(page.form_fields.order_by("sort_order"), translated.form_fields.order_by("sort_order"),
                     strict=True))  # fmt: skip
    assert len(pairs) == len(FieldType)
    for source, copy in pairs:
        assert (copy.key, copy.field_type, copy.role) == (source.key, source.field_type, source.role)
        assert copy.translation_key == source.translation_key and copy.locale == english()
        assert "[en]" not in copy.label and copy.label != source.label
    choices = {field.key: field.choices for field in translated.form_fields.all()}
    assert choices["city"] == "Riyadh\nAl-Kharj\nOther" and choices["marital_status"] == "Married\nWidowed\nSingle"


def test_a_submission_goes_through_the_pipeline_with_its_files():
    page = FormPageFactory(every_kind=True)
    submission = SubmissionFactory(form_page=page)
    assert submission.reference.startswith(f"{REFERENCE_PREFIXES[FormKind.GENERAL]}-")
    assert submission.form_page.pk == page.pk and submission.form_key == page.translation_key
    assert submission.language == "ar" and submission.reply_due >= submission.submitted_at.date()
    file_keys = {spec[0] for spec in EVERY_KIND if spec[1] in (FieldType.FILE, FieldType.FILES)}
    assert set(submission.data) == {spec[0] for spec in EVERY_KIND} - file_keys
    assert submission.data["birth_date"]["hijri"] == "1405-03-15" and submission.data["agree"] is True
    assert submission.data["city"] == "الرياض" and submission.data["interests"] == ["إداري"]
    assert submission.applicant_name and submission.applicant_national_id == submission.data["national_id"]
    assert submission.applicant_mobile.startswith("+9665") and submission.applicant_email.endswith("@example.org")
    assert [key for key, _role in submission.personal_fields] == ["full_name", "national_id", "mobile", "email"]
    assert submission.declaration_accepted is False and submission.privacy_consent_at is not None
    attachments = list(submission.attachments.order_by("pk"))
    assert sorted(item.field_key for item in attachments) == ["documents", "documents", "id_copy"]
    private = storages["private"]
    for attachment in attachments:
        with private.open(attachment.file.name) as stored:
            content = stored.read()
        assert len(content) == attachment.size and hashlib.sha256(content).hexdigest() == attachment.sha256
        assert attachment.content_type in ("application/pdf", "image/png")
    assert submission.case.status == "received"
    assert Notification.objects.filter(submission=submission, channel=Notification.Channel.STAFF_EMAIL).exists()


def test_an_english_submission_is_filed_under_the_arabic_form():
    page = FormPageFactory(kind=FormKind.HELP_REQUEST, english=True)
    submission = SubmissionFactory(form_page=page.english)
    assert submission.language == "en" and submission.form_page.pk == page.pk
    assert submission.form_title == page.english.title and submission.declaration_accepted
    assert submission.data["city"] == "الرياض"  # choices are stored in the source language
    assert submission.attachments.count() == 2


def test_answers_and_files_can_be_given():
    page = FormPageFactory(kind=FormKind.COMPLAINT)
    quiet = SubmissionFactory(form_page=page, attach=False, answers={"details": "تأخر الرد"})
    assert quiet.data["details"] == "تأخر الرد" and not quiet.attachments.exists()
    assert quiet.complaint_type == "complaint"
    with pytest.raises(InvalidAnswers) as refused:
        SubmissionFactory(form_page=page, answers={"mobile": "12"})
    assert "mobile" in refused.value.errors


def test_a_submission_of_a_kind_on_a_site():
    site = SiteFactory(organisation=False)
    submission = SubmissionFactory(kind=FormKind.VOLUNTEER, site=site)
    code = site.association.reference_code  # another association than the tests': its references carry its code
    assert submission.kind == FormKind.VOLUNTEER and submission.reference.startswith(f"{code}-VO-")
    assert submission.form_page.specific.site_ids() == {site.pk} and submission.site_id == site.pk
    assert FormField.objects.filter(page=submission.form_page).count() == len(FIELDS[FormKind.VOLUNTEER])
