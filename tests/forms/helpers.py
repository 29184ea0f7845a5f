"""Sample files and filled-in forms for the request-form tests."""

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name="id-copy.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(kind="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=kind)
    return buffer.getvalue()


def png(name="scan.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg(name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def help_request_data(**overrides):
    data = {
        "full_name": "سارة محمد عبدالله العتيبي",
        "national_id": "١٠٠٠٠٠٠٠٠٨",
        "mobile": "٠٥٠ ٥٥٥ ٠١٢٣",
        "email": "sara@example.org",
        "city": "الرياض",
        "marital_status": "أرمل",
        "family_size": "٥",
        "monthly_income": "٣٠٠٠",
        "birth_date_0": "hijri",
        "birth_date_1": "١٥/٠٣/١٤٠٥",
        "needs": "سداد إيجار ثلاثة أشهر",
        "documents": [pdf(), png()],
        "declaration": "on",
        "privacy_consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def private_files() -> set[str]:
    """Every file in the (local) private storage, to compare before and after a request."""
    import os

    from django.core.files.storage import storages

    root = storages["private"].location
    return {os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names}
