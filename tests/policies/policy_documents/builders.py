"""Build the test corpus's files: Word documents from paragraphs, PDFs from lines.

PDFs are drawn with fpdf2 and an Arabic TTF (Debian's fonts-dejavu-core),
shaped right to left by HarfBuzz, as Word's "Save as PDF" draws them: their
text layer then gives what extraction gives from real files (the heading's
colon at the start of the line, Western-digit runs moved to the other end, a
marker cut from its item). Artefacts that come from other tools (kashida,
presentation forms, letter-spaced digits, a justified line's words in reverse
order) are written into the lines themselves, so the text layer carries them.
"""

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_tools_missing() -> str:
    """Why PDFs cannot be built here ("" when they can)."""
    try:
        import fpdf  # noqa: F401
        import uharfbuzz  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed (requirements-dev.txt)"
    if not FONT.is_file():
        return f"{FONT} is missing (Debian's fonts-dejavu-core)"
    return ""


# --- Presentation forms ---------------------------------------------------------
_PRESENTATION = {}


def presentation_forms(text: str) -> str:
    """`text` with each letter replaced by the shaped glyph's presentation-form code point, where
    the font has one: what a PDF's text layer holds when its ToUnicode map names glyphs, not letters."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    if not _PRESENTATION:
        font_file = TTFont(FONT)
        names = {}
        for code, name in font_file.getBestCmap().items():
            if 0xFB50 <= code <= 0xFEFF:
                names.setdefault(name, code)
        _PRESENTATION.update(font=hb.Font(hb.Face(hb.Blob.from_file_path(str(FONT)))), ttf=font_file, names=names)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(_PRESENTATION["font"], buffer, {})
    infos = sorted(buffer.glyph_infos, key=lambda info: info.cluster)
    clusters = [info.cluster for info in infos] + [len(text)]
    out = []
    for position, info in enumerate(infos):
        name = _PRESENTATION["ttf"].getGlyphName(info.codepoint)
        piece = text[info.cluster : clusters[position + 1]]
        out.append(chr(_PRESENTATION["names"][name]) if name in _PRESENTATION["names"] else piece)
    return "".join(out)


# --- PDF ---------------------------------------------------------------------------
def make_pdf(pages: list[list[str]], *, letterhead: list[str] = (), password: str = "") -> bytes:
    """One page per list of lines, each line right-aligned and shaped right to left."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("body", "", str(FONT))
    pdf.set_font("body", size=10)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    for lines in pages:
        pdf.add_page()
        for line in [*letterhead, "", *lines]:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="R")
    return bytes(pdf.output())


def make_scanned_pdf() -> bytes:
    """A page with drawings and no text at all, like a scan."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    for row in range(40):
        pdf.rect(20, 20 + row * 6, 170 - (row % 7) * 10, 3, style="F")
    return bytes(pdf.output())


# --- Word ----------------------------------------------------------------------------
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _runs(parts) -> str:
    return "".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' for part in parts)


def _paragraph(item) -> str:
    """ "text" | ("num", text, level) | ("runs", [parts]) | ("br", [lines]) | ("tab", [parts])."""
    if isinstance(item, str):
        return f"<w:p><w:pPr><w:bidi/></w:pPr>{_runs([item])}</w:p>"
    kind, value, *rest = item
    if kind == "num":
        level = rest[0] if rest else 0
        numbering = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'
        return f"<w:p><w:pPr>{numbering}<w:bidi/></w:pPr>{_runs([value])}</w:p>"
    if kind == "runs":
        return f"<w:p>{_runs(value)}</w:p>"
    if kind == "br":
        return "<w:p>" + "<w:r><w:br/></w:r>".join(_runs([part]) for part in value) + "</w:p>"
    if kind == "tab":
        return "<w:p>" + "<w:r><w:tab/></w:r>".join(_runs([part]) for part in value) + "</w:p>"
    if kind == "table":
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{_paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in value
        )
        return f"<w:tbl>{rows}</w:tbl>"
    if kind == "textbox":
        inner = _paragraph(value)
        return (
            '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f"<mc:Choice><w:drawing><w:txbxContent>{inner}</w:txbxContent></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><w:txbxContent>{inner}</w:txbxContent></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>"
        )
    raise ValueError(kind)


def make_docx(paragraphs: list, *, header: list[str] = ()) -> bytes:
    """A .docx with these paragraphs, and `header` lines in the page header part (as letterheads are)."""
    body = "".join(_paragraph(item) for item in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
        if header:
            lines = "".join(_paragraph(line) for line in header)
            archive.writestr("word/header1.xml", f'<?xml version="1.0"?><w:hdr xmlns:w="{_W}">{lines}</w:hdr>')
    return buffer.getvalue()
