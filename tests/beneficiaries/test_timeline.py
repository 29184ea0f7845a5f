"""The family's page and timeline: what happened to a file, by whom, with no personal data in the log, listed
only to those who may read files; two staff editing one file at once: the second is told, nothing overwritten."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaries import audit
from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory
from beneficiaries.models import BeneficiaryFile, FileLogEntry, FileRequest, LinkedBy
from scripts.signin import sign_in
from tests.support.inbox import make_case

pytestmark = pytest.mark.django_db


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


def test_the_second_of_two_staff_editing_one_file_is_told_and_nothing_is_overwritten(client, staff):
    family = BeneficiaryFileFactory(city="الرياض")
    first, second = edit_form(family, city="الدمام"), edit_form(family, city="جدة")  # both read version 0
    edit = reverse("beneficiaries:edit", args=[family.pk])
    sign_in(client, staff["relations"])
    assert client.post(edit, first).status_code == 302
    client.logout()
    sign_in(client, staff["researcher"])
    response = client.post(edit, second)
    assert response.status_code == 200
    assert "حفظ غيرك هذا الملف" in response.content.decode()
    family.refresh_from_db()
    assert (family.city, family.version) == ("الدمام", 1)
    assert list(FileLogEntry.objects.filter(file_id=family.pk).values_list("action", "data")) == [
        (audit.CHANGED, {"changed": ["city"]})
    ]


def test_the_timeline_holds_no_personal_data(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_name="لطيفة الشمري", head_id="1000000008")
    case = make_case(applicant_national_id="1000000008", applicant_name="لطيفة الشمري")
    FileRequest.objects.filter(case=case).delete()  # linked on arrival: link it by hand below, as staff would
    from beneficiaries.linking import link_request

    link_request(family, case, LinkedBy.STAFF, user=staff["relations"])
    sign_in(client, staff["relations"])
    client.post(reverse("beneficiaries:edit", args=[family.pk]), edit_form(family, mobile="0505550123"))
    entries = list(FileLogEntry.objects.filter(file_id=family.pk))
    assert {entry.action for entry in entries} == {audit.LINKED, audit.CHANGED}
    for entry in entries:
        written = f"{entry.label} {entry.data}"
        assert "لطيفة" not in written and "1000000008" not in written and "0123" not in written


def test_a_files_entries_are_listed_only_to_those_who_may_read_files(staff):
    family = BeneficiaryFileFactory()
    audit.record(family, audit.CHANGED, changed=["city"])
    assert FileLogEntry.objects.viewable_by_user(staff["relations"]).count() == 1
    assert FileLogEntry.objects.viewable_by_user(staff["committee"]).count() == 1
    assert FileLogEntry.objects.viewable_by_user(staff["editor"]).count() == 0
    assert FileLogEntry.objects.viewable_by_user(staff["moderator"]).count() == 0


def test_the_site_history_lists_files_entries_to_file_readers_only(client, staff):
    family = BeneficiaryFileFactory()
    audit.record(family, audit.MERGED, merged_file=99, members=1, requests=0)
    history = reverse("wagtailadmin_reports:site_history")
    sign_in(client, staff["relations"])
    assert "دُمج الملف رقم 99" in client.get(history).content.decode()
    client.logout()
    sign_in(client, staff["editor"])
    response = client.get(history)
    assert response.status_code in (200, 302, 403) and "الملف رقم 99" not in response.content.decode()


def test_the_family_page_reads_a_bounded_number_of_queries(client, staff):
    """The household, requests and timeline are read in a fixed number of queries, whatever their size."""
    small, large = BeneficiaryFileFactory(), BeneficiaryFileFactory()
    HouseholdMemberFactory(file=small)
    for _ in range(8):
        HouseholdMemberFactory(file=large)
        audit.record(large, audit.CHANGED, changed=["city"], user=staff["relations"])
    sign_in(client, staff["researcher"])

    def queries(family):
        client.get(reverse("beneficiaries:inspect", args=[family.pk]))  # warm the per-request caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("beneficiaries:inspect", args=[family.pk])).status_code == 200
        return len(captured)

    assert queries(large) == queries(small)
    assert BeneficiaryFile.objects.count() == 2
