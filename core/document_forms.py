"""The form editors upload documents with (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail builds every document form from this base: the admin's add and edit
views, the multiple uploader, the chooser's upload tab and API v3's document
writes. Each new file goes through the same content sweep as applicants' files.
"""

from wagtail.documents.forms import BaseDocumentForm

from core import file_safety


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:  # a new file; an unchanged one was checked when it came
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            file_safety.check_content(content, upload.name)
        return upload
