"""Possible duplicates flagged (same mobile, same head's name, a person on both files) and two files merged into
one by those who may, on both timelines; a merge that lost a race, or reaches another association's file, is
refused and changes nothing."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from beneficiaries import audit
from beneficiaries.duplicates import SAME_MOBILE, SAME_NAME, SAME_PERSON, possible_duplicates
from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory, IncomeFactory
from beneficiaries.models import BeneficiaryFile, FileLogEntry, FileRequest, FileStatus, HouseholdMember, LinkedBy
from home.factories import SiteFactory
from scripts.signin import sign_in
from services.factories import BeneficiaryGroupFactory
from tests.support.inbox import make_case

pytestmark = pytest.mark.django_db


def reasons_for(file):
    return {duplicate.file.pk: set(duplicate.reasons) for duplicate in possible_duplicates(file)}


def test_files_that_may_be_one_family_are_flagged_with_why():
    family = BeneficiaryFileFactory(head_name="منى سالم الدوسري", mobile="+966505550001")
    son = HouseholdMemberFactory(file=family, name="خالد")
    same_mobile = BeneficiaryFileFactory(head_name="أخرى", mobile="+966505550001")
    same_name = BeneficiaryFileFactory(head_name="منى سالم الدوسرى")  # the same name once folded
    son_elsewhere = BeneficiaryFileFactory(head_name="خالد بن سالم", head_id=son.id_number)
    stranger = BeneficiaryFileFactory(head_name="غريب")
    found = reasons_for(family)
    assert found == {
        same_mobile.pk: {SAME_MOBILE},
        same_name.pk: {SAME_NAME},
        son_elsewhere.pk: {SAME_PERSON},
    }
    assert stranger.pk not in found and reasons_for(stranger) == {}


def test_another_associations_files_are_never_flagged():
    family = BeneficiaryFileFactory(mobile="+966505550002")
    BeneficiaryFileFactory(site=SiteFactory(hostname="second.localhost"), mobile="+966505550002")
    assert reasons_for(family) == {}


def merge_url(kept, merged):
    return reverse("beneficiaries:merge", args=[kept.pk, merged.pk])


def test_an_administrator_merges_two_files_and_both_timelines_say_so(client, site_pages, staff):
    widows, orphans = BeneficiaryGroupFactory(), BeneficiaryGroupFactory()
    kept = BeneficiaryFileFactory(head_name="فاطمة", mobile="+966505550003", city="")
    kept.groups.add(widows)
    shared = HouseholdMemberFactory(file=kept, name="ريم")
    merged = BeneficiaryFileFactory(head_name="فاطمه", mobile="+966505550004", city="جدة", status=FileStatus.ACTIVE)
    merged.groups.add(orphans)
    HouseholdMemberFactory(file=merged, name="ريم", id_number=shared.id_number)  # the same girl, on both
    HouseholdMemberFactory(file=merged, name="عمر")
    IncomeFactory(file=merged)
    request = make_case()
    FileRequest.objects.create(file=merged, case=request, linked_by=LinkedBy.STAFF)

    sign_in(client, staff["admin"])
    page = client.get(reverse("beneficiaries:inspect", args=[kept.pk])).content.decode()
    assert merge_url(kept, merged) in page
    assert client.get(merge_url(kept, merged)).status_code == 200
    response = client.post(
        merge_url(kept, merged),
        {"kept_version": kept.version, "merged_version": merged.version, "relation": "sister", "sex": "female"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert not BeneficiaryFile.objects.filter(pk=merged.pk).exists()
    kept.refresh_from_db()
    members = sorted(HouseholdMember.objects.filter(file=kept).values_list("name", "relation"))
    assert members == [("ريم", "son"), ("عمر", "son"), ("فاطمه", "sister")]  # the girl once, the other head added
    assert FileRequest.objects.get(case=request).file == kept and kept.incomes.count() == 1
    assert set(kept.groups.all()) == {widows, orphans}
    assert (kept.other_mobile, kept.city, kept.status) == ("+966505550004", "جدة", FileStatus.ACTIVE)
    entry = FileLogEntry.objects.get(file_id=kept.pk, action=audit.MERGED)
    assert entry.data == {"merged_file": merged.pk, "members": 2, "requests": 1} and entry.user == staff["admin"]
    assert FileLogEntry.objects.filter(file_id=merged.pk, action=audit.MERGED_INTO).exists()


def test_a_head_already_in_the_household_is_not_asked_about_nor_added_twice(client, staff):
    kept = BeneficiaryFileFactory()
    merged = BeneficiaryFileFactory()
    HouseholdMemberFactory(file=kept, id_number=merged.head_id, relation="spouse")
    sign_in(client, staff["admin"])
    assert "relation" not in client.get(merge_url(kept, merged)).context["form"].fields
    client.post(merge_url(kept, merged), {"kept_version": kept.version, "merged_version": merged.version})
    assert HouseholdMember.objects.filter(file=kept).count() == 1


def test_a_merge_that_lost_a_race_changes_nothing(client, staff):
    kept, merged = BeneficiaryFileFactory(), BeneficiaryFileFactory()
    seen = merged.version
    BeneficiaryFile.objects.filter(pk=merged.pk).update(version=seen + 1)  # someone saved it meanwhile
    sign_in(client, staff["admin"])
    response = client.post(
        merge_url(kept, merged),
        {"kept_version": kept.version, "merged_version": seen, "relation": "other", "sex": "male"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert BeneficiaryFile.objects.filter(pk=merged.pk).exists()
    assert BeneficiaryFile.objects.get(pk=kept.pk).version == kept.version
    assert not HouseholdMember.objects.filter(file=kept).exists()


def denied(response):
    """403, or the admin's redirect to its dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin")


@pytest.mark.parametrize("role", ["relations", "researcher", "committee", "editor"])
def test_only_those_who_may_merge_files_reach_the_merge(client, staff, role):
    kept, merged = BeneficiaryFileFactory(), BeneficiaryFileFactory()
    sign_in(client, staff[role])
    assert denied(client.get(merge_url(kept, merged)))
    assert denied(client.post(merge_url(kept, merged), {}))
    assert BeneficiaryFile.objects.count() == 2


def test_another_associations_file_or_the_same_file_is_no_file_to_merge(client, staff):
    kept = BeneficiaryFileFactory()
    elsewhere = BeneficiaryFileFactory(site=SiteFactory(hostname="third.localhost"))
    sign_in(client, staff["admin"])
    assert client.get(merge_url(kept, elsewhere)).status_code == 404
    assert client.get(merge_url(kept, kept)).status_code == 404
    assert BeneficiaryFile.objects.count() == 2
    assert Site.objects.count() >= 2
