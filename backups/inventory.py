"""What a backup must bring back, as fingerprints: every page, request, attachment, image and document.

Taken from the source in the same database snapshot as the dump (backups/backup.py),
stored in the backup's manifest, and taken again from the restored database: the
restore drill compares the two. A fingerprint is the SHA-256 of a row's values in
canonical JSON, so any difference in any field shows.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from forms.models import Attachment, Notification, Submission
from inbox.models import Case, CaseEvent


def digest(value) -> str:
    text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def pages() -> dict[str, str]:
    """Page id -> fingerprint of all its fields, its own type's fields and its inline children."""
    found = {}
    for page in Page.objects.order_by("path").specific(defer=False):
        # modelcluster's serialisation: the base and specific fields and child relations (form fields, ...).
        found[str(page.pk)] = digest(page.serializable_data())
    return found


def requests() -> dict[str, str]:
    """Submission id -> fingerprint of the submission, its case, and the ids of what hangs from it."""
    cases = {row["submission_id"]: row for row in Case.objects.values()}
    children: dict[int, dict[str, list]] = {}
    for model, name in ((Attachment, "attachments"), (Notification, "notifications"), (CaseEvent, "events")):
        column = "case_id" if model is CaseEvent else "submission_id"
        for owner, pk in model.objects.order_by("pk").values_list(column, "pk"):
            children.setdefault(owner, {}).setdefault(name, []).append(pk)
    return {
        str(row["id"]): digest({"submission": row, "case": cases.get(row["id"]), **children.get(row["id"], {})})
        for row in Submission.objects.order_by("pk").values()
    }


def attachments() -> dict[str, dict]:
    """Attachment id -> its request, its key in the private bucket and the SHA-256 recorded when it arrived."""
    return {
        str(pk): {"submission": submission_id, "file": name, "sha256": sha256, "size": size}
        for pk, submission_id, name, sha256, size in Attachment.objects.order_by("pk").values_list(
            "pk", "submission_id", "file", "sha256", "size"
        )
    }


def media() -> dict[str, dict]:
    """Files the public bucket must hold: images (originals and renditions) and documents."""
    image_model = get_image_model()
    found = {}
    for pk, name in image_model.objects.values_list("pk", "file"):
        found[f"image:{pk}"] = {"file": name}
    for pk, name in image_model.get_rendition_model().objects.values_list("pk", "file"):
        found[f"rendition:{pk}"] = {"file": name}
    for pk, name in get_document_model().objects.values_list("pk", "file"):
        found[f"document:{pk}"] = {"file": name}
    return found


def take() -> dict:
    return {"pages": pages(), "requests": requests(), "attachments": attachments(), "media": media()}
