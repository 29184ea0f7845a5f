"""Whether a file carries active content, decided by parsing it, not by matching its raw bytes.

Every way a file comes in (request forms and the personal link's documents through
forms/uploads.py, editors' documents through core/document_forms.py, the policy
importer) calls `check_content`. Raw-byte matching misses what a reader decodes
first: PDF names with #xx escapes, values held in other objects, objects packed in
compressed object streams, Office parts inside a zip. So each format is read the
way its own software reads it:

- PDF (pypdf): JavaScript anywhere (/JS, the /JavaScript name tree, JavaScript
  actions), actions that launch, import, submit or open other files, automatic
  actions (/OpenAction, /AA) other than moving inside the document, XFA forms,
  Flash (RichMedia), and attachments that are programs or scripts. Plain links
  to web pages stay allowed, and so does a PDF/A-3 invoice's XML attachment.
- Office Open XML (docx, xlsx, pptx): macros, ActiveX, OLE objects, relationships
  that fetch content from another computer, DDE fields and links. Hyperlinks stay.
- OpenDocument: macros and script event listeners.
- RTF: embedded objects and DDE fields. CSV: cells that are DDE formulas.
- Legacy OLE2 Office files (.doc, .xls, .ppt): refused outright (see OLE_MAGIC).
- Zip archives: every member swept in turn (nested archives and documents too),
  within a bound on depth, member count and unpacked size.
- Programs (Windows, Linux, macOS executables) anywhere, whatever the name.
- Links, relationships and fields (INCLUDEPICTURE, INCLUDETEXT) that reach a network
  share or another computer, which would send the reader's Windows credentials or IP.

All the files of one request share one allowance of time and PDF objects (base.Allowance,
set per request by SharedAllowanceMiddleware and per form field), well under gunicorn's timeout.
Layout: base.py (limits, messages, the allowance), pdf.py, archives.py (zip),
office.py (Office Open XML, OpenDocument), text.py (RTF, CSV).
"""

import logging
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError

from core.file_safety.archives import check_zip
from core.file_safety.base import (
    EXPECTED_FAMILY,
    MAX_DEPTH,
    MESSAGES,
    OLE_MAGIC,
    PROGRAM_EXTENSIONS,
    SCRIPT_MARKERS,
    SVG_EVENT_HANDLER,
    Budget,
    Refused,
    SharedAllowanceMiddleware,
    extension_of,
    family_of,
    shared_allowance,
)
from core.file_safety.pdf import check_pdf
from core.file_safety.text import check_csv, check_rtf

__all__ = ["MAX_DEPTH", "OLE_MAGIC", "SharedAllowanceMiddleware", "check_content", "shared_allowance"]

logger = logging.getLogger(__name__)


def check_content(data: bytes, name: str, *, match_extension: bool = True) -> None:
    """Raise a ValidationError (translated, naming the file) if the file carries active content,
    cannot be read to find out, or (with match_extension) holds something other than its extension says."""
    try:
        extension = extension_of(name)
        family = family_of(data)
        if family == "program":
            raise Refused("active_content", "program by content")
        if family == "ole" and extension in {"docx", "xlsx", "pptx"}:
            raise Refused("protected", "encrypted Office Open XML")  # Office wraps a password-protected file in OLE
        expected = EXPECTED_FAMILY.get(extension)
        if match_extension and expected and expected != family:
            raise Refused("mismatch", f"{extension} holding {family}")
        with shared_allowance() as allowance:
            sweep(data, name, depth=0, budget=Budget(allowance=allowance))
    except Refused as refused:
        logger.info("File refused (%s): %s", refused.code, refused.reason)
        raise ValidationError(MESSAGES[refused.code], code=refused.code, params={"name": name}) from None


def sweep(data: bytes, name: str, *, depth: int, budget: Budget) -> None:
    """Check one file, and everything inside it, by what it is rather than what it is called."""
    if depth > MAX_DEPTH:
        raise Refused("too_large", "nested too deeply")
    budget.allowance.check_time()
    if depth > 0:  # a member or attachment: its name and its first bytes say whether it runs
        if extension_of(name) in PROGRAM_EXTENSIONS:
            raise Refused("active_content", f"program or script by name: .{extension_of(name)}")
        # A picture in SVG is read whole: its script or event handler can sit anywhere in it.
        head = data.lower() if extension_of(name) == "svg" else data[:4096].lower()
        if data.startswith(b"#!") or any(marker in head for marker in SCRIPT_MARKERS):
            raise Refused("active_content", "script by content")
        if extension_of(name) == "svg" and SVG_EVENT_HANDLER.search(head):
            raise Refused("active_content", "SVG event handler")
    family = family_of(data)
    if family == "program":
        raise Refused("active_content", "program by content")
    if family == "ole":
        raise Refused("legacy_office", "OLE2 compound file")
    if family == "pdf":
        check_pdf(data, depth=depth, budget=budget, sweep=sweep)
    elif family == "rtf":
        check_rtf(data)
    elif family == "text" and extension_of(name) == "csv":
        check_csv(data)
    # A zip's directory sits at its end: a file may be a PDF (or anything) and a zip at once.
    if family == "zip" or zipfile.is_zipfile(BytesIO(data)):
        check_zip(data, depth=depth, budget=budget, sweep=sweep)
