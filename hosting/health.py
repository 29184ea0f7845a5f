"""Each association's health, in counts only (the operator sees no applicant's data)."""

import datetime
import os

from django.db.models import Q

from backups.backup import sets
from backups.stores import Store
from governance.completeness import build_report
from inbox.models import Case


def disclosure_percentage() -> int:
    """How complete the disclosure list is.

    TODO(lead): per association once governance's records carry their site; today the list and its
    documents are the deployment's, so every association shows the same figure."""
    return build_report().percentage


def overdue_requests(site) -> int:
    """How many of the association's requests are overdue.

    TODO(lead): count by `submission__site=site` once Submission carries its site; meanwhile by the form page
    under the site's home page or its translations."""
    roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
    under = Q()
    for path in roots:
        under |= Q(submission__form_page__path__startswith=path)
    return Case.objects.overdue().filter(under).count()


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
