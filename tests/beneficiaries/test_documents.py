"""Documents on the family's file: kept from a request as a copy of their own (the request's retention leaves
them), uploaded by staff through the same checks, downloaded and deleted only by those who may and only
through their own file, shown with their expiry in both calendars, known to a request for missing documents
so a family is not asked twice; medical reports only for those who may see health data."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from beneficiaries.factories import BeneficiaryFileFactory, FileDocumentFactory
from beneficiaries.missing_documents import type_of_requirement
from beneficiaries.models import DocumentType, FileDocument
from core.calendars import hijri_to_gregorian
from forms.factories import pdf_upload
from forms.models import private_storage
from inbox import retention, services
from inbox.lifecycle import Status
from inbox.models import CaseEvent
from scripts.signin import sign_in
from services.factories import ServicePageFactory
from tests.support.files import HOSTILE_PDFS
from tests.support.forms import private_files
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db
SARA = "1000000008"  # the help request's applicant
TODAY = timezone.localdate()


def stored_bytes(name):
    with private_storage().open(name, "rb") as handle:
        return handle.read()


def download(client, document, file=None):
    response = client.get(reverse("beneficiaries:document", args=[(file or document.file).pk, document.pk]))
    if hasattr(response, "streaming_content"):
        return response.status_code, b"".join(response.streaming_content)
    return response.status_code, b""


def details(document_type=DocumentType.NATIONAL_ID, calendar="hijri", expiry="", **more):
    return {"document_type": document_type, "expires_on_0": calendar, "expires_on_1": expiry, **more}


# --- keeping a request's attachment ----------------------------------------------------------------------------
def test_a_kept_attachment_is_a_copy_of_its_own_that_outlives_the_request(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_id=SARA)
    case = file_help_request(client)
    attachment = case.submission.attachments.order_by("pk").first()
    sign_in(client, staff["relations"])
    back = reverse("inbox:detail", args=[case.pk])
    response = client.post(
        reverse("beneficiaries:document_keep", args=[family.pk]),
        details(expiry="١٥/٠٣/١٤٥٠", attachments=[attachment.pk], next=back),
    )
    assert response.status_code == 302 and response["Location"] == back
    document = FileDocument.objects.get()
    assert (document.file, document.source_attachment, document.added_by) == (family, attachment, staff["relations"])
    assert document.expires_on == hijri_to_gregorian(1450, 3, 15)
    assert document.stored_file.name != attachment.file.name  # its own stored copy, not the same key
    assert stored_bytes(document.stored_file.name) == stored_bytes(attachment.file.name)
    original = stored_bytes(attachment.file.name)

    retention.remove_case(case.pk)
    assert not private_storage().exists(attachment.file.name)
    document.refresh_from_db()
    assert document.source_attachment is None
    assert download(client, document) == (200, original)


def test_the_request_page_offers_to_keep_its_attachments_and_lists_the_documents(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_id=SARA)
    FileDocumentFactory(file=family, expires_on=datetime.date(2020, 1, 1), original_name="عقد قديم.pdf",
                        document_type=DocumentType.LEASE)  # fmt: skip
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    page = client.get(reverse("inbox:detail", args=[case.pk])).content.decode()
    assert "المستندات في الملف" in page and "عقد قديم.pdf" in page
    assert "١ يناير ٢٠٢٠ م" in page and "١٤٤١" in page  # both calendars
    assert 'data-expired="true"' in page
    assert reverse("beneficiaries:document_keep", args=[family.pk]) in page


def test_only_attachments_of_the_familys_own_requests_can_be_kept(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_id="1000000016")  # not Sara's: her request is not this family's
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    response = client.post(
        reverse("beneficiaries:document_keep", args=[family.pk]),
        details(attachments=[case.submission.attachments.first().pk]),
    )
    assert response.status_code == 200 and response.context["form"].errors["attachments"]
    assert not FileDocument.objects.exists()


# --- uploading ------------------------------------------------------------------------------------------------
def test_staff_upload_a_document_with_its_expiry(client, staff):
    family = BeneficiaryFileFactory()
    sign_in(client, staff["researcher"])
    response = client.post(
        reverse("beneficiaries:document_add", args=[family.pk]),
        details(DocumentType.FAMILY_RECORD, calendar="gregorian", expiry="٣١/١٢/٢٠٣٠", upload=pdf_upload("سجل.pdf")),
    )
    assert response.status_code == 302
    document = FileDocument.objects.get()
    assert (document.document_type, document.original_name, document.expires_on) == (
        DocumentType.FAMILY_RECORD, "سجل.pdf", datetime.date(2030, 12, 31),
    )  # fmt: skip
    assert document.stored_file.name.startswith("file-documents/") and document.source_attachment is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("active.pdf", HOSTILE_PDFS["escaped name"]), ("tool.pdf", b"MZ\x90\x00not a pdf"), ("empty.pdf", b"")],
)
def test_a_bad_file_is_a_clear_translated_error_and_nothing_is_saved(client, staff, name, content):
    family = BeneficiaryFileFactory()
    sign_in(client, staff["relations"])
    before = private_files()
    response = client.post(
        reverse("beneficiaries:document_add", args=[family.pk]),
        details(upload=SimpleUploadedFile(name, content, content_type="application/pdf")),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["upload"]
    assert errors and all(any("\u0600" <= ch <= "\u06ff" for ch in error) for error in errors)  # in Arabic
    assert not FileDocument.objects.exists() and private_files() == before


def test_a_wrong_expiry_date_is_a_clear_error(client, staff):
    family = BeneficiaryFileFactory()
    sign_in(client, staff["relations"])
    response = client.post(
        reverse("beneficiaries:document_add", args=[family.pk]), details(expiry="٣٠/١٣/١٤٤٧", upload=pdf_upload())
    )
    assert response.status_code == 200 and response.context["form"].errors["expires_on"]
    assert not FileDocument.objects.exists()


# --- who may download and delete ------------------------------------------------------------------------------
def outcome(response):
    """ "ok", "missing" (404) or "denied" (403, or the admin's redirect to its dashboard)."""
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    return {200: "ok", 404: "missing"}.get(response.status_code, f"status {response.status_code}")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("relations", ["ok", "ok", "ok", "denied"]),
        ("researcher", ["ok", "ok", "ok", "denied"]),
        ("committee", ["ok", "denied", "denied", "denied"]),
        ("admin", ["ok", "ok", "ok", "ok"]),
        ("editor", ["denied"] * 4),
        ("moderator", ["denied"] * 4),
    ],
)
def test_who_may_do_what_with_documents(client, staff, role, expected):
    """Download, the upload page, the keep page, the delete page."""
    document = FileDocumentFactory()
    pk = document.file.pk
    sign_in(client, staff[role])
    paths = [
        ("document", [pk, document.pk]),
        ("document_add", [pk]),
        ("document_keep", [pk]),
        ("document_delete", [pk, document.pk]),
    ]
    got = [outcome(client.get(reverse(f"beneficiaries:{name}", args=args))) for name, args in paths]
    assert got == expected


def test_anonymous_visitors_are_sent_to_sign_in(client):
    document = FileDocumentFactory()
    response = client.get(reverse("beneficiaries:document", args=[document.file.pk, document.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_document_is_reached_only_through_its_own_file(client, staff):
    document = FileDocumentFactory()
    other = BeneficiaryFileFactory()
    sign_in(client, staff["admin"])
    assert download(client, document, file=other)[0] == 404
    response = client.post(reverse("beneficiaries:document_delete", args=[other.pk, document.pk]))
    assert response.status_code == 404 and FileDocument.objects.filter(pk=document.pk).exists()


def test_deleting_a_document_removes_its_stored_copy_after_commit(client, staff, django_capture_on_commit_callbacks):
    document = FileDocumentFactory()
    name = document.stored_file.name
    sign_in(client, staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("beneficiaries:document_delete", args=[document.file.pk, document.pk]))
    assert response.status_code == 302
    assert not FileDocument.objects.exists() and not private_storage().exists(name)


# --- expiry ---------------------------------------------------------------------------------------------------
def test_a_document_past_its_expiry_is_flagged_on_the_files_page(client, staff):
    family = BeneficiaryFileFactory()
    expired = FileDocumentFactory(file=family, expires_on=TODAY - datetime.timedelta(days=1))
    valid = FileDocumentFactory(file=family, expires_on=TODAY, document_type=DocumentType.LEASE)
    lasting = FileDocumentFactory(file=family, document_type=DocumentType.FAMILY_RECORD)
    assert (expired.is_expired(), valid.is_expired(), lasting.is_expired()) == (True, False, False)
    sign_in(client, staff["committee"])
    page = client.get(reverse("beneficiaries:inspect", args=[family.pk])).content.decode()
    assert page.count('data-expired="true"') == 1 and "لا تنتهي" in page


# --- a request for missing documents --------------------------------------------------------------------------
def test_a_request_for_missing_documents_knows_what_the_file_holds(client, site_pages, staff):
    service = ServicePageFactory(
        required_documents=[
            ("document", {"name": "صورة الهوية الوطنية أو الإقامة", "required": True, "note": ""}),
            ("document", {"name": "صورة سجل الأسرة", "required": True, "note": ""}),
            ("document", {"name": "عقد الإيجار", "required": True, "note": ""}),
            ("document", {"name": "تعريف بالراتب", "required": False, "note": ""}),
        ]
    )
    family = BeneficiaryFileFactory(head_id=SARA)
    FileDocumentFactory(file=family, expires_on=TODAY + datetime.timedelta(days=400))
    FileDocumentFactory(file=family, document_type=DocumentType.LEASE, expires_on=TODAY - datetime.timedelta(days=3))
    case = file_help_request(client)
    case.submission.service_id = service.pk
    case.submission.save(update_fields=["service"])
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])

    sign_in(client, staff["relations"])
    response = client.get(reverse("inbox:detail", args=[case.pk]))
    listed = {document.label: document for document in response.context["documents_to_ask"]}
    assert {label: document.ask for label, document in listed.items()} == {
        "صورة الهوية الوطنية أو الإقامة": False,  # on file and valid
        "صورة سجل الأسرة": True,  # missing
        "عقد الإيجار": True,  # expired
        "تعريف بالراتب": False,  # optional
    }
    assert listed["صورة الهوية الوطنية أو الإقامة"].state.startswith("في الملف، صالح حتى")
    assert "منتهٍ" in listed["عقد الإيجار"].state
    assert 'name="documents" value="صورة سجل الأسرة" checked' in response.content.decode()

    case.refresh_from_db()
    response = client.post(
        reverse("inbox:move", args=[case.pk]),
        {"to": Status.WAITING, "version": case.version, "reason": "", "documents": ["صورة سجل الأسرة", "عقد الإيجار",
                                                                                   "ما لم يعرض"]},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WAITING
    text = CaseEvent.objects.filter(case=case, to_status=Status.WAITING).get().text
    assert text.splitlines() == ["نرجو إرسال هذه المستندات:", "- صورة سجل الأسرة", "- عقد الإيجار"]


@pytest.mark.parametrize(
    ("name", "document_type"),
    [
        ("صورة الهوية الوطنية أو الإقامة لمقدم الطلب", DocumentType.NATIONAL_ID),
        ("صورة سجل الاسرة", DocumentType.FAMILY_RECORD),
        ("تعريف بالراتب أو ما يثبت الدخل", DocumentType.INCOME_PROOF),
        ("عقد الإيجار أو الفاتورة", DocumentType.LEASE),
        ("التقرير الطبي", DocumentType.MEDICAL_REPORT),
        ("A copy of the family record", DocumentType.FAMILY_RECORD),
        ("The current lease", DocumentType.LEASE),
        ("ما يثبت الظرف الطارئ", None),
    ],
)
def test_a_services_documents_are_matched_to_types_by_their_words(name, document_type):
    assert type_of_requirement(name) == document_type


# --- health data ----------------------------------------------------------------------------------------------
def test_medical_reports_are_only_for_those_who_may_see_health_data(client, staff):
    report = FileDocumentFactory(document_type=DocumentType.MEDICAL_REPORT, original_name="تقرير طبي سري.pdf")
    inspect = reverse("beneficiaries:inspect", args=[report.file.pk])
    sign_in(client, staff["relations"])
    assert "تقرير طبي سري.pdf" not in client.get(inspect).content.decode()
    assert download(client, report)[0] == 404
    response = client.post(
        reverse("beneficiaries:document_add", args=[report.file.pk]),
        details(DocumentType.MEDICAL_REPORT, upload=pdf_upload()),
    )
    assert response.status_code == 200 and response.context["form"].errors["document_type"]
    assert FileDocument.objects.count() == 1
    client.logout()
    sign_in(client, staff["researcher"])
    assert "تقرير طبي سري.pdf" in client.get(inspect).content.decode()
    assert download(client, report)[0] == 200
