"""Reading a .txt, .docx or .pdf file into text; refusing what is not a policy document."""

import logging
import re
import zipfile
from io import BytesIO

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# pypdf: pure Python, kept by the py-pdf project, and its text extraction
# puts right-to-left runs back in reading order (see README).
from pypdf import PdfReader

from core import file_safety
from policies.importer.results import LETTERHEAD_MARK, PolicyImportError

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a policy is a few pages; anything larger is not one
MAX_PDF_PAGES = 300
MAX_DOCX_XML = 50 * 1024 * 1024  # uncompressed document.xml: refuse zip bombs


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _not_text():
    return PolicyImportError(_("This is not a text file. Upload a .txt, .docx or .pdf policy."))


def read_document(data: bytes, filename: str) -> tuple[str, str]:
    """(text, source kind: "txt", "docx" or "pdf"), or a PolicyImportError."""
    if len(data) > MAX_BYTES:
        raise PolicyImportError(_("The file is larger than 20 MB, too large for a policy document."))
    if not data or not data.strip():
        raise PolicyImportError(_("The file is empty."))
    name = filename.lower()
    if data[:5] == b"%PDF-":
        return _read_pdf(data), _checked(data, filename, "pdf")
    if name.endswith(".pdf"):
        raise PolicyImportError(_("This is not a PDF document."))
    if data.startswith(file_safety.OLE_MAGIC):  # an OLE container: old Word, or an encrypted .docx
        if name.endswith(".docx"):
            raise PolicyImportError(
                _("This Word document is protected with a password: save a copy without the password and upload that.")
            )
        raise PolicyImportError(_("This is an old Word (.doc) file: save it as .docx and upload that copy."))
    if name.endswith(".docx") or data[:4] == b"PK\x03\x04":
        return _read_docx(data), _checked(data, filename, "docx")
    return _read_plain(data), _checked(data, filename, "txt")


def _checked(data: bytes, filename: str, source: str) -> str:
    """The source kind, once the file is known to carry no active content (core/file_safety/).
    Run after reading, so a damaged file keeps the importer's own, more precise message."""
    try:
        file_safety.check_content(data, filename, match_extension=False)
    except ValidationError as refused:
        raise PolicyImportError(refused.messages[0]) from None
    return source


def read_text(data: bytes, filename: str) -> str:
    return read_document(data, filename)[0]


def _read_plain(data: bytes) -> str:
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Windows Notepad's "Unicode"
    if b"\x00" in data[:4096] and not utf16:
        raise _not_text()
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1256 decodes nearly anything
        raise _not_text()
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    if not re.search(r"[\u0600-\u06ff]", text) and printable < 0.95 * len(text):
        raise _not_text()
    return text


def _read_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if archive.getinfo("word/document.xml").file_size > MAX_DOCX_XML:
                raise PolicyImportError(_("This Word document is too large to be a policy."))
            xml = archive.read("word/document.xml")
            # The page header and footer hold the letterhead: learn its lines, to drop them where
            # the template repeats them in the body.
            furniture = [
                ElementTree.fromstring(archive.read(info))
                for info in archive.infolist()
                if re.fullmatch(r"word/(header|footer)\d*\.xml", info.filename) and info.file_size < 1024 * 1024
            ]
        root = ElementTree.fromstring(xml)
    except PolicyImportError:
        raise
    except Exception as error:  # a broken zip, a missing part, bad XML: all the same to the user
        raise PolicyImportError(_("This is not a Word (.docx) document.")) from error
    # Text boxes come twice (a modern copy and a fallback for old Word): keep one.
    for parent in root.iter():
        for child in list(parent):
            if child.tag == _MC_FALLBACK:
                parent.remove(child)
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(
            node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else "\n"
            for node in paragraph.iter()
            if node.tag in (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr")
        )
        # Word's own list numbering is not in the text: keep it a list item.
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbering is not None and text.strip():
            level = numbering.find(f"{_W}ilvl")
            depth = int(level.get(f"{_W}val", "0")) if level is not None and level.get(f"{_W}val", "").isdigit() else 0
            text = "    " * min(depth, 8) + "- " + text  # a deeper level is a sub-point
        lines.append(text)
        lines.append("")
    for part in furniture:
        for paragraph in part.iter(f"{_W}p"):
            text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t")).strip()
            if text:
                lines.append(LETTERHEAD_MARK + text)
    return "\n".join(lines)


def _read_pdf(data: bytes) -> str:
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # restricted but readable without a password
            except Exception:
                opened = 0
            if not opened:
                raise PolicyImportError(
                    _("This PDF is protected with a password: save a copy without the password and upload that.")
                )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise PolicyImportError(_("This PDF has too many pages to be a policy."))
        pages = [page.extract_text() or "" for page in reader.pages]
    except PolicyImportError:
        raise
    except Exception as error:
        logger.info("Unreadable PDF: %r", error)
        raise PolicyImportError(_("This PDF cannot be read: it may be damaged.")) from error
    text = "\n".join(pages)
    if len(re.findall(r"\w", text)) < 20:
        raise PolicyImportError(
            _(
                "This PDF has no text layer (it is probably a scan): it needs a text layer."
                " Export it again from Word, or pass it through text recognition (OCR), and upload that copy."
            )
        )
    return text
