"""The importer on the three real policies in ../shared/seeds and on the kinds of mess real files hold."""

import datetime
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page

from forms.kinds import FormKind
from forms.models import FormPage
from policies.importer import PolicyImportError, form_page_for, parse, read_text, split_bullet
from policies.models import PolicyPage
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db

# The real associations' policy documents stay outside the repository, in the
# shared folder CI and developers have beside the checkout.
SEEDS = Path(os.environ.get("POLICY_SEEDS_DIR", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
requires_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and not os.environ.get("CI"), reason=f"the seed policies are not at {SEEDS}"
)
SEED_000 = SEEDS / "000_d65babb914daef19.txt"
SEED_002 = SEEDS / "002_9282cfedb969e970.txt"
SEED_004 = SEEDS / "004_a61ad346024409ff.txt"
SECTIONS = ["preamble", "general_objective", "objectives", "channels", "tools", "procedure"]
TITLE = "سياسة تنظيم العلاقة مع المستفيدين"


def run_import(path, *args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_policy", str(path), *args, stdout=out)
    return PolicyPage.objects.order_by("-pk").first(), out.getvalue()


def blocks(page, kind):
    return [block.value for block in page.body if block.block_type == kind]


@requires_seeds
def test_seed_000_gives_a_draft_with_every_section_and_its_approval(policy_library):
    page, out = run_import(SEED_000)
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().specific_class.__name__ == "PolicyIndexPage"
    assert page.locale.language_code == "ar"
    assert page.title == TITLE
    assert [block.block_type for block in page.body] == SECTIONS
    # Approval: no meeting number in this one; 25/6/1446 AH = 26/12/2024.
    assert page.approval_calendar == "hijri"
    assert page.approval_date_hijri == "1446-06-25"
    assert page.approval_date == datetime.date(2024, 12, 26)
    assert page.meeting_number == ""
    assert page.approving_body == "مجلس الإدارة"
    assert page.replaces_note.startswith("تحل محل جميع السياسات")
    objectives = blocks(page, "objectives")[0]["items"]
    assert len(objectives) == 6
    assert len(objectives[5]["sub_points"]) == 4
    channels = blocks(page, "channels")[0]["channels"]
    assert [channel["kind"] for channel in channels] == [
        "interview", "phone", "social_media", "letters", "help_request", "volunteer", "website",
        "branch_representatives",
    ]  # fmt: skip
    assert len(blocks(page, "tools")[0]["items"]) == 4
    steps = blocks(page, "procedure")[0]["steps"]
    assert len(steps) == 7
    assert [step["period_days"] for step in steps if step["period_days"]] == [14]
    assert steps[2]["role"] == "social_researcher" and steps[4]["role"] == "research_committee"
    # The letterhead repeated on each page is gone.
    text = " ".join(str(block.render_as_block()) for block in page.body)
    assert "المرفقات" not in text and "الرقم :" not in text
    assert "Board approval “اعتماد مجلس الإدارة”: مجلس الإدارة, 1446-06-25 AH, 2024-12-26 CE" in out
    assert "Letterhead and memo header: 12 lines removed." in out
    assert "Detailed objectives “الأهداف التفصيلية”: 6 objectives, 4 sub-points" in out
    assert "Board approval without: meeting number, decision number." in out


@requires_seeds
def test_seed_002_has_every_section_and_no_approval(policy_library):
    page, _out = run_import(SEED_002)
    assert page.title == TITLE
    assert [block.block_type for block in page.body] == SECTIONS  # the title repeated as a header is dropped
    assert page.approval_date is None and page.approval_date_hijri == "" and page.meeting_number == ""
    objectives = blocks(page, "objectives")[0]["items"]
    assert len(objectives) == 6 and len(objectives[5]["sub_points"]) == 5  # the "•" item opens its sub-points
    channels = blocks(page, "channels")[0]["channels"]
    assert len(channels) == 8
    assert channels[0]["name"] == "المقابلة الشخصية"  # "- 1 - " markers stripped
    assert channels[-1]["kind"] == "app"
    assert len(blocks(page, "tools")[0]["items"]) == 3
    assert len(blocks(page, "procedure")[0]["steps"]) == 7


@requires_seeds
def test_seed_004_reads_arabic_indic_approval_and_mends_broken_lines(policy_library):
    page, _out = run_import(SEED_004)
    assert page.title == TITLE  # written on two lines
    assert [block.block_type for block in page.body] == SECTIONS
    assert blocks(page, "preamble")[0]["heading"] == "مقدمة"
    assert page.meeting_number == "161"
    assert page.approval_date_hijri == "1447-03-23"
    assert page.approval_date == datetime.date(2025, 9, 15)
    objectives = blocks(page, "objectives")[0]["items"]
    subs = objectives[-1]["sub_points"]
    assert len(subs) == 5
    # "…تقييم جودة" + the next line, which the word processor made into a bullet.
    assert "تقييم جودة الخدمة حق من حقوق المستفيد" in subs[2]
    steps = blocks(page, "procedure")[0]["steps"]
    assert len(steps) == 7
    assert "للإجابة على تساؤلاته" in steps[2]["text"]
    assert len(blocks(page, "channels")[0]["channels"]) == 8
    assert len(blocks(page, "tools")[0]["items"]) == 4


def test_stretched_words_mixed_digits_and_odd_bullets():
    text = """
سيـــاســـة الـتـطـوع

تمـــهـــيـــد :
تنظم هذه السياسة عمل المتطوعين
في الجمعية وحقوقهم.

القـنـوات :
● خدمة التطوع عبر الموقع
➢ الاتصالات الهاتفية
(3) الخطابات

ويتم التعامل مع المستفيد بالشكل التالي:
1) استقبال الطلب.
٢) الرد خلال ١٠ أيام.

اعتماد مجلس الإدارة:
اعتمد المجلس السياسة في اجتماعه رقم (٤٢) بقرار رقم 42/7 وتاريخ ١٤٤٥/٠٩/٠١ هـ
"""
    parsed = parse(text)
    assert parsed.title == "سياسة التطوع"
    assert [kind for kind, _value in parsed.body] == ["preamble", "channels", "procedure"]
    assert "تنظم هذه السياسة عمل المتطوعين في الجمعية وحقوقهم." in parsed.body[0][1]["text"]
    channels = parsed.body[1][1]["channels"]
    assert [c["kind"] for c in channels] == ["volunteer", "phone", "letters"]
    assert [c["name"] for c in channels][2] == "الخطابات"
    assert parsed.body[2][1]["steps"][1]["period_days"] == 10
    assert parsed.approval["meeting_number"] == "42"
    assert parsed.approval["decision_number"] == "42/7"
    assert parsed.approval["approval_date_hijri"] == "1445-09-01"


def test_what_is_not_recognised_goes_into_a_free_section():
    parsed = parse("سياسة\n\nتمهيد:\nنص التمهيد.\n\nأحكام ختامية:\nيعمل بهذه السياسة من تاريخ اعتمادها.\n")
    assert [kind for kind, _value in parsed.body] == ["preamble", "section"]
    assert parsed.body[1][1]["heading"] == "أحكام ختامية"
    assert "يعمل بهذه السياسة" in parsed.body[1][1]["text"]


@requires_seeds
def test_channels_link_to_the_sites_forms(policy_library, site_forms):
    page, _out = run_import(SEED_000)
    channels = {c["kind"]: c["page"] for c in blocks(page, "channels")[0]["channels"]}
    assert channels["help_request"].pk == site_forms[FormKind.HELP_REQUEST].pk
    assert channels["volunteer"].pk == site_forms[FormKind.VOLUNTEER].pk


def test_a_channel_finds_its_form_by_kind_whatever_its_slug(site_forms):
    """An association names its form pages as it likes: the importer finds a channel's form by its
    kind, in the policy's language, a live page before a draft."""
    draft = site_forms[FormKind.HELP_REQUEST]  # the site's only one
    assert FormPage.objects.get(locale__language_code="ar", kind=FormKind.HELP_REQUEST).pk == draft.pk
    draft.unpublish()  # stays first in the page tree
    ours = draft.get_parent().add_child(
        instance=FormPage(title="اطلب مساعدة", slug="ask-for-help", kind=FormKind.HELP_REQUEST)
    )
    assert ours.live and ours.path > draft.path
    parsed = parse("سياسة\n\nالقنوات:\n- خدمة طلب المساعدة\n- خدمة التطوع\n- الاتصالات الهاتفية\n")
    channels = next(value for kind, value in parsed.body if kind == "channels")["channels"]
    assert [channel["kind"] for channel in channels] == ["help_request", "volunteer", "phone"]
    assert channels[0]["page"].pk == ours.pk
    assert channels[1]["page"].kind == FormKind.VOLUNTEER
    assert channels[2]["page"] is None
    english = form_page_for("help_request", "en")
    assert english.locale.language_code == "en" and english.kind == FormKind.HELP_REQUEST
    assert form_page_for("phone", "ar") is None


@pytest.mark.parametrize("marker", ["- ", "• ", "● ", "▪ ", "* ", "1. ", "١. ", "1) ", "(1) ", "- 1 - ", "۱- "])
def test_bullets_of_any_shape(marker):
    kind, text = split_bullet(marker + "المقابلة الشخصية.")
    assert kind is not None and text == "المقابلة الشخصية."


def test_a_word_document_is_read(policy_library, tmp_path):
    paragraphs = ["سياسة الشكاوى", "تمهيد:", "نرحب بكل شكوى.", "القنوات:", "نافذة الشكاوى والمقترحات"]
    numbered = {4}
    body = "".join(
        "<w:p>"
        + ('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if i in numbered else "")
        + f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for i, text in enumerate(paragraphs)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    path = tmp_path / "policy.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    page, _out = run_import(path)
    assert page.title == "سياسة الشكاوى"
    assert [block.block_type for block in page.body] == ["preamble", "channels"]
    assert blocks(page, "channels")[0]["channels"][0]["kind"] == "complaints"


def test_english_locale_goes_under_the_english_index(policy_library, tmp_path):
    path = tmp_path / "policy.txt"
    path.write_text("تمهيد:\nنص.\n", encoding="utf-8")
    page, _out = run_import(path, "--locale", "en")
    assert page.locale.language_code == "en"
    assert page.get_parent().pk == policy_library["en"].pk


# --- Bad input: a clear error, nothing created -----------------------------------
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "not a text file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "not a text file"),
        ("nothing.txt", "مرحبا بكم في موقع الجمعية\nهذا نص عادي بلا أقسام.\n".encode(), "No section"),
        ("fake.docx", b"this is not a zip", "not a Word"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_created(policy_library, tmp_path, settings, name, content, message):
    settings.LANGUAGE_CODE = "en"
    path = tmp_path / name
    path.write_bytes(content)
    before = Page.objects.count()
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("import_policy", str(path), stdout=io.StringIO())
    assert Page.objects.count() == before


def test_a_missing_file_is_a_clear_error():
    with translation.override("en"), pytest.raises(CommandError, match="No such file"):
        call_command("import_policy", "/nonexistent/policy.txt", stdout=io.StringIO())


def test_read_text_refuses_binary_even_without_nul_bytes():
    with pytest.raises(PolicyImportError):
        read_text(bytes(range(1, 32)) * 50, "x.txt")


# --- The admin upload form -------------------------------------------------------
@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("importer", "importer@example.org", "pw")
    sign_in(client, user)
    return client


@requires_seeds
def test_admin_upload_creates_a_draft_and_opens_it(superuser_client, policy_library):
    upload = SimpleUploadedFile(SEED_004.name, SEED_004.read_bytes(), content_type="text/plain")
    response = superuser_client.post("/admin/policies/import/", {"file": upload, "locale": "ar"})
    page = PolicyPage.objects.order_by("-pk").first()
    # Post/redirect/get: the upload page then shows the report and leads to the draft.
    assert response.status_code == 302
    assert response["Location"] == "/admin/policies/import/"
    assert not page.live and page.meeting_number == "161"
    assert page.get_latest_revision().user.username == "importer"
    html = superuser_client.get("/admin/policies/import/").content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert "161" in html and "1447-03-23" in html and "2025-09-15" in html
    # Shown once: a refresh does not show it again, nor import again.
    assert f"/admin/pages/{page.pk}/edit/" not in superuser_client.get("/admin/policies/import/").content.decode()


def test_admin_upload_shows_the_error_and_creates_nothing(superuser_client, policy_library):
    before = Page.objects.count()
    upload = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = superuser_client.post("/admin/policies/import/", {"file": upload, "locale": "ar"})
    assert response.status_code == 200
    assert Page.objects.count() == before


def test_admin_upload_page_and_menu_item_for_editors(client):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    sign_in(client, user)
    assert client.get("/admin/policies/import/").status_code == 200
    assert "/admin/policies/import/" in client.get("/admin/").content.decode()


@requires_seeds
def test_staff_who_cannot_add_pages_cannot_import(client, policy_library):
    user = get_user_model().objects.create_user("researcher", "r@example.org", "pw")
    user.groups.add(Group.objects.get(name="Social researchers"))
    sign_in(client, user)
    # Wagtail's admin turns the refusal into a redirect to the dashboard.
    response = client.get("/admin/policies/import/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "/admin/policies/import/" not in client.get("/admin/").content.decode()
    upload = SimpleUploadedFile(SEED_000.name, SEED_000.read_bytes())
    before = Page.objects.count()
    assert client.post("/admin/policies/import/", {"file": upload, "locale": "ar"}).status_code == 302
    assert Page.objects.count() == before


@requires_seeds
def test_permission_is_checked_per_language_before_anything_is_created(client, policy_library):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Arabic policy editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    arabic_index = policy_library["ar"]
    GroupPagePermission.objects.create(
        group=group, page=arabic_index, permission=Permission.objects.get(codename="add_page")
    )
    user = get_user_model().objects.create_user("ar-editor", "ar@example.org", "pw")
    user.groups.add(group)
    sign_in(client, user)
    before = Page.objects.count()
    upload = SimpleUploadedFile(SEED_002.name, SEED_002.read_bytes())
    assert client.post("/admin/policies/import/", {"file": upload, "locale": "en"}).status_code == 302
    assert Page.objects.count() == before
    upload = SimpleUploadedFile(SEED_002.name, SEED_002.read_bytes())
    response = client.post("/admin/policies/import/", {"file": upload, "locale": "ar"})
    assert response.status_code == 302 and response["Location"] == "/admin/policies/import/"
    assert Page.objects.count() == before + 1


@requires_seeds
def test_a_utf16_text_file_is_read():
    text = read_text(SEED_004.read_text(encoding="utf-8").encode("utf-16"), "policy.txt")
    assert "اعتماد مجلس الإدارة" in text
