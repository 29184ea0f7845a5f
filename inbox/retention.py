"""Deleting finished requests once their kind's retention period has passed.

A request is finished at every status its kind's lifecycle declares final
(`Lifecycle.final_statuses`: closed, withdrawn, spam, a recorded survey answer,
and any status added later that no move leaves), never at a list kept here.
The period counts from when the request reached that status or, where a move
can still reopen it for a while (spam's "Not spam"), from the end of that
while, whichever is later. It is the kind's number of days in the inbox
settings of the site the form is on (the default site's when the form is on none).

Each request is removed by `remove_case`, which erasure (inbox.personal_data)
uses too: one `AnonymisedCase` row is kept with what statistics need and
nothing that names a person, then the submission and everything hanging
from it (case, timeline, attachments, notifications) is deleted.

The order: with the request's row locked, the removal is written to the
erasure log (inbox/erasure_log.py: a restored backup cannot bring it back),
its files are deleted from the private storage next, then the anonymous row
is written and the rows are deleted, in one transaction. Rows first would
leave files nobody can find (only the orphan sweep would catch them, and a
storage failure could not keep the request for another try); files first
means a failure leaves the request in place, to be tried again by the next
run, where deleting a file that is already gone is not an error. If a failure strikes after some files
were deleted, a log entry on the request (`inbox.retention`/`inbox.erase`
with `removal_failed`) records it, so no row points at a missing file without a record.

Other apps' retention (a family's file, closed or suspended for long enough) runs
in the same command, so the daily timer runs once: each registers a function
for the `inbox_retention` hook (`OTHERS_HOOK`), called as
`run(now=..., limit=..., dry_run=...)` and returning `(what, RetentionReport)`,
`what` being a plural noun for the command's output ("family files").
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import Page, Site

from forms.kinds import FieldType, FormKind
from forms.models import FormField, private_storage
from inbox import audit, erasure_log
from inbox.lifecycle import LIFECYCLES, lifecycle_of
from inbox.models import AnonymisedCase, Case, CaseEvent, InboxSettings

logger = logging.getLogger(__name__)
OTHERS_HOOK = "inbox_retention"


class RemovalFailed(Exception):
    """A request could not be removed (storage or database); it was left in place."""

    def __init__(self, case_id, files_removed, error):
        self.case_id = case_id
        self.files_removed = files_removed
        self.error = error
        super().__init__(f"request {case_id}: {error!r} after {files_removed} file(s) deleted")


# --- the anonymous row ----------------------------------------------------------------
def rating_key(form_page_id, cache=None) -> str | None:
    """The key of the form's first rating question, if it has one."""
    if form_page_id is None:
        return None
    if cache is not None and form_page_id in cache:
        return cache[form_page_id]
    key = (
        FormField.objects.filter(page_id=form_page_id, field_type=FieldType.RATING)
        .order_by("sort_order", "pk")
        .values_list("key", flat=True)
        .first()
    )
    if cache is not None:
        cache[form_page_id] = key
    return key


def satisfaction_of(submission, key) -> int | None:
    if not key:
        return None
    try:
        value = int(str(submission.data.get(key, "")).strip())
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 5 else None


def anonymise(case, rating_cache=None) -> AnonymisedCase:
    """The unsaved anonymous row for `case`: kind, form, service, language, channel, dates, moves, rating."""
    submission = case.submission
    moves = [
        {"from": from_status, "to": to_status, "at": at.isoformat()}
        for from_status, to_status, at in case.events.filter(kind=CaseEvent.Kind.MOVE)
        .order_by("created_at", "pk")
        .values_list("from_status", "to_status", "created_at")
    ]
    return AnonymisedCase(
        site_id=submission.site_id,
        kind=submission.kind,
        form_key=submission.form_key,
        form_title=submission.form_title,
        service_id=submission.service_id,
        service_title=submission.service_title,
        language=submission.language,
        channel=getattr(submission, "channel", ""),
        final_status=case.status,
        received_at=submission.submitted_at,
        due_date=case.due_date,
        answered_at=case.answered_at,
        closed_at=case.closed_at,
        moves=moves,
        satisfaction=satisfaction_of(submission, rating_key(submission.form_page_id, rating_cache)),
    )


# --- removing one request ---------------------------------------------------------------
def remove_case(
    case_id, *, action="inbox.retention", user=None, still_wanted=None, rating_cache=None, record_erasure=True
):
    """Delete the request (files first, then rows), keeping its anonymous row; return that row.

    Returns None when the request is gone or `still_wanted(case)` says no any more
    (it is checked with the row locked). Raises RemovalFailed, leaving the rows.
    The removal is written to the erasure log first (inbox/erasure_log.py), so that
    restoring an older backup cannot bring the request back; a replay of that log
    passes `record_erasure=False`.
    """
    storage = private_storage()
    files_removed = 0
    case = None
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("submission").filter(pk=case_id).first()
            if case is None or (still_wanted is not None and not still_wanted(case)):
                return None
            anonymised = anonymise(case, rating_cache)
            if record_erasure:
                erasure_log.write(case.submission, action)
            for name in case.submission.attachments.values_list("file", flat=True):
                storage.delete(name)  # a file already gone is not an error
                files_removed += 1
            anonymised.save()
            case.submission.delete()
    except Exception as error:
        logger.exception("Could not remove request %s", case_id)
        if case is not None and files_removed:
            try:
                log(case, action, user=user, data={"removal_failed": True, "files_removed": files_removed})
            except Exception:
                logger.exception("Could not record the failed removal of request %s", case_id)
        raise RemovalFailed(case_id, files_removed, error) from error
    return anonymised


# --- which requests are due ----------------------------------------------------------------
class RetentionRules:
    """Days to keep each kind, per form page's site; looked up once per page and site."""

    def __init__(self):
        self.default_site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        self._by_site = {}
        self._site_of_page = {}

    def settings_for_site(self, site):
        site_id = site.pk if site else None
        if site_id not in self._by_site:
            self._by_site[site_id] = InboxSettings.for_site(site) if site else InboxSettings()
        return self._by_site[site_id]

    def settings_for_page(self, page_id):
        if page_id not in self._site_of_page:
            site = None
            if page_id is not None:
                page = Page.objects.filter(pk=page_id).first()
                site = page.get_site() if page else None
            self._site_of_page[page_id] = site or self.default_site
        return self.settings_for_site(self._site_of_page[page_id])

    def days(self, kind, page_id) -> int:
        return self.settings_for_page(page_id).retention_days(kind)

    def shortest(self) -> int:
        """The shortest period of any kind on any site: nothing finished more recently is looked at."""
        sites = list(Site.objects.all()) or [None]
        return min(self.settings_for_site(site).retention_days(kind) for site in sites for kind in FormKind.values)


def retained_statuses(kind) -> frozenset:
    """The statuses at which a request of `kind` has ended: its lifecycle's final ones."""
    return lifecycle_of(kind).final_statuses


def retained_from(kind, status, finished_at):
    """When the period starts: the request's end, or the end of the time in which it can be reopened."""
    return finished_at + datetime.timedelta(days=lifecycle_of(kind).reopen_days(status))


def finished_cases():
    """Finished requests, each with `finished_at`: when it reached its final status."""
    finished = ~Q(submission__kind__in=list(LIFECYCLES)) & Q(status__in=retained_statuses(None))
    for kind in LIFECYCLES:
        finished |= Q(submission__kind=kind, status__in=retained_statuses(kind))
    return Case.objects.filter(finished).annotate(finished_at=F("status_changed_at"))


def due_case_ids(now=None, rules=None):
    """The ids of finished requests past their kind's period, oldest first."""
    now = now or timezone.now()
    rules = rules or RetentionRules()
    earliest = now - datetime.timedelta(days=rules.shortest())
    candidates = (
        finished_cases()
        .filter(finished_at__lt=earliest)
        .order_by("finished_at", "pk")
        .values_list("pk", "submission__kind", "submission__form_page_id", "status", "finished_at")
    )
    for pk, kind, page_id, status, finished_at in candidates.iterator(chunk_size=2000):
        if retained_from(kind, status, finished_at) < now - datetime.timedelta(days=rules.days(kind, page_id)):
            yield pk


def is_due(case, now, rules) -> bool:
    """Checked again with the row locked: someone may have reopened it since."""
    kind = case.submission.kind
    if case.status not in retained_statuses(kind):
        return False
    start = retained_from(kind, case.status, case.status_changed_at)
    return start < now - datetime.timedelta(days=rules.days(kind, case.submission.form_page_id))


@dataclasses.dataclass
class RetentionReport:
    deleted: int = 0
    failed: list = dataclasses.field(default_factory=list)  # ids of requests left for the next run
    due: int = 0


def run(now=None, limit=None, dry_run=False) -> RetentionReport:
    """Delete every finished request past its period (at most `limit`); log the counts."""
    now = now or timezone.now()
    rules = RetentionRules()
    report = RetentionReport()
    ids = list(due_case_ids(now, rules))
    if limit is not None:
        ids = ids[:limit]
    report.due = len(ids)
    if dry_run:
        return report
    rating_cache = {}
    for case_id in ids:
        try:
            removed = remove_case(
                case_id, action="inbox.retention", still_wanted=lambda case: is_due(case, now, rules),
                rating_cache=rating_cache,
            )  # fmt: skip
        except RemovalFailed:
            report.failed.append(case_id)
            continue
        if removed is not None:
            report.deleted += 1
    if report.deleted or report.failed:
        audit.record("inbox.retention", deleted=report.deleted, kept=len(report.failed))
    return report


def run_others(now=None, limit=None, dry_run=False) -> list[tuple[str, RetentionReport]]:
    """Every other app's retention (the `inbox_retention` hook), in the order registered."""
    now = now or timezone.now()
    return [run_one(now=now, limit=limit, dry_run=dry_run) for run_one in hooks.get_hooks(OTHERS_HOOK)]
