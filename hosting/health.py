"""Each association's health, in counts only (the operator sees no applicant's data)."""

import datetime
import os

from backups.backup import sets
from backups.stores import Store
from governance.completeness import build_report
from inbox.models import Case


def disclosure_percentage(site) -> int:
    """How complete the disclosure list of the association on `site` is (its own list, its own records)."""
    return build_report(site).percentage


def overdue_requests(site) -> int:
    """How many of the association's requests are overdue."""
    return Case.objects.overdue().for_site(site).count()


def last_backup() -> datetime.datetime | None:
    """When the latest complete backup was taken (the deployment's, which holds every association), if known."""
    location = os.environ.get("BACKUP_LOCATION", "").strip()
    if not location:
        return None
    try:
        complete = sets(Store.parse(location))
    except Exception:  # an unreachable store: the screen says "unknown" rather than failing
        return None
    if not complete:
        return None
    return datetime.datetime.strptime(complete[-1], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
