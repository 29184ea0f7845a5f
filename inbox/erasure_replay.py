"""Replaying the erasure log after a restore: every request it records is removed again.

The log itself (inbox/erasure_log.py) sits below the removal it records
(`retention.remove_case` writes to it first); the replay sits above both, as it
reads the log and removes with that same `remove_case`. `backups.restore` and
`manage.py replay_erasures` call it.

Records of other subjects (a family's file, a household member: apps above the
inbox write them with `erasure_log.write_subject`) are handed to whoever
registered the subject through the `inbox_erasure_subjects` hook: a function
returning `{subject: replay_one}`, where `replay_one(record, user)` removes the
row again and returns one of the outcomes below. The inbox imports none of them.
"""

import dataclasses

from wagtail import hooks

from forms.models import Submission
from inbox import audit, erasure_log, retention

SUBJECTS_HOOK = "inbox_erasure_subjects"
REMOVED, ABSENT, OTHER_ROW, FAILED = "removed", "absent", "other_row", "failed"


@dataclasses.dataclass
class ReplayReport:
    records: int = 0
    removed: list = dataclasses.field(default_factory=list)  # submission ids removed again
    absent: int = 0  # already gone (removed before the backup, or by an earlier replay)
    other_request: int = 0  # the id now belongs to another request: left alone
    failed: list = dataclasses.field(default_factory=list)  # ids that could not be removed (tried again next time)
    # Other subjects' records: {subject: {outcome: count}}, outcomes as above (and "unknown": nobody registered it).
    subjects: dict = dataclasses.field(default_factory=dict)

    def count(self, subject, outcome):
        counts = self.subjects.setdefault(subject, {REMOVED: 0, ABSENT: 0, OTHER_ROW: 0, FAILED: 0})
        counts[outcome] = counts.get(outcome, 0) + 1

    def total(self, outcome) -> int:
        return sum(counts.get(outcome, 0) for counts in self.subjects.values())


def replayers() -> dict:
    """{subject: replay_one} from every app that registered some."""
    found = {}
    for registered in hooks.get_hooks(SUBJECTS_HOOK):
        found.update(registered())
    return found


def replay(since, user=None) -> ReplayReport:
    """Remove again every request recorded at or after `since` that this database still holds."""
    report = ReplayReport()
    rating_cache = {}
    others = None
    for record in erasure_log.records(since):
        report.records += 1
        if record.subject != erasure_log.SUBMISSION:
            others = replayers() if others is None else others
            replay_one = others.get(record.subject)
            report.count(record.subject, replay_one(record, user) if replay_one else "unknown")
            continue
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
    others_removed, others_failed = report.total(REMOVED), report.total(FAILED)
    if report.removed or report.failed or others_removed or others_failed:
        audit.record(
            "inbox.erasure_replay", user=user, requests=len(report.removed), kept=len(report.failed) + others_failed,
            **({"others": others_removed} if report.subjects else {}),
        )  # fmt: skip
    return report
