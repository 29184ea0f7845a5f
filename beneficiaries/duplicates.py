"""Possible duplicates of a family's file, and merging two files into one.

A family may have been opened twice: walked in once and applied online another time, or registered by a
spouse. Files of one association that share a mobile, the head's name, or a person (an ID on both files) are
flagged; staff who may merge files compare them and merge the one into the other, on the kept file's timeline.
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from beneficiaries import audit
from beneficiaries.editing import claim_version
from beneficiaries.models import BeneficiaryFile, CampaignFamily, FileLogEntry, FileStatus, HouseholdMember

SAME_MOBILE = _("same mobile")
SAME_NAME = _("same name of the head")
SAME_PERSON = _("a person on both files")
MOST_SHOWN = 10


@dataclasses.dataclass
class PossibleDuplicate:
    file: BeneficiaryFile
    reasons: list


def ids_on(file: BeneficiaryFile) -> set[str]:
    return {file.head_id, *(member.id_number for member in file.members.all() if member.id_number)}


def possible_duplicates(file: BeneficiaryFile) -> list[PossibleDuplicate]:
    """Other files of the association that may be this family's (two queries)."""
    mobiles = {number for number in (file.mobile, file.other_mobile) if number}
    ids = ids_on(file)
    # One indexed subquery per reason, joined by UNION (an OR across the members' join reads every file).
    files = BeneficiaryFile.objects.filter(site_id=file.site_id).order_by()
    found = (
        files.filter(head_id__in=ids)
        .values("pk")
        .union(HouseholdMember.objects.order_by().filter(id_number__in=ids).values("file_id"))
    )
    if mobiles:
        found = found.union(files.filter(mobile__in=mobiles).values("pk"))
        found = found.union(files.filter(other_mobile__in=mobiles).values("pk"))
    if file.head_name_search:
        found = found.union(files.filter(head_name_search=file.head_name_search).values("pk"))
    candidates = (
        BeneficiaryFile.objects.filter(site_id=file.site_id, pk__in=found)
        .exclude(pk=file.pk)
        .order_by("pk")
        .prefetch_related("members")[:MOST_SHOWN]
    )
    duplicates = []
    for other in candidates:
        reasons = []
        if mobiles & {other.mobile, other.other_mobile}:
            reasons.append(SAME_MOBILE)
        if file.head_name_search and other.head_name_search == file.head_name_search:
            reasons.append(SAME_NAME)
        if ids & ids_on(other):
            reasons.append(SAME_PERSON)
        duplicates.append(PossibleDuplicate(other, reasons))
    return duplicates


def related_to_files():
    """Every one-to-many relation pointing at a file (members, incomes, requests, documents, deliveries, ...),
    but the timeline, whose entries stay with the file they were written about."""
    return [
        relation
        for relation in BeneficiaryFile._meta.get_fields(include_hidden=True)
        if relation.one_to_many and relation.auto_created and relation.related_model is not FileLogEntry
    ]


def both_chosen(kept: BeneficiaryFile, merged: BeneficiaryFile):
    """A campaign that chose both files keeps one row for the family: the one that collected, else the kept
    file's (the other row goes before the merged file's rows move)."""
    kept_rows = {row.campaign_id: row for row in CampaignFamily.objects.filter(file=kept)}
    for row in CampaignFamily.objects.filter(file=merged, campaign_id__in=list(kept_rows)):
        if row.collected_id and not kept_rows[row.campaign_id].collected_id:
            kept_rows[row.campaign_id].delete()
        else:
            row.delete()


@transaction.atomic
def merge(kept: BeneficiaryFile, merged: BeneficiaryFile, *, versions=(None, None), head_as_member=None, user=None):
    """Move everything of `merged` onto `kept` and delete `merged`, in one transaction.

    A person already on `kept` (by ID) is not added twice. `merged`'s head joins `kept`'s household as a member
    unless their ID is already there; `head_as_member` gives their relation and sex. `versions` are the
    versions each file was read at (the second of two staff merging at once is refused: editing.StaleFile).
    """
    if kept.site_id != merged.site_id or kept.pk == merged.pk:
        raise ValueError("Only two different files of one association can be merged")
    # Lock both rows in one order, so two merges of the same pair wait for each other rather than deadlock.
    list(BeneficiaryFile.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk]).order_by("pk"))
    claim_version(kept, versions[0])
    claim_version(merged, versions[1])
    known_ids = ids_on(kept)
    added = 0
    if merged.head_id not in known_ids:
        relation, sex = head_as_member or ("other", "")
        HouseholdMember.objects.create(
            file=kept, name=merged.head_name, id_kind=merged.head_id_kind, id_number=merged.head_id,
            relation=relation, sex=sex,
        )  # fmt: skip
        known_ids.add(merged.head_id)
        added += 1
    for member in merged.members.all():
        if member.id_number and member.id_number in known_ids:
            continue
        member.file = kept
        member.save(update_fields=["file"])
        added += 1
    both_chosen(kept, merged)
    counts = {}
    for relation in related_to_files():
        if relation.related_model is HouseholdMember:
            continue
        moved = relation.related_model._base_manager.filter(**{relation.field.name: merged}).update(
            **{relation.field.name: kept}
        )
        counts[relation.related_model._meta.model_name] = moved
    kept.groups.add(*merged.groups.all())
    fill_blanks(kept, merged)
    kept.save()
    audit.record(kept, audit.MERGED, user=user, merged_file=merged.pk, members=added,
                 requests=counts.get("filerequest", 0))  # fmt: skip
    audit.record(merged, audit.MERGED_INTO, user=user, kept_file=kept.pk)
    merged.delete()
    return kept


def fill_blanks(kept: BeneficiaryFile, merged: BeneficiaryFile) -> None:
    """What `kept` lacks and `merged` knows; the earlier verification due; active if either was."""
    if not kept.mobile:
        kept.mobile, kept.other_mobile = merged.mobile, kept.other_mobile or merged.other_mobile
    elif not kept.other_mobile and merged.mobile != kept.mobile:
        kept.other_mobile = merged.mobile
    for field in ("city", "district"):
        if not getattr(kept, field):
            setattr(kept, field, getattr(merged, field))
    dues = [day for day in (kept.next_verification, merged.next_verification) if day]
    kept.next_verification = min(dues, default=None)
    if merged.status == FileStatus.ACTIVE and kept.status == FileStatus.REGISTERING:
        kept.status, kept.activated_at = FileStatus.ACTIVE, merged.activated_at
