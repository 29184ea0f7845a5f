"""Counting the inbox listing without reading all of it.

A count reads every request it counts: at 100,000 requests, counting the 60,000
unassigned help requests per status cost more than the rest of the page
(bench/inbox.py). The listing therefore reads at most `limit` + 1 requests to
count them: up to the limit the totals per status are exact; past it the
listing says "more than" the limit, and its pages are numbered without a last
one. A page beyond those the limit covers is counted exactly (it is reached by
paging through a thousand requests, and its OFFSET reads them anyway).
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import InvalidPage
from wagtail.admin.paginator import WagtailPaginator

# Enough for a day's work in one listing; a listing longer than this is narrowed, not read to its end.
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class ListingCounts:
    """Requests per status, and the total, of a listing read up to `limit` + 1 requests."""

    limit: int
    total: int  # exact, or `limit` + 1 when the listing holds more than `limit` (not `exact`)
    exact: bool = True
    by_status: dict[str, int] = field(default_factory=dict)  # empty when the listing is past the limit

    @property
    def more_than_limit(self) -> bool:
        return not self.exact


def count_by_status(queryset, limit: int = COUNT_LIMIT) -> ListingCounts:
    """One query reading the statuses of at most `limit` + 1 requests of `queryset`, in any order."""
    statuses = list(queryset.order_by().values_list("status", flat=True)[: limit + 1])
    if len(statuses) > limit:
        return ListingCounts(limit=limit, total=limit + 1, exact=False)
    return ListingCounts(limit=limit, total=len(statuses), by_status=dict(Counter(statuses)))


def count_up_to(queryset, limit: int = COUNT_LIMIT) -> ListingCounts:
    """One query counting at most `limit` + 1 requests of `queryset`."""
    total = queryset.order_by().values("pk")[: limit + 1].count()
    return ListingCounts(limit=limit, total=total, exact=total <= limit)


def pages_known(counts: ListingCounts, per_page: int) -> int:
    """The pages surely followed by another: each page before the one holding request `limit` + 1."""
    return math.ceil(counts.total / per_page) - 1 if counts.more_than_limit else 0


class CappedPaginator(WagtailPaginator):
    """Wagtail's paginator with a total counted up to a limit (`counts`). Past the limit, only the
    pages before the one holding request `limit` + 1 are served by it (`pages_known`): each of them
    has a next page, and none is truncated, since the count stands above them all."""

    def __init__(self, object_list, per_page, *, counts: ListingCounts, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counts = counts
        self.__dict__["count"] = counts.total  # Paginator.count is a cached_property: no COUNT query

    @property
    def more_than(self) -> int | None:
        """The limit when the listing holds more requests than it, else None."""
        return self.counts.limit if self.counts.more_than_limit else None

    def get_elided_page_range(self, page_number):
        if not self.more_than:
            yield from super().get_elided_page_range(page_number)
            return
        # The first page, the ones around this one and the next, then an ellipsis: there is no last page to show.
        try:
            number = self.validate_number(page_number)
        except InvalidPage:  # as Paginator.get_page answers: the first page
            number = 1
        first = max(1, number - 2)
        if first > 1:
            yield 1
        if first > 2:
            yield self.ELLIPSIS
        yield from range(first, number + 2)
        yield self.ELLIPSIS
