"""Checking uploaded files by what they contain, not by their name or the browser's word.

Only a few document kinds are accepted (PDF, JPEG, PNG, WebP). A file must
start with its kind's signature, match its extension, carry nothing that
makes it a second kind of file too (a polyglot: HTML, script, an archive or an
executable hidden inside), and, for images, decode completely. Active content
(PDF scripts and actions, embedded programs) is found by parsing, in
core/file_safety/, shared with the other ways files come in.
"""

import hashlib
import io
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core import file_safety

KINDS = {
    # kind: (content type, accepted extensions)
    "pdf": ("application/pdf", {"pdf"}),
    "jpeg": ("image/jpeg", {"jpg", "jpeg"}),
    "png": ("image/png", {"png"}),
    "webp": ("image/webp", {"webp"}),
}
# Extensions that must not appear anywhere in a name ("cv.php.pdf", "scan.pdf.exe").
DANGEROUS_EXTENSIONS = {
    "exe", "dll", "com", "bat", "cmd", "scr", "msi", "ps1", "vbs", "js", "mjs", "jar", "sh", "bash",
    "php", "phtml", "php3", "php4", "php5", "phar", "asp", "aspx", "jsp", "cgi", "pl", "py", "rb",
    "html", "htm", "xhtml", "svg", "svgz", "xml", "hta", "swf", "lnk", "apk", "app", "elf", "bin",
}  # fmt: skip
# Markers of another format inside the file, checked case-insensitively on the
# raw bytes. Each is long enough never to occur by chance in compressed data.
FOREIGN_MARKERS = [
    b"<script", b"<?php", b"<html", b"<svg xmlns", b"<iframe", b"<body", b"javascript:", b"<!doctype html",
    b"<%@ page", b"<?xml-stylesheet", b"#!/bin/", b"#!/usr/",
]  # fmt: skip
# Signatures short enough to occur by chance inside compressed data: looked for
# only after the point where the file's own format says it ends.
ARCHIVE_OR_EXECUTABLE = (b"PK\x03\x04", b"PK\x05\x06", b"MZ", b"\x7fELF", b"Rar!", b"7z\xbc\xaf")


@dataclass(frozen=True)
class CheckedUpload:
    upload: object  # the UploadedFile
    display_name: str
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str


def max_file_bytes() -> int:
    return getattr(settings, "FORMS_MAX_FILE_BYTES", 10 * 1024 * 1024)


def max_submission_bytes() -> int:
    return getattr(settings, "FORMS_MAX_SUBMISSION_BYTES", 25 * 1024 * 1024)


def refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def safe_display_name(name: str) -> str:
    """The name as the applicant's computer called it, made harmless for display (never used for storage)."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # no control/format characters
    return name.strip()[:120] or "file"


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def check_upload(upload) -> CheckedUpload:
    """Return what the file really is, or raise a ValidationError saying plainly why not."""
    raw_name = upload.name or ""
    name = {"name": safe_display_name(raw_name)}
    if "/" in raw_name or "\\" in raw_name or ".." in raw_name or "\x00" in raw_name:
        refuse(_("The file name “%(name)s” is not allowed: rename the file and try again."), "bad_name", **name)
    parts = raw_name.lower().split(".")
    extension = parts[-1] if len(parts) > 1 else ""
    if any(part.strip() in DANGEROUS_EXTENSIONS for part in parts[1:]):
        refuse(_("“%(name)s” is not an accepted kind of file. Send PDF, JPEG, PNG or WebP files."), "bad_type", **name)

    size = upload.size or 0
    if size == 0:
        refuse(_("“%(name)s” is empty."), "empty", **name)
    if size > max_file_bytes():
        refuse(
            _("“%(name)s” is too large: each file may be at most %(limit)s."),
            "too_large",
            limit=filesizeformat(max_file_bytes()),
            **name,
        )

    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = sniff(content[:16])
    if kind is None or extension not in KINDS[kind][1]:
        refuse(_("“%(name)s” is not an accepted kind of file. Send PDF, JPEG, PNG or WebP files."), "bad_type", **name)

    lowered = content.lower()
    trailing = content[_end_of_format(content, kind) :]
    if any(marker in lowered for marker in FOREIGN_MARKERS) or any(
        signature in trailing for signature in ARCHIVE_OR_EXECUTABLE
    ):
        refuse(_("“%(name)s” contains content that is not allowed in a document."), "polyglot", **name)

    if kind == "pdf":
        if b"%%EOF" not in content[-1024:]:
            refuse(_("“%(name)s” is not a complete PDF file."), "broken", **name)
    else:
        _check_image(content, kind, name)
    # Scripts, automatic actions and embedded programs, found by parsing (names and streams decoded).
    file_safety.check_content(content, name["name"])

    return CheckedUpload(
        upload=upload,
        display_name=name["name"],
        kind=kind,
        content_type=KINDS[kind][0],
        extension=extension,
        size=size,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _end_of_format(content: bytes, kind: str) -> int:
    """Where the file's own format says it ends; anything after is a trailer."""
    if kind == "pdf":
        end = content.rfind(b"%%EOF")
        return end + 5 if end >= 0 else len(content)
    if kind == "jpeg":
        end = content.rfind(b"\xff\xd9")
        return end + 2 if end >= 0 else len(content)
    if kind == "png":
        end = content.rfind(b"IEND")
        return end + 8 if end >= 0 else len(content)
    return 8 + int.from_bytes(content[4:8], "little")  # webp: RIFF size


def _check_image(content: bytes, kind: str, name: dict) -> None:
    broken = _("“%(name)s” is not a readable image.")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format.lower() != kind:
                refuse(broken, "broken", **name)
            if image.width * image.height > 40_000_000:
                refuse(_("“%(name)s” has too many pixels."), "too_large", **name)
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            if kind == "jpeg":
                # Every byte of a JPEG's coded data is still decoded (a truncated or broken file
                # fails as before); only the picture is built at an eighth of its size, which
                # halves the time a photo takes (bench/full_stack_submission.py).
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()  # verify() does not decode: a truncated file fails only here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        refuse(broken, "broken", **name)
