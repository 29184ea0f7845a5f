"""The researcher's photos and documents on a report: already through the project's upload checks
(forms.uploads.check_upload, by the form's AttachmentField), stored privately under a random key. A photo is
reduced (longest side 1600 px, JPEG) and loses its EXIF data (the GPS location of the family's home) unless the
association chose to keep the location."""

import hashlib
import io
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps

from forms.records import private_storage
from research.models import ReportUpload

FOLDER = "research-uploads"
LONGEST_SIDE = 1600
JPEG_QUALITY = 85
ORIENTATION = 0x0112


def reduce_photo(content: bytes, *, keep_location: bool) -> bytes:
    """The photo turned upright, at most LONGEST_SIDE on its longest side, as a JPEG; with its EXIF data (the
    location among it) only when `keep_location`."""
    with Image.open(io.BytesIO(content)) as original:
        exif = original.getexif()
        image = ImageOps.exif_transpose(original)
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        options = {"quality": JPEG_QUALITY, "optimize": True}
        if keep_location and exif:
            exif[ORIENTATION] = 1  # already turned upright above
            options["exif"] = exif.tobytes()
        image.save(output, "JPEG", **options)
    return output.getvalue()


def _new_key(extension: str) -> str:
    today = timezone.localdate()
    return f"{FOLDER}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def add_upload(report, checked, *, user, keep_location: bool) -> ReportUpload:
    """Store one checked upload on the report; a photo reduced first. The stored file goes again if the row
    cannot be written."""
    checked.upload.seek(0)
    content = checked.upload.read()
    name, content_type = checked.display_name, checked.content_type
    extension = checked.extension
    if checked.kind != "pdf":
        content = reduce_photo(content, keep_location=keep_location)
        content_type, extension = "image/jpeg", "jpg"
        stem = name.rsplit(".", 1)[0] if "." in name else name
        name = f"{stem}.jpg"
    stored = private_storage().save(_new_key(extension), ContentFile(content))
    try:
        with transaction.atomic():
            return ReportUpload.objects.create(
                report=report, stored_file=stored, original_name=name, content_type=content_type,
                size=len(content), sha256=hashlib.sha256(content).hexdigest(), added_by=user,
            )  # fmt: skip
    except Exception:
        private_storage().delete(stored)
        raise


def remove_stored_file(sender, instance, **kwargs):
    """post_delete of a ReportUpload (its report or request deleted): the stored copy goes after commit."""
    name = instance.stored_file.name
    if name:
        transaction.on_commit(lambda: private_storage().delete(name))
