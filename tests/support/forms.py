"""Sample files and filled-in forms: what an applicant sends, for the tests of every app."""

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def build_pdf(objects: list[bytes], *, version: bytes = b"1.4", trailer: bytes = b"") -> bytes:
    """A PDF whose objects are numbered from 1 in the order given (the first is the catalog),
    with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-" + version + b"\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, start)
    return bytes(out)


# The smallest real PDF: one blank page (readers must be able to open what applicants send).
PDF = build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])  # fmt: skip


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
