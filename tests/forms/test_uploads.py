"""Hostile uploads: each is refused with a clear error and nothing is stored."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.models import Submission
from forms.uploads import check_upload
from tests.support.files import HOSTILE_PDFS
from tests.support.forms import PDF, help_request_data, image_bytes, private_files

PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
WEBP = image_bytes("WEBP")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100 + b"PK\x05\x06" + b"\x00" * 18
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PHP = b"<?php system($_GET['c']); ?>"


def png_with_text_chunk(text: bytes) -> bytes:
    chunk = b"tEXt" + b"Comment\x00" + text
    crc = struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return PNG[:33] + struct.pack(">I", len(chunk) - 4) + chunk + crc + PNG[33:]


HOSTILE = {
    # Wrong type renamed to an accepted extension
    "exe renamed pdf": ("invoice.pdf", EXE, "bad_type"),
    "elf renamed png": ("photo.png", ELF, "bad_type"),
    "html renamed pdf": ("letter.pdf", HTML, "bad_type"),
    "php renamed jpg": ("avatar.jpg", PHP, "bad_type"),
    "zip renamed pdf": ("docs.pdf", ZIP, "bad_type"),
    "svg renamed png": ("logo.png", SVG, "bad_type"),
    "plain text renamed pdf": ("notes.pdf", b"just some words", "bad_type"),
    "pdf renamed png": ("scan.png", PDF, "bad_type"),
    "png renamed pdf": ("scan.pdf", PNG, "bad_type"),
    "jpeg renamed webp": ("scan.webp", JPEG, "bad_type"),
    # Executables and scripts under their own names
    "windows executable": ("setup.exe", EXE, "bad_type"),
    "shell script": ("run.sh", b"#!/bin/sh\nrm -rf /\n", "bad_type"),
    "svg with script": ("drawing.svg", SVG, "bad_type"),
    "html page": ("page.html", HTML, "bad_type"),
    "javascript": ("app.js", b"fetch('/admin')", "bad_type"),
    # Polyglots: a real header with another format inside or after it
    "pdf with html inside": ("cv.pdf", PDF.replace(b"trailer", b"<html><script>x()</script>trailer"), "polyglot"),
    "pdf with javascript action": (
        "form.pdf",
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "active_content",
    ),
    "pdf with launch action": (
        "form.pdf",
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >>"),
        "active_content",
    ),
    "pdf with embedded program": ("form.pdf", HOSTILE_PDFS["embedded exe"], "active_content"),
    "png with php in a text chunk": ("avatar.png", png_with_text_chunk(b"<?php echo 1; ?>"), "polyglot"),
    "png with zip appended": ("photo.png", PNG + ZIP, "polyglot"),
    "jpeg with zip appended": ("photo.jpg", JPEG + ZIP, "polyglot"),
    "jpeg with exe appended": ("photo.jpg", JPEG + EXE, "polyglot"),
    "gif-style html polyglot": ("image.jpg", b"\xff\xd8\xff\xe0" + HTML, "polyglot"),
    "pdf with exe after eof": ("doc.pdf", PDF + EXE, "polyglot"),
    # Broken files that only pretend
    "truncated png": ("cut.png", PNG[: len(PNG) // 2], "broken"),
    "jpeg header only": ("empty.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "broken"),
    "pdf without end": ("cut.pdf", PDF[:20], "broken"),
    # Size
    "zero bytes": ("empty.pdf", b"", "empty"),
    "oversized": ("big.pdf", PDF + b"%" * (10 * 1024 * 1024), "too_large"),
    # Names
    "path traversal": ("../../etc/passwd.pdf", PDF, "bad_name"),
    "windows path traversal": ("..\\..\\boot.ini.pdf", PDF, "bad_name"),
    "absolute path": ("/etc/cron.d/job.pdf", PDF, "bad_name"),
    "double extension exe": ("report.pdf.exe", PDF, "bad_type"),
    "double extension php": ("shell.php.jpg", JPEG, "bad_type"),
    "double extension html": ("cv.html.pdf", PDF, "bad_type"),
    "null byte in name": ("cv.pdf\x00.exe", PDF, "bad_name"),
    "no extension": ("document", PDF, "bad_type"),
}


def upload(name, content):
    file = SimpleUploadedFile("x", content, content_type="application/pdf")  # the browser's word is ignored
    # Django's multipart parser already cuts paths off file names; the check must not rely on it.
    file._name = name
    return file


def test_there_are_at_least_thirty_hostile_uploads():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("case", sorted(HOSTILE), ids=sorted(HOSTILE))
def test_hostile_upload_is_refused_with_its_reason(case):
    name, content, code = HOSTILE[case]
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert error.value.code == code
    assert str(error.value.messages[0])


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("id.pdf", PDF, "pdf"), ("صورة الهوية.PNG", PNG, "png"), ("photo.jpeg", JPEG, "jpeg"), ("a.webp", WEBP, "webp")],
)
def test_genuine_documents_pass(name, content, kind):
    checked = check_upload(upload(name, content))
    assert checked.kind == kind and checked.size == len(content) and len(checked.sha256) == 64


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["exe renamed pdf", "svg with script", "double extension exe", "png with zip appended"]
)
def test_hostile_upload_through_the_form_stores_nothing(client, site_pages, case):
    name, content, _code = HOSTILE[case]
    before = private_files()
    response = client.post("/ar/help-request/", help_request_data(documents=[upload(name, content)]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "سارة محمد عبدالله العتيبي" in html  # typed answers kept
    assert 'role="alert"' in html
    assert Submission.objects.count() == 0
    assert private_files() == before


@pytest.mark.django_db
def test_error_is_in_english_on_the_english_form(client, site_pages):
    data = help_request_data(documents=[upload("setup.pdf", EXE)], city="الرياض", marital_status="متزوج")
    html = client.post("/en/help-request/", data).content.decode()
    assert "is not an accepted kind of file" in html
