"""Keeping documents on the family's file: a request's attachment copied under a key of its own (so the
request's retention leaves it be), or a file staff upload, checked as a request's files are; removing one
(its stored file after the deletion commits). Every change and download is logged, without personal data."""

import hashlib
import logging
import os
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from beneficiaries.models import BeneficiaryFile, FileDocument
from forms.records import Attachment, private_storage
from inbox.models import visible_cases

logger = logging.getLogger(__name__)

FOLDER = "file-documents"  # beside the requests' "attachments/", which their orphan sweep walks


class CopyFailed(Exception):
    """An attachment could not be copied onto the file: nothing was kept."""


def attachments_to_keep(file: BeneficiaryFile, user):
    """Attachments of the family's linked requests that this person may see in the inbox, newest first."""
    cases = visible_cases(user).filter(beneficiary_file_link__file=file)
    return (
        Attachment.objects.filter(submission__case__in=cases)
        .select_related("submission")
        .order_by("-submission__submitted_at", "pk")
    )


def _new_key(extension: str) -> str:
    today = timezone.localdate()
    return f"{FOLDER}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension.lower() or 'bin'}"


def _store(content: bytes, extension: str) -> str:
    return private_storage().save(_new_key(extension), ContentFile(content))


def _remove(names) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 -- a file left behind is logged, never an error for the person
            logger.exception("Could not remove a stored document")


def _create_all(file, rows: list[dict], stored: list[str], user) -> list[FileDocument]:
    """The rows in one transaction; if the database fails, the files just stored are removed again."""
    try:
        with transaction.atomic():
            documents = [FileDocument.objects.create(file=file, added_by=user, **row) for row in rows]
            log(file, "beneficiaries.document_add", user=user, data={"documents": [d.pk for d in documents]})
    except Exception:
        _remove(stored)
        raise
    return documents


def keep_attachments(file, attachments, *, document_type, expires_on, user) -> list[FileDocument]:
    """Copy each attachment's bytes to a new stored file kept on the family's file."""
    rows, stored = [], []
    storage = private_storage()
    try:
        for attachment in attachments:
            with storage.open(attachment.file.name, "rb") as handle:
                content = handle.read()
            if attachment.sha256 and hashlib.sha256(content).hexdigest() != attachment.sha256:
                raise CopyFailed(attachment.pk)
            extension = os.path.splitext(attachment.file.name)[1].lstrip(".")
            name = _store(content, extension)
            stored.append(name)
            rows.append(
                {
                    "document_type": document_type, "expires_on": expires_on, "stored_file": name,
                    "original_name": attachment.original_name, "content_type": attachment.content_type,
                    "size": len(content), "sha256": attachment.sha256 or hashlib.sha256(content).hexdigest(),
                    "source_attachment": attachment,
                }
            )  # fmt: skip
    except (OSError, CopyFailed) as error:
        logger.warning("Could not copy an attachment onto a file: %r", error)
        _remove(stored)
        raise CopyFailed from error
    return _create_all(file, rows, stored, user)


def add_upload(file, checked, *, document_type, expires_on, user) -> FileDocument:
    """A file staff upload (already through forms.uploads.check_upload), stored privately under a random key."""
    checked.upload.seek(0)
    name = private_storage().save(_new_key(checked.extension), checked.upload)
    row = {
        "document_type": document_type, "expires_on": expires_on, "stored_file": name,
        "original_name": checked.display_name, "content_type": checked.content_type, "size": checked.size,
        "sha256": checked.sha256,
    }  # fmt: skip
    return _create_all(file, [row], [name], user)[0]


def delete_document(document: FileDocument, user) -> None:
    """The row now; its stored file once the deletion commits (remove_stored_file, on post_delete)."""
    with transaction.atomic():
        log(document.file, "beneficiaries.document_delete", user=user, data={"document": document.pk})
        document.delete()


def remove_stored_file(sender, instance, **kwargs):
    """post_delete of a FileDocument (one deleted, or its whole file): the stored copy goes after commit."""
    name = instance.stored_file.name
    if name:
        transaction.on_commit(lambda: _remove([name]))


LOG_ACTIONS = {
    "beneficiaries.document_add": (_("Add a document on file"), _("Document added on file")),
    "beneficiaries.document_download": (_("Download a document on file"), _("Document on file downloaded")),
    "beneficiaries.document_delete": (_("Delete a document on file"), _("Document on file deleted")),
}
