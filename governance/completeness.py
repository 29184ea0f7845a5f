"""Is everything published, and up to date? The rules behind the report, the panel and the daily check.

Every item is in one of four states on a given day:

- present: what is owed today is published;
- due: a period ended and its publication is owed, but its deadline has not passed
  (the previous one is still shown);
- out of date: the deadline passed and only older ones are published;
- missing: nothing has ever been published for it.

Present and due count towards the completeness percentage.

Each association has its own list and its own records: `build_report(site)` reads only that association's.
"""

import dataclasses
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale

from governance import fiscal
from governance.models import (
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    DisclosureItem,
    ExecutiveMember,
    fiscal_calendar,
)

PRESENT, DUE, OUT_OF_DATE, MISSING = "present", "due", "out_of_date", "missing"
STATE_LABELS = {
    PRESENT: _("Present"),
    DUE: pgettext_lazy("disclosure state", "Due"),
    OUT_OF_DATE: _("Out of date"),
    MISSING: _("Missing"),
}
SATISFIED = {PRESENT, DUE}
Source, Renewal = DisclosureItem.Source, DisclosureItem.Renewal


@dataclasses.dataclass
class ItemStatus:
    item: DisclosureItem
    state: str
    period: str = ""  # what is owed, as a stable key: "fy-2025", "term-2026-05-31", "until-2026-01-01", "first"
    year: int | None = None  # the fiscal year owed, for yearly items
    deadline: datetime.date | None = None
    latest: object = None
    calendar: str = ""  # the association's fiscal calendar, for the year's label

    @property
    def satisfied(self) -> bool:
        return self.state in SATISFIED

    @property
    def label(self):
        return STATE_LABELS[self.state]

    def year_label(self, language: str) -> str:
        calendar_name = self.calendar or fiscal_calendar(site=self.item.site_id)
        return fiscal.year_label(self.year, calendar_name, language) if self.year else ""

    @property
    def add_url(self) -> str:
        """Where in the admin the owed item is added (or, for a board term, updated)."""
        return action_url(self)


@dataclasses.dataclass
class Report:
    statuses: list[ItemStatus]
    today: datetime.date

    @property
    def percentage(self) -> int:
        if not self.statuses:
            return 100
        return int(100 * sum(status.satisfied for status in self.statuses) / len(self.statuses))

    def count(self, state: str) -> int:
        return sum(status.state == state for status in self.statuses)

    count_present = property(lambda self: self.count(PRESENT))
    count_due = property(lambda self: self.count(DUE))
    count_out_of_date = property(lambda self: self.count(OUT_OF_DATE))
    count_missing = property(lambda self: self.count(MISSING))

    @property
    def problems(self) -> list[ItemStatus]:
        return [status for status in self.statuses if not status.satisfied]


# --- Records each source provides ---------------------------------------------------------
def _records(item: DisclosureItem) -> list:
    """The item's published records: objects with a `fiscal_year`, a `date` and perhaps a `valid_until`."""
    if item.source == Source.DOCUMENT:
        return list(
            DisclosureDocument.objects.for_site(item.site_id).filter(
                item__translation_key=item.translation_key, locale=item.locale, document__isnull=False
            )
        )
    if item.source == Source.ASSEMBLY:
        meetings = AssemblyMeeting.objects.for_site(item.site_id)
        return list(meetings.filter(locale=item.locale, kind=AssemblyMeeting.Kind.ORDINARY))
    return []


def _exists(item: DisclosureItem) -> bool:
    if item.source == Source.COMMITTEES:
        return Committee.objects.for_site(item.site_id).filter(locale=item.locale).exists()
    if item.source == Source.EXECUTIVE:
        return ExecutiveMember.objects.for_site(item.site_id).filter(locale=item.locale).exists()
    if item.source == Source.POLICY:
        return item.policy is not None and item.policy.live
    if item.source == Source.BOARD:
        return BoardMember.objects.for_site(item.site_id).filter(locale=item.locale).exists()
    return bool(_records(item))


# --- The rules -------------------------------------------------------------------------------
def evaluate(item: DisclosureItem, today: datetime.date, calendar_name: str) -> ItemStatus:
    if item.renewal == Renewal.FISCAL_YEAR:
        status = _yearly(item, today, calendar_name)
    elif item.renewal == Renewal.BOARD_TERM:
        status = _board_term(item, today)
    else:
        status = _kept_current(item, today)
    status.calendar = calendar_name
    return status


def _yearly(item, today, calendar_name) -> ItemStatus:
    records = _records(item)
    years = {record.fiscal_year for record in records if record.fiscal_year}
    latest = max(records, key=lambda record: (record.fiscal_year or 0, record.date or datetime.date.min), default=None)
    last_ended = fiscal.last_ended_year(today, calendar_name)

    def deadline(year):
        return fiscal.add_months(fiscal.year_bounds(year, calendar_name)[1], item.due_months)

    def owed(year, state):
        return ItemStatus(item, state, f"fy-{year}", year, deadline(year), latest)

    late = OUT_OF_DATE if years else MISSING
    if last_ended in years:
        return ItemStatus(item, PRESENT, f"fy-{last_ended}", last_ended, deadline(last_ended + 1), latest)
    if today <= deadline(last_ended):
        # Last year's is being prepared; the year before must be there meanwhile.
        if last_ended - 1 in years:
            return owed(last_ended, DUE)
        return owed(last_ended - 1, late)
    return owed(last_ended, late)


def _kept_current(item, today) -> ItemStatus:
    if item.source not in (Source.DOCUMENT, Source.ASSEMBLY):
        return ItemStatus(item, PRESENT if _exists(item) else MISSING, "" if _exists(item) else "first")
    records = _records(item)
    if not records:
        return ItemStatus(item, MISSING, "first")
    latest = max(records, key=lambda record: (record.date or datetime.date.min, record.pk))
    expires = getattr(latest, "valid_until", None)
    if expires is None or today <= expires:
        return ItemStatus(item, PRESENT, "", None, expires, latest)
    deadline = fiscal.add_months(expires, item.due_months)
    state = DUE if today <= deadline else OUT_OF_DATE
    return ItemStatus(item, state, f"until-{expires.isoformat()}", None, deadline, latest)


def _board_term(item, today) -> ItemStatus:
    """Out of date once a term has ended and no member's term has started since (the board not updated)."""
    members = list(BoardMember.objects.for_site(item.site_id).filter(locale=item.locale))
    if not members:
        return ItemStatus(item, MISSING, "first")
    ended = [member.term_end for member in members if member.term_end and member.term_end < today]
    if not ended:
        ends = [member.term_end for member in members if member.term_end]
        return ItemStatus(item, PRESENT, "", None, min(ends) if ends else None)
    last_end = max(ended)
    if any(member.term_start >= last_end for member in members):
        coming = [member.term_end for member in members if member.term_end and member.term_end >= today]
        return ItemStatus(item, PRESENT, "", None, min(coming) if coming else None)
    deadline = fiscal.add_months(last_end, item.due_months)
    state = DUE if today <= deadline else OUT_OF_DATE
    return ItemStatus(item, state, f"term-{last_end.isoformat()}", None, deadline)


def items(site):
    """The active items of the list of the association on `site` (a Site or its id), in the source language."""
    found = DisclosureItem.objects.for_site(site).filter(locale=Locale.get_default(), active=True)
    return found.select_related("policy")


def build_report(site, today: datetime.date | None = None) -> Report:
    """The report of the association on `site` (a Site or its id): its own list, its own records."""
    today = today or timezone.localdate()
    calendar_name = fiscal_calendar(site=site)
    return Report([evaluate(item, today, calendar_name) for item in items(site)], today)


# --- Admin links ---------------------------------------------------------------------------------
def _snippet_url(model, action: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def action_url(status: ItemStatus) -> str:
    item = status.item
    if item.source == Source.DOCUMENT:
        query = f"?item={item.pk}"
        if status.year and status.state != PRESENT:
            query += f"&fiscal_year={status.year}"
        return _snippet_url(DisclosureDocument, "add") + query
    if item.source == Source.ASSEMBLY:
        query = f"?fiscal_year={status.year}" if status.year and status.state != PRESENT else ""
        return _snippet_url(AssemblyMeeting, "add") + query
    if item.source == Source.BOARD:
        if status.state == MISSING:
            return _snippet_url(BoardMember, "add")
        return _snippet_url(BoardMember, "list")
    if item.source == Source.COMMITTEES:
        return _snippet_url(Committee, "add")
    if item.source == Source.EXECUTIVE:
        return _snippet_url(ExecutiveMember, "add")
    return _snippet_url(DisclosureItem, "edit", item.pk)


def list_url() -> str:
    return _snippet_url(DisclosureItem, "list")
