"""Erasing family files past their retention period: closed or suspended for the years the association set
(beneficiaries.models.retention.FileRetentionSettings); active files and files under registration never.

Run by the inbox's daily retention command (`manage.py inbox_retention`), through its `inbox_retention` hook,
so one timer runs both. Each file is erased by `erasure.erase_file`, which writes the erasure log first; whether
it is still due is checked again with its row locked (someone may have reopened it since).
"""

import datetime

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from beneficiaries import erasure
from beneficiaries.models import BeneficiaryFile, FileRetentionSettings, FileStatus
from inbox.retention import RetentionReport

RETAINED = (FileStatus.CLOSED, FileStatus.SUSPENDED)
SUMMARY = "beneficiaries.retention_run"


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same moment `years` earlier (28 February for a 29th of February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


class Periods:
    """Each site's settings, read once a run."""

    def __init__(self):
        self._by_site = {}

    def settings(self, site_id) -> FileRetentionSettings:
        if site_id not in self._by_site:
            self._by_site[site_id] = FileRetentionSettings.for_site(Site.objects.get(pk=site_id))
        return self._by_site[site_id]

    def cutoff(self, site_id, status, now):
        years = self.settings(site_id).years_for(status)
        return None if years is None else years_before(now, years)


def is_due(file, now, periods) -> bool:
    cutoff = periods.cutoff(file.site_id, file.status, now)
    return cutoff is not None and file.status_changed_at < cutoff


def due_file_ids(now, periods) -> list[int]:
    """Closed and suspended files past their site's period, the longest-closed first."""
    due = []
    for site_id in Site.objects.values_list("pk", flat=True):
        for status in RETAINED:
            cutoff = periods.cutoff(site_id, status, now)
            rows = BeneficiaryFile.objects.filter(site_id=site_id, status=status, status_changed_at__lt=cutoff)
            due += rows.values_list("status_changed_at", "pk")
    return [pk for _changed, pk in sorted(due)]


def run(now=None, limit=None, dry_run=False) -> tuple[str, RetentionReport]:
    """Erase every file past its period (at most `limit`); for the inbox's `inbox_retention` hook."""
    now = now or timezone.now()
    periods = Periods()
    report = RetentionReport()
    ids = due_file_ids(now, periods)
    if limit is not None:
        ids = ids[:limit]
    report.due = len(ids)
    if dry_run:
        return "family file(s)", report
    site_of_file = dict(BeneficiaryFile.objects.filter(pk__in=ids).values_list("pk", "site_id"))
    by_site = {}  # site id -> [erased, kept]: each association's run is logged on its own settings
    for file_id in ids:
        counts = by_site.setdefault(site_of_file.get(file_id), [0, 0])
        try:
            erased = erasure.erase_file(
                file_id, action=erasure.RETENTION, still_wanted=lambda file: is_due(file, now, periods)
            )
        except erasure.ErasureFailed:
            report.failed.append(file_id)
            counts[1] += 1
            continue
        if erased is not None:
            report.deleted += 1
            counts[0] += 1
    for site_id, (erased, kept) in by_site.items():
        if site_id is not None and (erased or kept):
            log(periods.settings(site_id), SUMMARY, data={"erased": erased, "kept": kept})
    return "family file(s)", report
