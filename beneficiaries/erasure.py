"""Erasing a family's file, or one member of its household (PDPL erasure and retention), through the erasure log.

The order follows the inbox's removal of a request (inbox.retention.remove_case): with the file's row locked,
the removal is written to the erasure log first (a write-ahead record in the private storage that a database
restore cannot undo: `erasure_replay` removes it again after a restore, through the `inbox_erasure_subjects`
hook), then the rows change in one transaction; the stored copies of its documents and the deliveries' receipts
are deleted once that transaction commits.

A file's erasure keeps:
- its deliveries, for the reports: the amount, quantity, service, fund, kind and dates stay, detached from the
  file (`file` empty) and pointing at an `AnonymisedFile` (association, city, household size, dates); the
  note, the reason for a repeat, the receipt, the confirmation code and the link to the request go;
- its timeline: entries hold codes and counts only (beneficiaries.audit), and one more says it was erased.
Everything else (the head, members, income, expenses, documents, requests' links, delivery plans) is deleted.

A member's erasure deletes their row from the household and notes it, as a count, on the file's timeline.
A record names no one: the row's id and a keyed fingerprint of values it keeps for life.
"""

import datetime
import logging

from django.db import transaction

from beneficiaries import audit
from beneficiaries.models import AnonymisedFile, BeneficiaryFile, Delivery, ErasedBy, FileDocument, HouseholdMember
from forms.records import private_storage
from inbox import erasure_log, erasure_replay

FILE, MEMBER = "beneficiaries.file", "beneficiaries.member"
ERASE, RETENTION = "beneficiaries.erase", "beneficiaries.retention"

logger = logging.getLogger(__name__)


class ErasureFailed(Exception):
    """The log could not be written or the database failed: nothing was erased, it is tried again."""


def file_parts(file) -> list[str]:
    """What a file keeps for life: its association and when it was opened (never edited)."""
    return [str(file.site_id), file.opened_at.astimezone(datetime.UTC).isoformat()]


def member_parts(member) -> list[str]:
    """What a member keeps for life: their ID number (empty for an infant; no correction offers it)."""
    return [member.id_number]


def _remove_after_commit(names):
    def remove():
        storage = private_storage()
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 -- a file left behind is logged (and swept), never an error for anyone
                logger.exception("Could not remove an erased file's stored file")

    if names:
        transaction.on_commit(remove)


def erase_file(file_id, *, action=ERASE, user=None, still_wanted=None, record_erasure=True):
    """Erase the file (see the module's docstring); return its `AnonymisedFile`, or None when the file is gone or
    `still_wanted(file)` (checked with the row locked) says no any more. Raises ErasureFailed, changing nothing."""
    try:
        with transaction.atomic():
            file = BeneficiaryFile.objects.select_for_update().filter(pk=file_id).first()
            if file is None or (still_wanted is not None and not still_wanted(file)):
                return None
            if record_erasure:
                erasure_log.write_subject(FILE, file.pk, file_parts(file), action)
            deliveries = Delivery.objects.filter(file=file)
            receipts = list(deliveries.exclude(receipt="").values_list("receipt", flat=True))
            counts = {
                "members": file.members.count(),
                "documents": FileDocument.objects.filter(file=file).count(),
                "deliveries": deliveries.count(),
            }
            anonymised = AnonymisedFile.objects.create(
                site_id=file.site_id, city=file.city, household_size=1 + counts["members"], status=file.status,
                opened_at=file.opened_at, erased_by=ErasedBy.RETENTION if action == RETENTION else ErasedBy.REQUEST,
            )  # fmt: skip
            deliveries.update(
                file=None, anonymised_file=anonymised, case=None, plan=None, note="", duplicate_reason="",
                receipt="", receipt_name="", receipt_content_type="", code_hash="",
            )  # fmt: skip
            audit.record(file, audit.ERASED, user=user, reason=action, **counts)
            file.delete()  # the documents' stored copies go after the commit (documents.remove_stored_file)
            _remove_after_commit(receipts)
    except Exception as error:
        logger.exception("Could not erase family file %s", file_id)
        raise ErasureFailed(file_id) from error
    return anonymised


def erase_member(member_id, *, action=ERASE, user=None, record_erasure=True):
    """Delete the household member's row, logged first; return the file's id, or None when already gone."""
    try:
        with transaction.atomic():
            member = HouseholdMember.objects.select_for_update().filter(pk=member_id).first()
            if member is None:
                return None
            if record_erasure:
                erasure_log.write_subject(MEMBER, member.pk, member_parts(member), action)
            file = member.file
            member.delete()
            audit.record(file, audit.MEMBER_ERASED, user=user, reason=action, members=1)
    except Exception as error:
        logger.exception("Could not erase household member %s", member_id)
        raise ErasureFailed(member_id) from error
    return file.pk


# --- replaying the erasure log after a restore ---------------------------------------------------
def replay_file(record, user=None) -> str:
    file = BeneficiaryFile.objects.filter(pk=record.object_id).first()
    if file is None:
        return erasure_replay.ABSENT
    if not erasure_log.matches_subject(record, file_parts(file)):
        return erasure_replay.OTHER_ROW
    try:
        erased = erase_file(file.pk, action=record.action or ERASE, user=user, record_erasure=False)
    except ErasureFailed:
        return erasure_replay.FAILED
    return erasure_replay.REMOVED if erased is not None else erasure_replay.ABSENT


def replay_member(record, user=None) -> str:
    member = HouseholdMember.objects.filter(pk=record.object_id).first()
    if member is None:
        return erasure_replay.ABSENT
    if not erasure_log.matches_subject(record, member_parts(member)):
        return erasure_replay.OTHER_ROW
    try:
        erased = erase_member(member.pk, action=record.action or ERASE, user=user, record_erasure=False)
    except ErasureFailed:
        return erasure_replay.FAILED
    return erasure_replay.REMOVED if erased is not None else erasure_replay.ABSENT


def replayers() -> dict:
    """For the inbox's `inbox_erasure_subjects` hook."""
    return {FILE: replay_file, MEMBER: replay_member}
