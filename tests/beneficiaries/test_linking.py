"""A request finds its family: linked on arrival by the head's or a member's ID (in any digit set, within its
own association only), a file opened under registration when a help request is accepted, active when staff
complete the registration."""

import pytest

from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory
from beneficiaries.models import BeneficiaryFile, FileRequest, FileStatus, LinkedBy
from home.factories import SiteFactory
from inbox import services
from inbox.lifecycle import Status
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db
SARA = "1000000008"  # the help request's "١٠٠٠٠٠٠٠٠٨" (tests.support.forms.help_request_data)


def link_of(case):
    return FileRequest.objects.filter(case=case).select_related("file").first()


def test_a_returning_head_of_family_is_linked_on_arrival(client, site_pages):
    file = BeneficiaryFileFactory(head_id=SARA)
    case = file_help_request(client)
    link = link_of(case)
    assert (link.file, link.linked_by) == (file, LinkedBy.HEAD_ID)


def test_a_member_of_a_household_is_linked_to_that_household(client, site_pages):
    member = HouseholdMemberFactory(id_number=SARA)
    case = file_help_request(client, language="en")
    assert (link_of(case).file, link_of(case).linked_by) == (member.file, LinkedBy.MEMBER_ID)


def test_nobody_on_file_means_no_link_and_another_associations_file_is_never_used(client, site_pages):
    BeneficiaryFileFactory(head_id=SARA, site=SiteFactory(organisation=False))
    case = file_help_request(client)
    assert link_of(case) is None


def move(case, staff, *statuses):
    for status, who in statuses:
        services.make_move(case.pk, status, user=staff[who])


def test_accepting_opens_the_file_under_registration_and_registering_makes_it_active(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    case = file_help_request(client)
    with django_capture_on_commit_callbacks(execute=True):
        move(case, staff, (Status.VERIFICATION, "relations"), (Status.COMMITTEE, "relations"))
    assert not BeneficiaryFile.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        move(case, staff, (Status.ACCEPTED, "committee"))
    file = link_of(case).file
    assert (file.head_id, file.head_name, file.mobile, file.city, file.status) == (
        SARA, "سارة محمد عبدالله العتيبي", "+966505550123", "الرياض", FileStatus.REGISTERING,
    )  # fmt: skip
    assert file.site == site_pages["site"]
    assert link_of(case).linked_by == LinkedBy.ACCEPTANCE

    with django_capture_on_commit_callbacks(execute=True):
        move(case, staff, (Status.REGISTERED, "relations"))
    file.refresh_from_db()
    assert file.status == FileStatus.ACTIVE and file.activated_at is not None


def test_a_returning_family_accepted_again_keeps_its_one_file(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    file = BeneficiaryFileFactory(head_id=SARA, status=FileStatus.ACTIVE)
    case = file_help_request(client)
    with django_capture_on_commit_callbacks(execute=True):
        move(
            case, staff, (Status.VERIFICATION, "relations"), (Status.COMMITTEE, "relations"),
            (Status.ACCEPTED, "committee"), (Status.REGISTERED, "relations"),
        )  # fmt: skip
    assert list(BeneficiaryFile.objects.all()) == [file]
    file.refresh_from_db()
    assert file.status == FileStatus.ACTIVE and link_of(case).file == file
