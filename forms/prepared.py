"""Form pages kept ready, in each worker, for taking submissions.

Every submission to a form needs the same things: the page, its fields built
into a form class, the view restrictions over it, its page in the site's main
language, the organisation's default reply period and, for complaints, the
list of services. Looked up for each submission, that was half of its time
(bench/submissions.py). A worker now works them out once per page and keeps
them until anything they come from changes.

"Changes" is one version string in the shared cache (Redis in production), so
that every worker sees it: saving or deleting a page (which publishing,
unpublishing and moving do), a form field, a view restriction, the
organisation settings, a site or a locale replaces it. Each submission reads
it: one cache round trip instead of six queries. A cache that is not shared
between processes (local memory) is only right for one process: development
and tests.
"""

import functools
import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "forms:prepared-pages:version"
MAX_PAGES = 200  # per worker; the least recently used is dropped beyond it

_pages: OrderedDict[int, tuple[str, object]] = OrderedDict()
_lock = threading.Lock()  # for workers that serve with threads


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:  # first use, or the cache was emptied
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def live_form_page(page_id: int):
    """The live form page with this id, prepared for submissions; None if there is none."""
    from forms.models import FormPage

    version = current_version()
    with _lock:
        kept = _pages.get(page_id)
        if kept is not None and kept[0] == version:
            _pages.move_to_end(page_id)
            return kept[1]
    page = FormPage.objects.live().select_related("locale").filter(pk=page_id).first()
    if page is not None:
        page.prepare_for_submissions()
    with _lock:
        _pages[page_id] = (version, page)
        _pages.move_to_end(page_id)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return page


def forget():
    """Drop what this process keeps (tests, whose database is rolled back under it)."""
    _pages.clear()


def new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def something_changed(sender=None, instance=None, **kwargs):
    """Signal receiver: what prepared pages are made from may have changed.

    The version changes now, for this transaction's own later reads, and again
    after commit: a worker that prepared a page from the old rows in between
    would otherwise keep them under the new version.
    """
    if isinstance(instance, watched_models()):
        new_version()
        transaction.on_commit(new_version)


@functools.cache
def watched_models() -> tuple[type, ...]:
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    from forms.models import FormField
    from organisation.models import OrganisationSettings

    return (Page, FormField, PageViewRestriction, OrganisationSettings, Site, Locale)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    # Pages are many models: one receiver for every save, filtered by type.
    post_save.connect(something_changed, dispatch_uid="forms.prepared.save")
    post_delete.connect(something_changed, dispatch_uid="forms.prepared.delete")
