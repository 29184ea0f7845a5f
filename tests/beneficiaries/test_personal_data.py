"""The family's file in the PDPL tools: an administrator finds, exports, corrects and erases what a file holds
about a person (as its head or a household member), through the inbox's personal-data pages; the erasure log
is written first and replayed after a restore; the file's timeline never holds personal data."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from beneficiaries import audit, deliveries, documents, duplicates, erasure
from beneficiaries.factories import (
    BeneficiaryFileFactory,
    DeliveryFactory,
    ExpenseFactory,
    FileDocumentFactory,
    HouseholdMemberFactory,
    IncomeFactory,
)
from beneficiaries.models import (
    AnonymisedFile,
    BeneficiaryFile,
    Delivery,
    DocumentType,
    ErasedBy,
    FileDocument,
    FileLogEntry,
    HouseholdMember,
    LegalBasis,
)
from forms.factories import national_id
from inbox import erasure_log, erasure_replay, personal_data
from organisation.factories import UserFactory
from scripts.signin import sign_in
from tests.support.second_association import build_second_association

pytestmark = pytest.mark.django_db

HEAD_ID = national_id(7_310_001)
MEMBER_ID = national_id(7_310_002)
HEAD_NAME, MEMBER_NAME = "هيفاء مطلق القحطاني", "ريان مطلق القحطاني"
MOBILE = "+966547770011"
HEALTH = "ربو مزمن يحتاج بخاخاً"
NOTE = "سُلّمت لهيفاء عند الباب"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SECRETS = (HEAD_NAME, MEMBER_NAME, "القحطاني", HEAD_ID, MEMBER_ID, MOBILE, MOBILE[4:], HEALTH, NOTE, "هوية-هيفاء")


@pytest.fixture(autouse=True)
def own_private_storage(settings, tmp_path):
    """A private storage of this test's own: the erasure log of other tests is not in it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def family(site_pages):
    """Haifa's family: her file with her son (with a health note), income, rent, two documents and two deliveries
    (one with a receipt and a note)."""
    file = BeneficiaryFileFactory(head_name=HEAD_NAME, head_id=HEAD_ID, mobile=MOBILE, city="أبها")
    HouseholdMemberFactory(
        file=file, name=MEMBER_NAME, id_number=MEMBER_ID, health_note=HEALTH, health_legal_basis=LegalBasis.CONSENT
    )
    HouseholdMemberFactory(file=file, name="لمى", id_number="", relation="daughter", sex="female")
    IncomeFactory(file=file)
    ExpenseFactory(file=file)
    FileDocumentFactory(file=file, original_name="هوية-هيفاء.pdf", expires_on=datetime.date(2030, 1, 1))
    FileDocumentFactory(file=file, document_type=DocumentType.MEDICAL_REPORT, original_name="تقرير-ريان.pdf")
    receipt = storages["private"].save("deliveries/tests/receipt.pdf", ContentFile(b"%PDF-1.4 receipt"))
    DeliveryFactory(file=file, amount=Decimal("500"), quantity=None, kind="cash", note=NOTE, receipt=receipt,
                    receipt_name="إيصال.pdf")  # fmt: skip
    DeliveryFactory(file=file)
    return file


def edit_form(family, **fields):
    data = {
        "head_name": family.head_name, "head_id": family.head_id, "mobile": family.mobile, "other_mobile": "",
        "city": family.city, "district": family.district, "status": family.status, "next_verification": "",
        "version_seen": str(family.version),
    }  # fmt: skip
    for formset in ("members", "incomes", "expenses"):
        data |= {f"{formset}-TOTAL_FORMS": "0", f"{formset}-INITIAL_FORMS": "0",
                 f"{formset}-MIN_NUM_FORMS": "0", f"{formset}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    return data | fields


def look_up(client, user, typed):
    sign_in(client, user)
    response = client.post(reverse("inbox:personal_data"), {"identifier": typed})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def no_secrets_in(text):
    found = [secret for secret in SECRETS if secret in text]
    assert not found, found


# --- find -----------------------------------------------------------------------------------------
def test_another_association_s_administrator_finds_nothing_of_the_family(client, family):
    """The same person looked up by the administrator of another association: no file, no export, no erasure."""
    second = build_second_association()
    response = look_up(client, UserFactory(role="administrator", association=second.site), HEAD_ID)
    html = response.content.decode()
    assert response.status_code == 200
    assert HEAD_NAME not in html and f"رقم {family.pk} " not in html
    assert reverse("inbox:personal_data_erase") not in html
    assert BeneficiaryFile.objects.filter(pk=family.pk).exists()


@pytest.mark.parametrize("typed", [HEAD_ID.translate(ARABIC_INDIC), HEAD_ID, "٠٥٤ ٧٧٧ ٠٠١١", "00966547770011"])
def test_the_head_is_found_by_id_or_mobile_in_any_digits_with_what_the_file_holds(client, staff, family, typed):
    response = look_up(client, staff["admin"], typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"رقم {family.pk} " in html and HEAD_NAME in html
    # No request is held, yet the file can be exported, corrected and erased from here.
    assert reverse("inbox:personal_data_export") in html and reverse("inbox:personal_data_erase") in html
    with translation.override("en"):
        held = personal_data.find_held(personal_data.parse_identifier(typed))
    assert [item.key for item in held] == [f"beneficiaries:file:{family.pk}"]
    assert held[0].details == "Under registration, 2 members, 2 documents, 2 deliveries"
    entry = ModelLogEntry.objects.get(action="inbox.personal_search")
    assert entry.data == {"by": personal_data.parse_identifier(typed).by, "found": 0, "held": 1}


def test_a_member_is_found_by_their_id_on_the_file(client, staff, family):
    html = look_up(client, staff["admin"], MEMBER_ID.translate(ARABIC_INDIC)).content.decode()
    member = HouseholdMember.objects.get(id_number=MEMBER_ID)
    assert MEMBER_NAME in html and f"رقم {family.pk} " in html
    held = personal_data.find_held(personal_data.parse_identifier(MEMBER_ID))
    assert [item.key for item in held] == [f"beneficiaries:member:{member.pk}"]


def test_only_administrators_reach_the_file_through_the_pdpl_pages(client, staff, family):
    sign_in(client, staff["relations"])
    assert client.post(reverse("inbox:personal_data"), {"identifier": HEAD_ID}).status_code == 403


# --- export ---------------------------------------------------------------------------------------
def export(client, user, typed):
    look_up(client, user, typed)
    response = client.post(reverse("inbox:personal_data_export"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_heads_export_holds_the_file_but_not_the_members_health_notes(client, staff, family):
    document = export(client, staff["admin"], HEAD_ID)
    (record,) = document["beneficiary_files"]
    assert record["role"] == "head" and record["file"] == family.pk
    assert record["head"] == {"name": HEAD_NAME, "id_number": HEAD_ID, "mobile": MOBILE, "other_mobile": ""}
    assert {m["name"] for m in record["members"]} == {MEMBER_NAME, "لمى"}
    assert all("health_note" not in m for m in record["members"])
    assert HEALTH not in json.dumps(document, ensure_ascii=False)
    assert [i["monthly_amount"] for i in record["income"]] == ["2400.00"]
    assert [e["monthly_amount"] for e in record["expenses"]] == ["1200.00"]
    names = [d.get("file_name") for d in record["documents"]]
    assert "هوية-هيفاء.pdf" in names and "تقرير-ريان.pdf" not in names  # a medical report: type and dates only
    assert len(record["documents"]) == 2 and {d["expires_on"] for d in record["documents"]} >= {"2030-01-01"}
    assert sorted(d["amount"] or "" for d in record["deliveries"]) == ["", "500.00"]
    entry = ModelLogEntry.objects.get(action="inbox.personal_export")
    assert entry.data == {"requests": 0, "held": 1}


def test_a_members_export_holds_their_own_row_with_their_health_note(client, staff, family):
    document = export(client, staff["admin"], MEMBER_ID)
    (record,) = document["beneficiary_files"]
    assert record["role"] == "member" and record["file"] == family.pk
    assert record["member"]["name"] == MEMBER_NAME and record["member"]["health_note"] == HEALTH
    assert "head" not in record and "income" not in record


# --- correct --------------------------------------------------------------------------------------
def correct(client, field, value, reason="سبب-التصحيح-الخاص"):
    return client.post(
        reverse("inbox:personal_data_correct"),
        {"request": "", "field": f"held:beneficiaries:{field}", "value": value, "reason": reason},
    )


def test_the_file_fields_are_offered_and_corrected_logged_without_values(client, staff, family):
    html = look_up(client, staff["admin"], HEAD_ID).content.decode()
    assert "held:beneficiaries:head_name" in html and "held:beneficiaries:other_mobile" in html
    response = correct(client, "head_name", "هيفاء مطلق  العتيبي")
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.head_name == "هيفاء مطلق العتيبي" and family.version == 1
    entry = FileLogEntry.objects.get(file_id=family.pk, action=audit.CORRECTED)
    assert entry.data == {"changed": ["head_name"]} and entry.label == f"#{family.pk}"
    inbox_entry = ModelLogEntry.objects.get(action="inbox.correct")
    assert inbox_entry.data == {"field": "beneficiaries:head_name", "held": 1}
    for text in (str(entry.data), str(inbox_entry.data), entry.label, inbox_entry.label):
        assert "العتيبي" not in text and "سبب-التصحيح" not in text


def test_a_corrected_mobile_keeps_finding_the_person(client, staff, family):
    look_up(client, staff["admin"], "0547770011")
    assert correct(client, "mobile", "٠٥٤٧٧٧٠٠٩٩").status_code == 302
    family.refresh_from_db()
    assert family.mobile == "+966547770099"
    html = client.get(reverse("inbox:personal_data_results")).content.decode()
    assert f"رقم {family.pk} " in html  # the session now holds the corrected number


def test_a_members_name_is_corrected(client, staff, family):
    look_up(client, staff["admin"], MEMBER_ID)
    assert correct(client, "member_name", "ريان القحطاني").status_code == 302
    assert HouseholdMember.objects.get(id_number=MEMBER_ID).name == "ريان القحطاني"
    entry = FileLogEntry.objects.get(file_id=family.pk, action=audit.CORRECTED)
    assert entry.data == {"changed": ["member_name"]}


BAD_CORRECTIONS = [
    ("mobile", "12345", "سبب"),
    ("head_name", "  ", "سبب"),
    ("head_name", "اسم", ""),
    ("id_number", "1", "سبب"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_CORRECTIONS)
def test_a_bad_correction_is_a_clear_error_and_changes_nothing(client, staff, family, field, value, reason):
    look_up(client, staff["admin"], HEAD_ID)
    response = correct(client, field, value, reason)
    assert response.status_code == 400
    assert response.context["correction_form"].errors
    family.refresh_from_db()
    assert (family.head_name, family.mobile, family.version) == (HEAD_NAME, MOBILE, 0)
    assert not FileLogEntry.objects.filter(action=audit.CORRECTED).exists()


# --- erase ----------------------------------------------------------------------------------------
def log_objects():
    try:
        return sorted(storages["private"].listdir(erasure_log.FOLDER)[1])
    except FileNotFoundError:
        return []


def test_erasing_the_head_erases_the_file_keeps_deliveries_anonymous_and_the_timeline(
    client, staff, family, django_capture_on_commit_callbacks
):
    stored = list(FileDocument.objects.filter(file=family).values_list("stored_file", flat=True))
    receipt = Delivery.objects.exclude(receipt="").get().receipt.name
    total_before = sum(d.amount or 0 for d in Delivery.objects.all()), Delivery.objects.count()
    audit.record(family, audit.CHANGED, changed=["city"])

    html = look_up(client, staff["admin"], HEAD_ID).content.decode()
    confirm = client.get(reverse("inbox:personal_data_erase")).content.decode()
    assert f'value="beneficiaries:file:{family.pk}"' in confirm and HEAD_NAME in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inbox:personal_data_erase"), {"confirm": "yes", "held": f"beneficiaries:file:{family.pk}"}
        )
    assert response.status_code == 302

    assert not BeneficiaryFile.objects.filter(pk=family.pk).exists()
    assert not HouseholdMember.objects.exists() and not FileDocument.objects.exists()
    assert not any(storages["private"].exists(name) for name in [*stored, receipt])
    # The deliveries stay for the reports, detached and anonymous; the totals are what they were.
    kept = list(Delivery.objects.all())
    assert (sum(d.amount or 0 for d in kept), len(kept)) == total_before
    anonymous = AnonymisedFile.objects.get()
    assert (anonymous.city, anonymous.household_size, anonymous.erased_by) == ("أبها", 3, ErasedBy.REQUEST)
    for delivery in kept:
        assert delivery.file_id is None and delivery.anonymised_file == anonymous and delivery.city == "أبها"
        assert (delivery.note, delivery.receipt.name, delivery.receipt_name, delivery.code_hash) == ("", "", "", "")
        assert delivery.fund_id and delivery.delivered_on and delivery.service_id
    # The timeline stays, with one more entry saying so in counts.
    entries = FileLogEntry.objects.filter(file_id=family.pk)
    assert {e.action for e in entries} == {audit.CHANGED, audit.ERASED}
    assert entries.get(action=audit.ERASED).data == {
        "reason": erasure.ERASE, "members": 2, "documents": 2, "deliveries": 2,
    }  # fmt: skip
    # The erasure log was written, naming no one.
    (name,) = log_objects()
    with storages["private"].open(f"{erasure_log.FOLDER}/{name}") as handle:
        text = handle.read().decode()
    assert json.loads(text)["subject"] == erasure.FILE and json.loads(text)["id"] == family.pk
    no_secrets_in(text + name)
    summary = ModelLogEntry.objects.get(action="inbox.erase")
    assert summary.data == {"requests": 0, "kept": 0, "held": 1}


def test_erasing_a_member_removes_their_row_only(client, staff, family):
    look_up(client, staff["admin"], MEMBER_ID)
    member = HouseholdMember.objects.get(id_number=MEMBER_ID)
    response = client.post(
        reverse("inbox:personal_data_erase"), {"confirm": "yes", "held": f"beneficiaries:member:{member.pk}"}
    )
    assert response.status_code == 302
    assert not HouseholdMember.objects.filter(pk=member.pk).exists()
    assert BeneficiaryFile.objects.filter(pk=family.pk).exists() and family.members.count() == 1
    assert FileLogEntry.objects.get(action=audit.MEMBER_ERASED).data == {"reason": erasure.ERASE, "members": 1}
    assert len(log_objects()) == 1


def test_no_log_record_no_erasure(staff, family, monkeypatch):
    def down(*args, **kwargs):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(erasure_log, "write_subject", down)
    erased, failed = personal_data.erase(personal_data.parse_identifier(HEAD_ID), staff["admin"])
    assert (erased, failed) == (0, [f"#{family.pk}"])
    assert BeneficiaryFile.objects.filter(pk=family.pk).exists() and Delivery.objects.filter(file=family).count() == 2


# --- replay after a restore ----------------------------------------------------------------------
def test_a_restore_brings_nothing_back_the_log_records_files_and_members(family, site_pages):
    """As after a restore: the rows are back, the records say they were erased."""
    other = BeneficiaryFileFactory()
    member = HouseholdMember.objects.get(id_number=MEMBER_ID)
    erasure_log.write_subject(erasure.FILE, other.pk, erasure.file_parts(other), erasure.ERASE)  # before the backup
    moment = timezone.now()
    erasure_log.write_subject(erasure.MEMBER, member.pk, erasure.member_parts(member), erasure.ERASE)
    erasure_log.write_subject(erasure.FILE, family.pk, erasure.file_parts(family), erasure.RETENTION)

    report = erasure_replay.replay(since=moment)

    assert report.subjects[erasure.FILE]["removed"] == 1 and report.subjects[erasure.MEMBER]["removed"] == 1
    assert not BeneficiaryFile.objects.filter(pk=family.pk).exists()
    assert BeneficiaryFile.objects.filter(pk=other.pk).exists()  # recorded before `since`
    assert AnonymisedFile.objects.get().erased_by == ErasedBy.RETENTION
    assert Delivery.objects.filter(file__isnull=True).count() == 2
    assert ModelLogEntry.objects.get(action="inbox.erasure_replay").data == {"requests": 0, "kept": 0, "others": 2}
    assert len(log_objects()) == 3  # a replay writes no new record
    again = erasure_replay.replay(since=moment)
    assert again.subjects[erasure.FILE]["absent"] == 1 and again.subjects[erasure.FILE]["removed"] == 0


def test_the_replay_leaves_alone_a_file_that_got_the_same_id_later(family):
    erasure_log.write_subject(erasure.FILE, family.pk, erasure.file_parts(family), erasure.ERASE)
    BeneficiaryFile.objects.filter(pk=family.pk).update(opened_at=timezone.now() + datetime.timedelta(minutes=1))
    report = erasure_replay.replay(since=timezone.now() - datetime.timedelta(hours=1))
    assert report.subjects[erasure.FILE]["other_row"] == 1
    assert BeneficiaryFile.objects.filter(pk=family.pk).exists()


def test_the_replay_erasures_command_reports_files(family):
    moment = timezone.now() - datetime.timedelta(seconds=1)
    erasure_log.write_subject(erasure.FILE, family.pk, erasure.file_parts(family), erasure.ERASE)
    out = StringIO()
    call_command("replay_erasures", "--since", moment.isoformat(), stdout=out)
    assert f"{erasure.FILE}: 1 removed" in out.getvalue()
    assert not BeneficiaryFile.objects.filter(pk=family.pk).exists()


# --- the timeline never holds personal data ---------------------------------------------------------
def test_no_timeline_entry_written_anywhere_holds_personal_data(client, staff, family, basket_service):
    """Edits, verification, merges, documents, deliveries, plans, corrections and erasures: every entry of every
    file names the file by its number and holds codes, counts and field names only."""
    sign_in(client, staff["admin"])
    assert client.post(reverse("beneficiaries:edit", args=[family.pk]),
                       edit_form(family, city="الدمام")).status_code == 302  # fmt: skip
    family.refresh_from_db()
    twin = BeneficiaryFileFactory(head_name=HEAD_NAME, mobile=MOBILE)
    HouseholdMemberFactory(file=twin, name="غادة مطلق القحطاني")
    duplicates.merge(family, twin, user=staff["admin"])
    document = FileDocument.objects.filter(file=family).first()
    documents.delete_document(document, staff["admin"])
    delivery = DeliveryFactory.build(file=family, service=basket_service, note=NOTE)
    delivery.fund = deliveries.funds_for(family.site_id).first()
    deliveries.record(delivery, user=staff["admin"])
    look_up(client, staff["admin"], HEAD_ID)
    correct(client, "other_mobile", "0547770022")
    personal_data.erase(personal_data.parse_identifier(MEMBER_ID), staff["admin"])
    personal_data.erase(personal_data.parse_identifier(HEAD_ID), staff["admin"])

    entries = list(FileLogEntry.objects.all())
    assert {audit.CHANGED, audit.MERGED, audit.MERGED_INTO, "beneficiaries.document_delete",
            "beneficiaries.delivery", audit.CORRECTED, audit.MEMBER_ERASED, audit.ERASED} <= {
        entry.action for entry in entries
    }  # fmt: skip
    for entry in entries:
        assert entry.label == f"#{entry.file_id}"
        no_secrets_in(f"{entry.label} {json.dumps(entry.data, ensure_ascii=False)} {entry}")
        no_secrets_in(str(entry.message))
    for entry in ModelLogEntry.objects.all():
        no_secrets_in(f"{entry.label} {json.dumps(entry.data, ensure_ascii=False)}")


@pytest.fixture
def basket_service(site_pages):
    from services.factories import ServicePageFactory

    return ServicePageFactory(title="سلة غذائية", slug="food-basket-pd")
