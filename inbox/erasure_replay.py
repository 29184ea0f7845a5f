"""Replaying the erasure log after a restore: every request it records is removed again.

The log itself (inbox/erasure_log.py) sits below the removal it records
(`retention.remove_case` writes to it first); the replay sits above both, as it
reads the log and removes with that same `remove_case`. `backups.restore` and
`manage.py replay_erasures` call it.
"""

import dataclasses

from forms.models import Submission
from inbox import audit, erasure_log, retention


@dataclasses.dataclass
class ReplayReport:
    records: int = 0
    removed: list = dataclasses.field(default_factory=list)  # submission ids removed again
    absent: int = 0  # already gone (removed before the backup, or by an earlier replay)
    other_request: int = 0  # the id now belongs to another request: left alone
    failed: list = dataclasses.field(default_factory=list)  # ids that could not be removed (tried again next time)


def replay(since, user=None) -> ReplayReport:
    """Remove again every request recorded at or after `since` that this database still holds."""
    report = ReplayReport()
    rating_cache = {}
    for record in erasure_log.records(since):
        report.records += 1
        row = Submission.objects.filter(pk=record.submission_id).values("reference", "submitted_at").first()
        if row is None:
            report.absent += 1
            continue
        if not erasure_log.matches(record, record.submission_id, row["reference"], row["submitted_at"]):
            report.other_request += 1
            continue
        try:
            removed = retention.remove_case(
                record.submission_id, action=record.action or "inbox.erase", user=user,
                rating_cache=rating_cache, record_erasure=False,
            )  # fmt: skip
        except retention.RemovalFailed:
            report.failed.append(record.submission_id)
            continue
        if removed is None:
            report.absent += 1
        else:
            report.removed.append(record.submission_id)
    if report.removed or report.failed:
        audit.record("inbox.erasure_replay", user=user, requests=len(report.removed), kept=len(report.failed))
    return report
