"""The researcher's photos and documents: through the project's upload checks (a bad file is refused and nothing
is stored), kept privately, a photo reduced to 1600 px as a JPEG without its location unless the association
keeps it, downloadable only through its own report and request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forms.factories import pdf_upload, small_pdf
from forms.models import private_storage
from research import reports, uploads
from research.models import ReportUpload, ResearchSettings
from research.report_factories import (
    GPS_IFD,
    MAKE,
    complete_content,
    draft_report,
    photo_bytes,
    photo_upload,
    referred_case,
)
from scripts.signin import sign_in
from services.factories import ServicePageFactory
from tests.support.files import HOSTILE_PDFS
from tests.support.forms import private_files

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def stored_bytes(upload):
    with private_storage().open(upload.stored_file.name, "rb") as handle:
        return handle.read()


# --- the image function, both ways ------------------------------------------------------------------------------
def test_a_photo_is_reduced_and_loses_its_location():
    content = uploads.reduce_photo(photo_bytes(3200, 2400), keep_location=False)
    image = opened(content)
    assert (image.format, image.size) == ("JPEG", (1600, 1200))
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD) and MAKE not in exif


def test_a_photo_keeps_its_location_when_the_association_chooses_so():
    image = opened(uploads.reduce_photo(photo_bytes(1200, 3000), keep_location=True))
    assert image.size == (640, 1600)
    gps = image.getexif().get_ifd(GPS_IFD)
    assert gps[1] == "N" and gps[3] == "E"


def test_a_small_png_becomes_a_jpeg_of_the_same_size():
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (10, 20, 30, 128)).save(buffer, "PNG")
    image = opened(uploads.reduce_photo(buffer.getvalue(), keep_location=False))
    assert (image.format, image.size, image.mode) == ("JPEG", (300, 200), "RGB")


def test_the_association_setting_defaults_to_removing_the_location(site_pages):
    assert reports.keeps_photo_location(site_pages["site"]) is False
    config = ResearchSettings.for_site(site_pages["site"])
    config.keep_photo_location = True
    config.save()
    assert reports.keeps_photo_location(site_pages["site"]) is True


# --- through the admin --------------------------------------------------------------------------------------------
@pytest.fixture
def draft(client, staff):
    case = referred_case(staff["researcher"])
    report = draft_report(case)
    sign_in(client, staff["researcher"])
    return report


def add(client, report, upload):
    return client.post(reverse("research:upload_add", args=[report.case_id, report.pk]), {"upload": upload})


def test_the_researcher_adds_a_photo_stored_privately_without_its_location(client, draft):
    response = add(client, draft, photo_upload("بيت الأسرة.jpg"))
    assert response.status_code == 302
    upload = ReportUpload.objects.get(report=draft)
    assert (upload.content_type, upload.original_name) == ("image/jpeg", "بيت الأسرة.jpg")
    assert upload.stored_file.name.startswith("research-uploads/")
    image = opened(stored_bytes(upload))
    assert max(image.size) == 1600 and not image.getexif().get_ifd(GPS_IFD)
    assert upload.size == len(stored_bytes(upload))

    download = client.get(reverse("research:upload", args=[draft.case_id, draft.pk, upload.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == stored_bytes(upload)


def test_a_pdf_is_stored_as_it_came(client, draft):
    assert add(client, draft, pdf_upload("عقد الإيجار.pdf")).status_code == 302
    upload = ReportUpload.objects.get(report=draft)
    assert upload.content_type == "application/pdf" and stored_bytes(upload) == small_pdf()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"),
        SimpleUploadedFile("report.pdf", HOSTILE_PDFS["escaped name"], content_type="application/pdf"),
        SimpleUploadedFile("photo.php.jpg", photo_bytes(40, 30), content_type="image/jpeg"),
        SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
    ],
    ids=["not an image", "pdf with a script", "dangerous name", "empty"],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(client, draft, upload):
    before = private_files()
    response = add(client, draft, upload)
    assert response.status_code == 302
    assert not ReportUpload.objects.exists() and private_files() == before
    page = client.get(response["Location"]).content.decode()
    assert "help-critical" in page or "error" in page


def test_no_upload_once_the_report_is_submitted(client, draft, service_page):
    reports.save(draft, complete_content(draft, service_page), expected_version=draft.version, submit=True)
    response = add(client, draft, photo_upload())
    assert response.status_code in (302, 403) and not ReportUpload.objects.exists()
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


@pytest.fixture
def service_page(site_pages):
    return ServicePageFactory(title="إعانة")


def test_a_deleted_reports_stored_files_go_after_the_commit(client, draft, django_capture_on_commit_callbacks):
    add(client, draft, photo_upload())
    name = ReportUpload.objects.get(report=draft).stored_file.name
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert not private_storage().exists(name)
