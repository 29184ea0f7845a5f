"""A request finds its family: linked on arrival when the applicant's ID is on a file (the head's or a
member's, in any digit set), and a file opened when a help request is accepted, made active when staff
complete the registration. The inbox sends what happens (a case saved, a case moved); it imports nothing here.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from beneficiaries import audit
from beneficiaries.identity import clean_identity, digits_of
from beneficiaries.models import BeneficiaryFile, FileRequest, FileStatus, LinkedBy, VerificationSettings
from forms.kinds import FormKind
from inbox.lifecycle import Status

logger = logging.getLogger(__name__)


def site_id_of(case) -> int:
    """The association a request was sent to: its form page's site (the default site if the page is gone).
    Read from Wagtail's cached site root paths, so a request's arrival costs no query for it."""
    page = case.submission.form_page
    url_parts = page.get_url_parts() if page is not None else None
    if url_parts is not None:
        return url_parts[0]
    return Site.objects.values_list("pk", flat=True).get(is_default_site=True)


def file_of_person(site_id: int, typed_id: str) -> tuple[BeneficiaryFile | None, str]:
    """The file on which this ID is the head's or a member's (one query), with how it was found."""
    digits = digits_of(typed_id)
    if not digits:
        return None, ""
    file = (
        BeneficiaryFile.objects.filter(site_id=site_id)
        .filter(Q(head_id=digits) | Q(members__id_number=digits))
        .order_by("pk")
        .first()
    )
    if file is None:
        return None, ""
    return file, (LinkedBy.HEAD_ID if file.head_id == digits else LinkedBy.MEMBER_ID)


def link_on_arrival(sender, instance, created, raw=False, **kwargs):
    """post_save of a Case: a new help request whose applicant is on a file is linked to it, in the same
    transaction as the request itself (other kinds, and requests without an ID, cost no query)."""
    if not created or raw:
        return
    case = instance
    submission = case.submission
    if submission.kind != FormKind.HELP_REQUEST or not submission.applicant_national_id:
        return
    file, how = file_of_person(site_id_of(case), submission.applicant_national_id)
    if file is not None:
        link_request(file, case, how)


def follow_the_move(sender, case, from_status, to_status, user=None, **kwargs):
    """case_moved (after the move committed): an accepted help request opens its family's file under
    registration; completing the registration makes that file active."""
    if case.submission.kind != FormKind.HELP_REQUEST:
        return
    if to_status == Status.ACCEPTED:
        open_file_for(case, user)
    elif to_status == Status.REGISTERED:
        activate_file_of(case, user)


@transaction.atomic
def open_file_for(case, user=None) -> BeneficiaryFile | None:
    """The file of an accepted request's family: the one it is linked to, or one opened now from what the
    request carried. None when the applicant gave no usable ID (staff then open the file by hand)."""
    link = FileRequest.objects.filter(case=case).select_related("file").first()
    if link is not None:
        return link.file
    submission = case.submission
    site_id = site_id_of(case)
    file, how = file_of_person(site_id, submission.applicant_national_id)
    if file is None:
        try:
            kind, digits = clean_identity(submission.applicant_national_id)
        except ValidationError:  # no valid ID on the request: nothing to key a file on
            logger.info("Request %s was accepted without a usable ID: no file opened", case.pk)
            return None
        file = BeneficiaryFile.objects.create(
            site_id=site_id, head_name=submission.applicant_name, head_id_kind=kind, head_id=digits,
            mobile=submission.applicant_mobile, city=str(submission.data.get("city", ""))[:100],
        )  # fmt: skip
        how = LinkedBy.ACCEPTANCE
        audit.record(file, audit.OPENED, user=user, reference=submission.reference)
    link_request(file, case, how, user)
    return file


def link_request(file, case, how, user=None) -> FileRequest:
    """Link a request to a family's file, on the file's timeline."""
    linked = FileRequest.objects.create(file=file, case=case, linked_by=how)
    audit.record(file, audit.LINKED, user=user, reference=case.submission.reference, how=how)
    return linked


def activate_file_of(case, user=None) -> BeneficiaryFile | None:
    """Registration completed on the request: its family's file (opened on acceptance) becomes active."""
    file = open_file_for(case, user)
    if file is not None and file.status == FileStatus.REGISTERING:
        # The first verification falls due the groups' period after the registration (unless staff set one).
        due = file.next_verification or VerificationSettings.for_site(file.site).next_verification(
            file.groups.values_list("pk", flat=True), timezone.localdate()
        )
        BeneficiaryFile.objects.filter(pk=file.pk, status=FileStatus.REGISTERING).update(
            status=FileStatus.ACTIVE, activated_at=timezone.now(), status_changed_at=timezone.now(),
            next_verification=due, version=file.version + 1,
        )  # fmt: skip
        file.refresh_from_db()
        audit.record(file, audit.ACTIVATED, user=user)
    return file


def missing_for_registration(file: BeneficiaryFile) -> list[str]:
    """What a file opened from a request usually lacks: shown on the request's page until it is filled in."""
    missing = [
        label
        for present, label in (
            (file.head_sex, _("sex of the head of the family")),
            (file.mobile, _("mobile")),
            (file.city, _("city")),
            (file.district, _("district")),
            (file.groups.exists(), _("beneficiary groups")),
            (file.members.exists(), _("household members")),
            (file.incomes.exists() or file.expenses.exists(), _("income and expenses")),
        )
        if not present
    ]
    return [str(label) for label in missing]
