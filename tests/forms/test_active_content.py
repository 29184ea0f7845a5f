"""PDFs with active content spelled another legal way are refused (issue 24); honest PDFs still pass.

The check parses the file (core/file_safety/): names are decoded, references resolved and
object streams unpacked before anything is decided, so none of these gets past it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from forms.models import Attachment, Submission
from forms.uploads import check_upload
from tests.support.files import (
    HOSTILE_PDFS,
    fillable_form_pdf,
    pdf_a3_invoice,
    pdf_in_object_stream,
    pdf_with,
    pdf_with_attachment,
    scanned_pdf,
    stream,
    text_pdf,
)
from tests.support.forms import help_request_data, private_files
from tests.support.forms_api import help_answers, multipart_fields, post_multipart, schema_of


def upload(content, name="document.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal_code(content, name="document.pdf"):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content, name))
    return error.value.code


@pytest.mark.parametrize("case", sorted(HOSTILE_PDFS), ids=sorted(HOSTILE_PDFS))
def test_pdf_with_active_content_spelled_another_way_is_refused(case):
    assert refusal_code(HOSTILE_PDFS[case]) == "active_content"


def test_escaped_name():
    assert b"/JavaScript" not in HOSTILE_PDFS["escaped name"]
    assert refusal_code(HOSTILE_PDFS["escaped name"]) == "active_content"


def test_indirect_js():
    assert refusal_code(HOSTILE_PDFS["indirect JS"]) == "active_content"


def test_object_stream():
    assert b"JavaScript" not in HOSTILE_PDFS["object stream"]
    assert refusal_code(HOSTILE_PDFS["object stream"]) == "active_content"


def test_xfa():
    assert refusal_code(HOSTILE_PDFS["XFA form"]) == "active_content"


def test_javascript_name_tree():
    assert refusal_code(HOSTILE_PDFS["JavaScript name tree"]) == "active_content"


def test_launch_action():
    assert refusal_code(HOSTILE_PDFS["Launch action"]) == "active_content"


def test_additional_actions_on_a_page_an_annotation_and_a_field():
    for case in ("AA on a page", "AA on an annotation", "AA on a form field running a script from an object stream"):
        assert refusal_code(HOSTILE_PDFS[case]) == "active_content", case


def test_embedded_exe():
    assert refusal_code(HOSTILE_PDFS["embedded exe"]) == "active_content"
    assert refusal_code(HOSTILE_PDFS["embedded program under an innocent name"]) == "active_content"


def test_embedded_script():
    assert refusal_code(HOSTILE_PDFS["embedded script"]) == "active_content"
    assert refusal_code(HOSTILE_PDFS["embedded shell script under an innocent name"]) == "active_content"


def test_a_pdf_attached_inside_a_pdf_is_checked_too():
    assert refusal_code(pdf_with_attachment(b"annex.pdf", HOSTILE_PDFS["escaped name"])) == "active_content"
    assert check_upload(upload(pdf_with_attachment(b"annex.pdf", text_pdf()))).kind == "pdf"


def outline(action: bytes) -> bytes:
    """A bookmark that runs `action` when clicked."""
    return b"/Outlines << /First << /Title (a) /A << " + action + b" >> >> >>"


SHARE = b"(\\\\\\\\evil\\\\share\\\\x.pdf)"  # \\evil\share\x.pdf


@pytest.mark.parametrize(
    ("case", "catalog"),
    [
        ("open action that opens a web page", b"/OpenAction << /S /URI /URI (https://tracker.example/) >>"),
        (
            "script chained after a jump",
            b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /JavaScript /JS (x) >> >>",
        ),
        ("import of form data", b"/OpenAction << /S /ImportData /F " + SHARE + b" >>"),
        ("go to a remote file", outline(b"/S /GoToR /F " + SHARE + b" /D [0 /Fit]")),
        # written as a hex string, so no raw "javascript:" is in the file either
        ("link with a script address", outline(b"/S /URI /URI <%s>" % b"javascript:app.alert(1)".hex().encode())),
        ("link to a file share", outline(b"/S /URI /URI (file://evil/share/x.exe)")),
        ("flash", b"/Names << /X << /Subtype /RichMedia >> >>"),
    ],
)
def test_other_actions_that_reach_out_are_refused(case, catalog):
    assert refusal_code(pdf_with(catalog)) == "active_content", case


def test_a_pdf_no_reader_can_parse_is_refused_as_unreadable():
    broken = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"  # no xref at all
    assert refusal_code(broken) == "unreadable"
    assert refusal_code(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n") == "unreadable"


def test_a_key_given_twice_is_refused_as_ambiguous():
    """pypdf keeps the first value, other readers the last: the file would mean two things."""
    twice = pdf_with(b"/OpenAction [3 0 R /Fit] /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")
    assert refusal_code(twice) == "unreadable"


def test_a_3d_model_script_is_refused():
    model = b"<< /Type /3D /Subtype /U3D /OnInstantiate 5 0 R /Length 0 >>\nstream\n\nendstream"
    annotation = b"<< /Type /Annot /Subtype /3D /Rect [0 0 100 100] /3DD 4 0 R >>"
    assert refusal_code(pdf_with(b"", b"/Annots [6 0 R]", model, stream(b"host.app.alert(1)"), annotation)) == (
        "active_content"
    )


def test_a_pdf_restricted_but_readable_without_a_password_is_accepted():
    """Banks send statements encrypted (AES) with only an owner password: they open, so they are checked."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="", owner_password="bank", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert check_upload(upload(buffer.getvalue())).kind == "pdf"


def test_a_pdf_that_needs_a_password_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal_code(buffer.getvalue()) == "protected"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(text_pdf(), id="plain text"),
        pytest.param(text_pdf(link="https://www.example.org/"), id="text with a web link"),
        pytest.param(scanned_pdf(), id="scanned image"),
        pytest.param(fillable_form_pdf(), id="fillable form without script"),
        pytest.param(pdf_a3_invoice(), id="PDF/A-3 with its XML attachment"),
        pytest.param(pdf_with(b"/OpenAction << /S /GoTo /D [3 0 R /FitH 800] >>"), id="opens at a page"),
        pytest.param(
            pdf_in_object_stream(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                ]
            ),
            id="object streams",
        ),  # fmt: skip
    ],
)
def test_honest_pdfs_are_accepted(content):
    assert check_upload(upload(content)).kind == "pdf"


# --- every way in reaches the same check -----------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_form_refuses_it_with_a_translated_error_and_saves_nothing(client, site_pages, language):
    before = private_files()
    data = help_request_data(documents=[upload(HOSTILE_PDFS["object stream"], "bank-statement.pdf")])
    if language == "en":
        data.update(city="الرياض", marital_status="متزوج")
    response = client.post(f"/{language}/help-request/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and "bank-statement.pdf" in html
    if language == "en":
        assert "contains active content" in html
    else:
        assert "محتوى نشطًا" in html
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert private_files() == before


@pytest.mark.django_db
def test_the_api_refuses_it_as_problem_json_and_saves_nothing(client, site_pages):
    from forms.models import FormPage

    page = FormPage.objects.get(slug="help-request", locale__language_code="en")
    fields = multipart_fields(help_answers(schema_of(client, page)))
    before = private_files()
    response = post_multipart(client, page, fields, {"documents": [upload(HOSTILE_PDFS["escaped name"], "id.pdf")]})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert any("contains active content" in message for message in problem["fields"]["documents"])
    assert not Submission.objects.exists() and private_files() == before
