"""The personal link's later documents go through the same content sweep as a form's (issue 24)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.files import HOSTILE_PDFS, pdf_a3_invoice
from tests.support.followup import status_path
from tests.support.forms import private_files
from tests.support.inbox import ask_for_documents


@pytest.mark.parametrize("case", ["object stream", "escaped name", "embedded exe"])
def test_a_pdf_with_active_content_sent_through_the_personal_link_is_refused(client, help_case, staff, case):
    from forms.models import Attachment

    waiting = ask_for_documents(help_case, staff)
    files_before, rows_before = private_files(), Attachment.objects.count()
    hostile = SimpleUploadedFile("lease.pdf", HOSTILE_PDFS[case], content_type="application/pdf")
    response = client.post(status_path(waiting) + "documents/", {"documents": [hostile], "version": waiting.version})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-followup="documents-error"' in html and "محتوى نشطًا" in html
    waiting.refresh_from_db()
    assert waiting.status == "waiting"
    assert private_files() == files_before and Attachment.objects.count() == rows_before


def test_an_invoice_with_its_xml_attachment_is_accepted(client, help_case, staff):
    waiting = ask_for_documents(help_case, staff)
    invoice = SimpleUploadedFile("invoice.pdf", pdf_a3_invoice(), content_type="application/pdf")
    response = client.post(status_path(waiting) + "documents/", {"documents": [invoice], "version": waiting.version})
    assert response.status_code in (200, 302), response.content.decode()[-1500:]
    waiting.refresh_from_db()
    assert waiting.status != "waiting"
