"""What the sweep shares: its limits and messages, how programs are recognised, and the allowance
of time and PDF objects that all the files of one request are checked within."""

import contextvars
import posixpath
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_DEPTH = 3  # a document inside an archive inside an archive, and no deeper
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all members and attachments together, once unpacked
MAX_MEMBERS = 5000
# Parsing is pure Python: a file built to be slow to read is refused, not waited on. The time and the
# PDF objects allowed are shared by every file of one request (see `shared_allowance`), well under
# gunicorn's 30 s timeout (deploy/gunicorn.conf.py) even for ten files at once.
MAX_SWEEP_SECONDS = 8
MAX_PDF_OBJECTS = 100_000  # each held in memory while its file is read

MESSAGES = {
    "active_content": _(
        "“%(name)s” contains active content (a script, a macro, an automatic action, a link that fetches"
        " content, or an embedded program), which is not accepted. Save or print it again as a plain"
        " document and send that copy."
    ),
    "unreadable": _(
        "“%(name)s” cannot be read, so it cannot be checked: it may be damaged. Save it again and send the new copy."
    ),
    "protected": _(
        "“%(name)s” is protected with a password, so it cannot be checked. Send a copy without the password."
    ),
    "legacy_office": _(
        "“%(name)s” is in an old Office format (.doc, .xls, .ppt) that can hide macros."
        " Save it as .docx, .xlsx or .pptx and send that copy."
    ),
    "too_large": _("“%(name)s” unpacks to too much data, or nests archives too deeply, to be checked."),
    "unsafe_paths": _("“%(name)s” holds files whose paths lead outside the archive."),
    "mismatch": _("The content of “%(name)s” does not match its extension."),
    "too_complex": _(
        "“%(name)s” is too complex to be checked in the time allowed. Send a simpler copy (printed again"
        " to PDF, for example), or send fewer files at once."
    ),
}  # fmt: skip

# Names of programs and scripts: refused inside archives and as PDF attachments.
PROGRAM_EXTENSIONS = {
    "exe", "dll", "com", "scr", "pif", "cpl", "msi", "msp", "msc", "sys", "drv", "ocx", "efi", "so", "dylib",
    "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh", "wsc", "sct", "hta",
    "jar", "class", "sh", "bash", "zsh", "csh", "ksh", "command", "py", "pyw", "pl", "rb", "php", "phar",
    "lnk", "url", "scf", "inf", "reg", "application", "appref-ms", "gadget", "apk", "app", "dmg", "pkg",
    "deb", "rpm", "iso", "img", "vhd", "vhdx", "html", "htm", "xhtml", "mht", "mhtml",
    "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm",
}  # fmt: skip
# Binary programs, whatever the file is called.
PROGRAM_MAGIC = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, or a Java class
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcut
)  # fmt: skip
# What makes a member or an attachment a script (or a page that runs one) when opened.
# (An SVG picture in an Office file is fine; one with a script is caught by these.)
SCRIPT_MARKERS = (b"<script", b"<hta:application", b"<html", b"<!doctype html", b"<job>", b"<job id", b"<scriptlet")
SVG_EVENT_HANDLER = re.compile(rb"\son[a-z]+\s*=")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt, .msi, and Office's vbaProject.bin

# What a top-level file's extension promises it holds.
EXPECTED_FAMILY = {
    "pdf": "pdf", "docx": "zip", "xlsx": "zip", "pptx": "zip", "odt": "zip", "ods": "zip", "odp": "zip",
    "key": "zip", "zip": "zip", "rtf": "rtf", "txt": "text", "csv": "text",
}  # fmt: skip


class Refused(Exception):
    """Raised inside the sweep; `check_content` turns it into a translated ValidationError."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason  # for the log, never shown


class Allowance:
    """The time and the PDF objects a sweep may use, shared by every file of one request."""

    def __init__(self):
        self.deadline = None  # set by the first check: reading a slow client's upload does not count
        self.pdf_objects_left = MAX_PDF_OBJECTS

    def check_time(self) -> None:
        if self.deadline is None:
            self.deadline = time.monotonic() + MAX_SWEEP_SECONDS
        if time.monotonic() > self.deadline:
            raise Refused("too_complex", "time allowed for checking files used up")

    def take_pdf_object(self) -> None:
        self.pdf_objects_left -= 1
        if self.pdf_objects_left < 0:
            raise Refused("too_complex", "PDF objects allowed for checking files used up")


current_allowance = contextvars.ContextVar("file_sweep_allowance", default=None)


@contextmanager
def shared_allowance():
    """Make every `check_content` inside share one Allowance (an outer one, if already set, is kept)."""
    if current_allowance.get() is not None:
        yield current_allowance.get()
        return
    token = current_allowance.set(Allowance())
    try:
        yield current_allowance.get()
    finally:
        current_allowance.reset(token)


class SharedAllowanceMiddleware:
    """One Allowance per request: all the files of a submission or an upload are checked within it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with shared_allowance():
            return self.get_response(request)


@dataclass
class Budget:
    """What is left to unpack, shared by every level of one sweep."""

    bytes_left: int = field(default_factory=lambda: MAX_UNPACKED_BYTES)
    members_left: int = field(default_factory=lambda: MAX_MEMBERS)
    allowance: Allowance = field(default_factory=Allowance)

    def take(self, size: int, members: int = 0) -> None:
        self.bytes_left -= size
        self.members_left -= members
        if self.bytes_left < 0 or self.members_left < 0:
            raise Refused("too_large", "unpacked size or member count over the bound")


def extension_of(name: str) -> str:
    base = posixpath.basename((name or "").replace("\\", "/")).lower().strip()
    return base.rsplit(".", 1)[1].strip() if "." in base else ""


def family_of(data: bytes) -> str:
    if b"%PDF-" in data[:1024]:  # readers accept the header anywhere in the first kilobyte
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if is_program(data):
        return "program"
    if data[:8] in (b"\x89PNG\r\n\x1a\n",) or data[:3] == b"\xff\xd8\xff" or data[8:12] == b"WEBP":
        return "image"
    return "text"


def is_program(data: bytes) -> bool:
    if data.startswith(PROGRAM_MAGIC):
        return True
    if data.startswith(b"MZ") and len(data) >= 64:  # a Windows program: the PE header where the DOS header says
        offset = int.from_bytes(data[0x3C:0x40], "little")
        if data[offset : offset + 4] == b"PE\x00\x00" or b"DOS mode" in data[:512]:
            return True
    return False
