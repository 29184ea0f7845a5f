"""The demo's families (beneficiaries.demo) have a history to try the file with, seeding again changes nothing,
and the returning applicant's new request finds her file; fake families in bulk (seed_demo --families N,
beneficiaries.fake_families) have valid, unique IDs and the household asked for."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from beneficiaries.demo import RETURNING_APPLICANT_ID, demo_pdf
from beneficiaries.fake_families import create_fake_families
from beneficiaries.identity import clean_identity
from beneficiaries.models import (
    BeneficiaryFile,
    Delivery,
    FileDocument,
    FileLogEntry,
    FileRequest,
    FileStatus,
    HouseholdMember,
    LinkedBy,
    ScheduledDelivery,
    ScheduleStatus,
    VerificationSettings,
)
from forms.models import Submission
from forms.records import private_storage
from inbox.lifecycle import Status
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db


def returning_family():
    return BeneficiaryFile.objects.get(head_id=RETURNING_APPLICANT_ID)


@pytest.mark.demo
def test_the_returning_applicants_family_has_a_history(site_pages):
    family = returning_family()
    today = timezone.localdate()
    assert family.status == FileStatus.ACTIVE
    # Earlier requests: the first opened the file when it was accepted, the second found it by her ID.
    links = {link.linked_by: link.case for link in FileRequest.objects.filter(file=family).select_related("case")}
    assert set(links) == {LinkedBy.ACCEPTANCE, LinkedBy.HEAD_ID}
    assert links[LinkedBy.ACCEPTANCE].status == Status.CLOSED
    assert all(case.submission.applicant_national_id == RETURNING_APPLICANT_ID for case in links.values())
    assert family.members.count() == 4 and family.members.exclude(health_note="").count() == 1
    assert family.incomes.count() == 2 and family.expenses.count() == 1
    # Deliveries from two funds, some answering her requests.
    given = Delivery.objects.filter(file=family)
    assert given.values("fund").distinct().count() == 2
    # Each answers one of her requests, but the Ramadan basket she collected on the campaign's day.
    from beneficiaries.models import CampaignFamily

    answered = given.exclude(pk__in=CampaignFamily.objects.filter(collected__isnull=False).values("collected"))
    assert answered.filter(case__isnull=False).count() == answered.count() == given.count() - 1
    # A plan with deliveries recorded and deliveries still due.
    scheduled = ScheduledDelivery.objects.filter(plan__file=family)
    assert scheduled.filter(status=ScheduleStatus.DELIVERED, delivery__isnull=False).count() == 2
    assert scheduled.filter(status=ScheduleStatus.DUE).count() == 4
    # An expired ID card on file, kept as a real PDF in the private storage.
    expired = [document for document in FileDocument.objects.filter(file=family) if document.is_expired()]
    assert [document.document_type for document in expired] == ["national_id"]
    with private_storage().open(expired[0].stored_file.name, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-") and len(content) == expired[0].size
    # Her verification is due within the days staff are reminded in.
    reminded = VerificationSettings.for_site(family.site).remind_days_before
    assert today <= family.next_verification <= today + datetime.timedelta(days=reminded)
    assert FileLogEntry.objects.filter(file_id=family.pk).exists()


@pytest.mark.demo
def test_the_other_demo_families_have_a_lapsed_verification_and_a_registration_under_way(site_pages):
    lapsed = BeneficiaryFile.objects.get(head_id="1070000110")
    assert lapsed.verification_lapsed()
    assert any(document.is_expired() for document in lapsed.documents.all())
    assert lapsed.deliveries.values("fund").distinct().count() == 2
    registering = BeneficiaryFile.objects.get(head_id="1070000219")
    assert registering.status == FileStatus.REGISTERING
    assert registering.requests.get().case.status == Status.ACCEPTED


def demo_counts():
    return {
        "files": BeneficiaryFile.objects.count(),
        "members": HouseholdMember.objects.count(),
        "deliveries": Delivery.objects.count(),
        "due": ScheduledDelivery.objects.count(),
        "documents": FileDocument.objects.count(),
        "requests": Submission.objects.count(),
        "links": FileRequest.objects.count(),
        "timeline": FileLogEntry.objects.count(),
    }


@pytest.mark.demo
def test_the_demo_has_a_distribution_day_under_way(site_pages):
    from beneficiaries.models import Campaign, CampaignStatus

    campaign = Campaign.objects.get(name="سلال رمضان")
    assert campaign.status == CampaignStatus.OPEN and campaign.families.count() == 2
    (collected,) = campaign.families.filter(collected__isnull=False)
    assert collected.collected.file_id == collected.file_id and collected.collected.fund.slug == "zakat"


@pytest.mark.demo
def test_seeding_again_changes_nothing(site_pages):
    before = demo_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert demo_counts() == before
    assert before["files"] == 4  # the three demo families and the request the committee's demo session accepted


@pytest.mark.demo
def test_the_returning_applicants_new_request_is_linked_to_her_file(client, site_pages):
    case = file_help_request(
        client, national_id=RETURNING_APPLICANT_ID.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    )
    link = FileRequest.objects.get(case=case)
    assert link.file == returning_family() and link.linked_by == LinkedBy.HEAD_ID


def test_the_demo_ids_are_valid_and_the_demo_pdf_is_a_pdf():
    for head_id in (RETURNING_APPLICANT_ID, "1070000110", "1070000219"):
        assert clean_identity(head_id)[1] == head_id
    content = demo_pdf("Demo document: lease")
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert b"/Helvetica" in content and b"startxref\n%d\n" % content.index(b"xref\n") in content


def test_fake_families_in_bulk_have_valid_unique_ids_and_four_members_on_average(site_pages):
    assert create_fake_families(20, batch=7) == 20
    assert create_fake_families(5) == 5  # a second run adds families: no ID taken twice
    files = BeneficiaryFile.objects.all()
    members = HouseholdMember.objects.all()
    assert files.count() == 25
    assert members.count() == 4 * 20 + (2 + 6 + 3 + 5 + 4)  # 2, 6, 3, 5, 4 members in turn
    ids = [file.head_id for file in files] + [member.id_number for member in members if member.id_number]
    assert len(ids) == len(set(ids))
    for number in ids:
        kind, digits = clean_identity(number)
        assert digits == number and kind == "national_id"
    assert all(file.head_name_search and file.mobile.startswith("+9665") for file in files)
    assert BeneficiaryFile.objects.filter(head_name_search="").count() == 0
    # A few deliveries each (two to four), from the association's funds.
    per_family = [file.deliveries.count() for file in files]
    assert min(per_family) == 2 and max(per_family) == 4
    assert Delivery.objects.filter(fund__isnull=True).count() == 0


def test_seed_demo_takes_the_number_of_fake_families(site_pages, monkeypatch):
    """`seed_demo --families N` makes N fake families (the demo content itself is tested with DEMO_SEED=1)."""
    from website.management.commands import seed_demo

    for module in ("organisation", "home", "forms", "policies", "services", "governance", "followup", "inbox"):
        monkeypatch.setattr(getattr(seed_demo, module).demo, "seed", lambda site: None, raising=False)
    monkeypatch.setattr(seed_demo.home.demo, "seed_front_page", lambda site: None)
    monkeypatch.setattr(seed_demo.beneficiaries.demo, "seed", lambda site: None)
    out = io.StringIO()
    call_command("seed_demo", "--families", "20", stdout=out)
    assert "20 fake families created." in out.getvalue()
    assert BeneficiaryFile.objects.count() == 20 and HouseholdMember.objects.count() == 80
