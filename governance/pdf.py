"""The PDFs readers download from the disclosure pages: checking them, and what a reader sees of them."""

from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.arabic import to_arabic_indic_digits


def check_pdf(document, field: str, errors: dict):
    if document is not None and document.file_extension.lower() != "pdf":
        errors[field] = _("Choose a PDF document: readers download these files as they are.")


def document_details(document, language: str) -> dict | None:
    """What a reader sees before downloading: the address, the type and the size."""
    if document is None:
        return None
    with translation.override(language):
        size = str(filesizeformat(document.get_file_size() or 0))
    return {
        "id": document.pk,
        "url": document.url,
        "filename": document.filename,
        "type": document.file_extension.upper(),
        "content_type": document.content_type,
        "size": document.get_file_size(),
        "size_display": to_arabic_indic_digits(size) if language == "ar" else size,
        "label": ("{}، {}" if language == "ar" else "{}, {}").format(
            document.file_extension.upper(), to_arabic_indic_digits(size) if language == "ar" else size
        ),
    }
