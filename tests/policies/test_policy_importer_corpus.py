"""The importer on the corpus in policy_documents/ beside it (txt, docx, PDF), each normalisation step, bad input."""

import datetime
import io
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page

from policies.importer import (
    MAX_BYTES,
    PolicyImportError,
    concept_of,
    drafts,
    fit,
    fold,
    normalise_line,
    ordinal_value,
    parse,
    parse_approval,
    read_document,
    repair_pdf_line,
)
from policies.models import PolicyPage
from scripts.signin import sign_in
from tests.policies.policy_documents.builders import make_pdf, make_scanned_pdf, pdf_tools_missing
from tests.policies.policy_documents.corpus import DOCUMENTS
from tests.policies.policy_documents.texts import LONG_CHANNEL, LONG_TITLE

PDF_TOOLS = pdf_tools_missing()
# Skipped on a developer's machine without them; under CI a missing font or library is a failure.
needs_pdf_tools = pytest.mark.skipif(
    bool(PDF_TOOLS) and not os.environ.get("CI"), reason=f"cannot build PDFs here: {PDF_TOOLS}"
)
# Documents built with the shaping engine (PDFs, and the text file written in presentation forms).
SHAPED = {"03_kashida_presentation_forms_spaced_digits.txt"}
NOT_PLACED = "Text not placed: move it to its section or delete it"


def not_placed_headings():
    """The heading of the block of text not placed, as the draft writes it: in the draft's language."""
    with translation.override("ar"):
        return {NOT_PLACED, translation.gettext(NOT_PLACED)}


def import_bytes(tmp_path, name, data, *args):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_policy", str(path), *args, stdout=out)
    return PolicyPage.objects.order_by("-pk").first(), out.getvalue()


def values(page, kind):
    return [block.value for block in page.body if block.block_type == kind]


def page_text(page) -> str:
    return page.title + " " + " ".join(str(block.render_as_block()) for block in page.body)


def corpus_params():
    for document in DOCUMENTS:
        marks = [needs_pdf_tools] if document.name.endswith(".pdf") or document.name in SHAPED else []
        yield pytest.param(document, id=document.name.split(".")[0], marks=marks)


# --- The corpus ------------------------------------------------------------------------
@pytest.mark.parametrize("document", corpus_params())
def test_corpus_document_gives_its_sections_counts_and_approval(policy_library, tmp_path, document):
    before = Page.objects.count()
    page, out = import_bytes(tmp_path, document.name, document.build())
    assert Page.objects.count() == before + 1 and not page.live
    if document.title:
        assert page.title == document.title
    assert [block.block_type for block in page.body] == document.kinds
    counts = document.counts
    if "objectives" in counts:
        objectives = values(page, "objectives")[0]["items"]
        assert len(objectives) == counts["objectives"]
        assert sum(len(item["sub_points"]) for item in objectives) == counts.get("sub_points", 0)
    if "channels" in counts:
        channels = values(page, "channels")[0]["channels"]
        assert len(channels) == counts["channels"]
        if document.channel_kinds:
            assert [channel["kind"] for channel in channels] == document.channel_kinds
    if "tools" in counts:
        assert len(values(page, "tools")[0]["items"]) == counts["tools"]
    if "steps" in counts:
        steps = values(page, "procedure")[0]["steps"]
        assert len(steps) == counts["steps"]
        assert [step["period_days"] for step in steps if step["period_days"]] == document.periods
    for name, expected in document.approval.items():
        assert getattr(page, name) == expected, name
    # Both calendars, always.
    assert page.approval_date and page.approval_date_hijri
    text = page_text(page)
    for piece in document.present:
        assert piece in text, piece
    for piece in document.absent:
        assert piece not in text, piece
    # No presentation form and no kashida left (but the Hijri year's mark "هـ" stays).
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufefe]|[^ه]\u0640|\u0640[\u0621-\u064a]", text)
    not_placed = [block.value for block in page.body if block.value.get("heading") in not_placed_headings()]
    if document.unplaced:
        assert str(not_placed[0]["text"]).count("<p>") == document.unplaced
        assert f"{document.unplaced} piece" in out and "could not be placed" in out
    else:
        assert not not_placed
    assert ("shortened at a word boundary" in out) == document.shortened
    # The report names each section with its counts, and the approval in both calendars.
    assert "Draft created:" in out
    if "steps" in counts:
        assert f"{counts['steps']} steps" in out
    assert document.approval["approval_date_hijri"] + " AH" in out
    assert document.approval["approval_date"].isoformat() + " CE" in out


def test_the_corpus_has_at_least_twelve_documents_of_each_format():
    formats = [document.name.rsplit(".", 1)[1] for document in DOCUMENTS]
    assert len(DOCUMENTS) >= 12
    assert {"txt", "docx", "pdf"} == set(formats)
    assert len({document.name[:2] for document in DOCUMENTS}) == len(DOCUMENTS)


def test_long_values_are_shortened_at_a_word_and_kept_whole_in_the_draft(policy_library, tmp_path):
    document = next(d for d in DOCUMENTS if d.name.startswith("07"))
    page, out = import_bytes(tmp_path, document.name, document.build())
    assert len(LONG_TITLE) > 255
    assert len(page.title) <= 255 and page.title.endswith("…")
    assert LONG_TITLE.startswith(page.title[:-1])
    assert LONG_TITLE[len(page.title) - 1] == " "  # cut between two words
    not_placed = [block.value for block in page.body if block.value.get("heading") in not_placed_headings()][0]
    assert LONG_TITLE in str(not_placed["text"])
    channel = values(page, "channels")[0]["channels"][0]
    assert len(channel["name"]) <= 200 and channel["name"].endswith("…")
    assert channel["description"] == LONG_CHANNEL.rstrip(".")
    assert "The title was longer than 255 characters" in out
    assert "A channel's name was longer than 200 characters" in out
    assert "(recognised by its content)" in out
    assert page.replaces_note == "تلغي ما سبقها من تعليمات."


@needs_pdf_tools
def test_the_pdfs_text_layer_really_carries_the_artefacts():
    """What the importer is tested on is what extraction gives, not clean text."""
    by_name = {document.name[:2]: document for document in DOCUMENTS}
    letterhead_pdf = read_document(by_name["10"].build(), "x.pdf")[0]
    assert ":الأهداف التفصيلية" in letterhead_pdf  # the heading's colon at the start
    assert "م.2023/12/25" in letterhead_pdf  # the dates moved to the other end of the line
    assert "\u0640" in letterhead_pdf
    assert letterhead_pdf.count("Al Amal Charity") == 3
    forms_pdf = read_document(by_name["11"].build(), "x.pdf")[0]
    assert len(re.findall("[\ufb50-\ufdff\ufe70-\ufefe]", forms_pdf)) > 200
    assert re.search(r"^\.- .*2$", forms_pdf, re.MULTILINE)  # "2- …." cut and turned round
    assert "٠٢/١٠/٧٤٤١" in forms_pdf  # Arabic-Indic numbers come out reversed
    reversed_pdf = read_document(by_name["12"].build(), "x.pdf")[0]
    assert "المستفيدين. لجميع ومنصفة سريعة خدمة تقديم" in reversed_pdf


# --- One normalisation step, piece by piece ---------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("الأهـــــداف التفصيـــلية:", "الأهداف التفصيلية:"),  # kashida
        ("\ufe8d\ufedf\ufed8\ufee8\ufeee\ufe8d\ufe95:", "القنوات:"),  # presentation forms
        ("\ufefb \ufef7", "لا لأ"),  # lam-alef ligatures give two letters
        ("هاتف 0 5 0 2 1 1 3 3", "هاتف 05021133"),  # letter-spaced digits
        ("بتاريخ 1 4 4 5 / 0 3 / 0 7 هـ", "بتاريخ 1445 /03/07 هـ"),
        ("في اجتماعه رقم ( ٤ ٢ )", "في اجتماعه رقم (٤٢)"),
        (": تمهيد", "تمهيد:"),  # a heading's colon at the start
        (":- الهدف العام", "الهدف العام:"),
        ("المقابلة الشخصية -6", "6- المقابلة الشخصية"),  # markers on the other side
        ("المقابلة الشخصية 6-", "6- المقابلة الشخصية"),
        ("المقابلة الشخصية (6)", "6- المقابلة الشخصية"),
        ("المقابلة الشخصية ٦.", "٦- المقابلة الشخصية"),
        ("المقابلة الشخصية •", "- المقابلة الشخصية"),
        ("اجتماع المجلس رقم (6)", "اجتماع المجلس رقم (6)"),  # a number, not a marker
        ("التفصيلية الأهداف:", "الأهداف التفصيلية:"),  # a reversed heading
        ("واضحة. قواعد خلال من العلاقة تنظيم", "تنظيم العلاقة من خلال قواعد واضحة."),  # a reversed line
        ("تنظيم العلاقة مع المستفيدين من خلال قواعد", "تنظيم العلاقة مع المستفيدين من خلال قواعد"),  # left alone
        ("\u200fسياسة\u200e", "سياسة"),
    ],
)
def test_normalise_line(raw, clean):
    assert normalise_line(raw) == clean


@pytest.mark.parametrize(
    ("extracted", "repaired"),
    [
        ("أيام.10 - الرد خلال", "- الرد خلال 10 أيام."),
        (".هـ1445/10/05 بتاريخ", "بتاريخ 1445/10/05 هـ."),
        ("- المقابلة الشخصية1", "1- المقابلة الشخصية"),
        (".) توفير الأدوات المدرسية2(", "(2) توفير الأدوات المدرسية."),
        (".٣. متابعة التحصيل", "٣. متابعة التحصيل."),
        ("بتاريخ ٠٢/١٠/٧٤٤١هـ.", "بتاريخ ١٤٤٧/٠١/٢٠هـ."),
        (")٣٢١( رقم القرار", "رقم القرار (١٢٣)"),  # the number sent to the start, mirrored and reversed
        ("الهدف العام:", "الهدف العام:"),
    ],
)
def test_repair_pdf_line(extracted, repaired):
    assert repair_pdf_line(extracted) == repaired


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("إعتماد مجلس الإدارة", "approval"),
        ("اعتماد السياسة", "approval"),
        ("الاهداف التفصيليه", "objectives"),
        ("أهداف السياسة", "objectives"),
        ("الهدف العام للسياسة", "general_objective"),
        ("قنوات الإتصال بالمستفيدين", "channels"),
        ("وسائل التواصل مع المستفيدين", "channels"),
        ("الأدوات المتوفرة لموظفي علاقات المستفيدين", "tools"),
        ("الإجرائات المتبعة", "procedure"),
        ("ويتم التعامل مع المستفيد على مختلف المستويات", "procedure"),
        ("مقدمة", "preamble"),
        ("التمهيد", "preamble"),
        ("التوقيعات", "signatures"),
        ("فهرس المحتويات", "contents"),
        ("أحكام عامة", None),
        ("المستويات الإدارية", None),  # one letter from محتويات, but not it
    ],
)
def test_headings_are_recognised_by_meaning(heading, kind):
    assert concept_of(heading) == kind


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("الأول", 1), ("الخامس", 5), ("العاشرة", 10), ("الحادي عشر", 11), ("الثاني عشر", 12),
        ("الحادية والعشرين", 21), ("الخامس والثلاثين", 35), ("التاسع والتسعين", 99), ("المائة", 100),
        ("المائة والخامس", 105), ("الحادي والعشرين بعد المائة", 121), ("الحادي والثلاثين بعد المائة", 131),
        ("المائتين", 200), ("الثلاثمائة", 300), ("الرابع بعد الأربعمائة", 404),
    ],
)  # fmt: skip
def test_ordinal_meeting_words(words, number):
    assert ordinal_value(fold(words).split()) == number


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("اعتمد المجلس السياسة في اجتماعه الخامس بتاريخ 1445/03/07هـ", {"meeting_number": "5", "hijri": "1445-03-07"}),
        ("أقرها بجلسته العاشرة في 7/3/1445 هـ", {"meeting_number": "10", "hijri": "1445-03-07"}),
        ("في اجتماع مجلس الإدارة رقم (١٦١) وتاريخ ٢٣/٠٣/١٤٤٧هـ", {"meeting_number": "161", "hijri": "1447-03-23"}),
        ("بالقرار رقم (٣/١٠) بتاريخ 22/9/2023م", {"decision_number": "3/10", "gregorian": datetime.date(2023, 9, 22)}),
        ("في دورته الحادية عشرة بتاريخ 2024/01/15م", {"meeting_number": "11", "gregorian": datetime.date(2024, 1, 15)}),
        ("بتاريخ 7 ربيع الأول 1445هـ", {"hijri": "1445-03-07"}),
        ("بتاريخ 31/2/1445هـ", {}),  # no such day: ignored, not an error
    ],
)
def test_approval_sentences(sentence, found):
    result = parse_approval(sentence)
    for key, value in found.items():
        assert result[key] == value
    if not found:
        assert "hijri" not in result and "gregorian" not in result


def test_approval_given_as_fields_keeps_its_date_line():
    """ "التاريخ:" alone is the approval's, not a memo header (that needs its other fields beside it)."""
    parsed = parse(
        "سياسة\n\nتمهيد:\nنص.\n\nاعتماد مجلس الإدارة:\nاعتمد مجلس الإدارة هذه السياسة.\n"
        "رقم الاجتماع: 14\nالتاريخ: 1446/02/15هـ\n"
    )
    assert parsed.approval["meeting_number"] == "14"
    assert parsed.approval["approval_date_hijri"] == "1446-02-15"
    assert parsed.removed["letterhead"] == 0


def test_fit_cuts_at_a_word_boundary():
    assert fit("كلمة " * 100, 30) == "كلمة كلمة كلمة كلمة كلمة…"
    assert len(fit("كلمة " * 100, 30)) <= 30
    assert fit("قصير", 30) == "قصير"


def test_different_calendars_in_one_sentence_are_reported():
    with translation.override("en"):
        parsed = parse(
            "تمهيد:\nنص.\n\nاعتماد مجلس الإدارة:\nفي اجتماعه الأول بتاريخ 1445/03/07هـ الموافق 2023/09/30م.\n"
        )
    assert parsed.approval["approval_date"] == datetime.date(2023, 9, 22)
    assert any("differs" in warning for warning in parsed.warnings)


# --- Bad input: one clear sentence, nothing created ------------------------------------------
def _bad_inputs():
    yield pytest.param("empty.pdf", lambda: b"", "The file is empty.", id="empty")
    yield pytest.param("binary.bin", lambda: bytes(range(256)) * 16, "This is not a text file.", id="binary")
    yield pytest.param(
        "broken.pdf", lambda: b"%PDF-1.7\n1 0 obj <<\n" + b"\x00\xff" * 40, "cannot be read", id="broken-pdf"
    )
    yield pytest.param("renamed.pdf", lambda: "تمهيد:\nنص.\n".encode(), "This is not a PDF document.", id="not-a-pdf")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600  # an encrypted .docx is an OLE container
    yield pytest.param("locked.docx", lambda: ole, "Word document is protected with a password", id="password-docx")
    yield pytest.param("old.doc", lambda: ole, "old Word (.doc) file", id="old-doc")
    marks = [needs_pdf_tools]
    yield pytest.param("scan.pdf", make_scanned_pdf, "no text layer", id="scanned-pdf", marks=marks)
    yield pytest.param(
        "locked.pdf",
        lambda: make_pdf([["تمهيد:", "نص التمهيد في هذه الوثيقة المحمية بكلمة مرور."]], password="secret"),
        "protected with a password",
        id="password-pdf",
        marks=marks,
    )


@pytest.mark.parametrize(("name", "build", "message"), _bad_inputs())
def test_bad_input_gives_one_clear_sentence_and_creates_nothing(policy_library, tmp_path, name, build, message):
    path = tmp_path / name
    path.write_bytes(build())
    before = Page.objects.count()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_policy", str(path), stdout=io.StringIO())
    assert message in str(raised.value)
    assert "\n" not in str(raised.value) and "Traceback" not in str(raised.value)
    assert Page.objects.count() == before


def test_a_file_over_20_mb_is_refused_before_it_is_read(policy_library, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written
    before = Page.objects.count()
    with translation.override("en"), pytest.raises(CommandError, match="larger than 20 MB"):
        call_command("import_policy", str(path), stdout=io.StringIO())
    assert Page.objects.count() == before
    with translation.override("en"), pytest.raises(PolicyImportError, match="larger than 20 MB"):
        read_document(b"x" * (MAX_BYTES + 1), "huge.txt")


def test_an_unforeseen_failure_is_one_sentence_and_creates_nothing(policy_library, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a shape nobody foresaw")

    monkeypatch.setattr(drafts, "parse", broken)  # where import_file looks it up
    path = tmp_path / "policy.txt"
    path.write_text("تمهيد:\nنص.\n", encoding="utf-8")
    before = Page.objects.count()
    with translation.override("en"), pytest.raises(CommandError, match="error in the importer; nothing was created"):
        call_command("import_policy", str(path), stdout=io.StringIO())
    assert Page.objects.count() == before


def test_a_value_too_long_for_its_field_is_shortened_and_reported(policy_library, tmp_path):
    number = "/".join(["12345678"] * 8)
    text = f"سياسة\n\nتمهيد:\nنص.\n\nاعتماد مجلس الإدارة:\nاعتمدت بالقرار رقم {number} بتاريخ 1445/03/07هـ.\n"
    page, out = import_bytes(tmp_path, "long.txt", text.encode())
    assert len(page.decision_number) <= 40 and page.decision_number.endswith("…")
    assert "longer than 40 characters" in out


# --- The admin upload page ------------------------------------------------------------------
@pytest.fixture
def admin_user_client(client, db):
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_superuser("corpus-admin", "corpus@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the messages below are checked in English
    profile.save()
    sign_in(client, user)
    return client


@needs_pdf_tools
def test_admin_upload_of_a_pdf_shows_the_report_per_section(admin_user_client, policy_library):
    document = next(d for d in DOCUMENTS if d.name.startswith("10"))
    upload = SimpleUploadedFile(document.name, document.build(), content_type="application/pdf")
    with translation.override("en"):
        response = admin_user_client.post(
            "/admin/policies/import/", {"file": upload, "locale": "ar"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302
    page = PolicyPage.objects.order_by("-pk").first()
    html = admin_user_client.get(response["Location"]).content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    for piece in ("7 channels", "6 steps", "1445-06-12", "2023-12-25", "lines removed"):
        assert piece in html, piece


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.png", b"\x89PNG", "Upload a .txt, .docx or .pdf file."),
        ("empty.pdf", b"", "empty"),
        ("damaged.pdf", b"%PDF-1.4\n" + b"\x00" * 64, "cannot be read"),
    ],
)
def test_admin_upload_errors_are_shown_on_the_form_and_create_nothing(
    admin_user_client, policy_library, name, content, message
):
    before = Page.objects.count()
    upload = SimpleUploadedFile(name, content)
    with translation.override("en"):
        response = admin_user_client.post("/admin/policies/import/", {"file": upload, "locale": "ar"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Page.objects.count() == before


def test_admin_upload_over_20_mb_is_refused(admin_user_client, policy_library):
    before = Page.objects.count()
    upload = SimpleUploadedFile("huge.pdf", b"%PDF-" + b"0" * MAX_BYTES)
    with translation.override("en"):
        response = admin_user_client.post("/admin/policies/import/", {"file": upload, "locale": "ar"})
    assert response.status_code == 200 and "larger than 20 MB" in response.content.decode()
    assert Page.objects.count() == before
