"""Form pages kept ready, in each worker, for taking submissions.

Every submission to a form needs the same things: the page, its fields built
into a form class, the view restrictions over it, the sites it is on, its page
in the site's main language, the organisation's default reply period and, for
complaints, the list of services. Looked up for each submission, that was half
of its time (bench/submissions.py). A worker now works them out once per page
and keeps them until anything they come from changes.

"Changes" is one version string in the shared cache (Redis in production), so
that every worker sees it: saving or deleting a page (which publishing,
unpublishing and moving do), a form field, a view restriction, the
organisation settings, a site or a locale replaces it. Each submission reads
it: one cache round trip instead of seven queries. Nothing is kept longer than
a minute, should a change of version ever be lost (the cache down when a page
was saved). A cache that is not shared between processes (local memory) is
only right for one process: development and tests.
"""

import functools
import logging
import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port

logger = logging.getLogger(__name__)

VERSION_KEY = "forms:prepared-pages:version"
MAX_ENTRIES = 200  # per worker; the least recently used is dropped beyond it
MAX_AGE_SECONDS = 60

_kept: OrderedDict[tuple, tuple[str, float, object]] = OrderedDict()
_lock = threading.Lock()  # for workers that serve with threads
_MISSING = object()


def current_version() -> str | None:
    """The shared version; None when the cache cannot be read, and then nothing
    is kept or recalled: each submission prepares its page afresh."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:  # first use, the cache was emptied, or it cannot be reached
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception as error:  # a cache backend that raises instead of missing (website/cache.py)
        logger.warning("Prepared form pages not used: the cache failed (%r)", error)
        version = None
    if version is None:
        # What was kept may predate a change that could not be announced meanwhile.
        forget()
    return version


def _recall(key, version):
    if version is None:
        return _MISSING
    with _lock:
        entry = _kept.get(key)
        if entry is None or entry[0] != version or time.monotonic() - entry[1] > MAX_AGE_SECONDS:
            return _MISSING
        _kept.move_to_end(key)
        return entry[2]


def _keep(key, version, value):
    if version is None:
        return
    with _lock:
        _kept[key] = (version, time.monotonic(), value)
        _kept.move_to_end(key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)


def live_form_page(page_id: int, request):
    """The live form page with this id, prepared for submissions, if the
    requesting host's site has it in its page tree (where Wagtail's routing
    would find it); else None."""
    from wagtail.models import Site

    from forms.models import FormPage

    version = current_version()
    page = _recall(("page", page_id), version)
    if page is _MISSING:
        page = FormPage.objects.live().select_related("locale").filter(pk=page_id).first()
        if page is None:
            return None  # not kept: trying ids must not push real pages out
        page.prepare_for_submissions()
        _keep(("page", page_id), version, page)
    # The site as Site.find_for_request finds it: a query, kept per host.
    host = ("site", split_domain_port(request.get_host())[0], request.get_port())
    site_id = _recall(host, version)
    if site_id is _MISSING:
        site = Site.find_for_request(request)
        site_id = site.pk if site else None
        _keep(host, version, site_id)
    return page if site_id in page.site_ids() else None


def remembered(key: tuple, compute):
    """`compute()`, worked out once per worker and kept like the prepared pages: until anything
    watched changes (the shared version), at most a minute. For small facts every submission
    needs, such as the organisation's name in a message."""
    version = current_version()
    value = _recall(("remembered", *key), version)
    if value is _MISSING:
        value = compute()
        if version is not None:
            _keep(("remembered", *key), version, value)
    return value


def forget():
    """Drop what this process keeps (tests, whose database is rolled back under it)."""
    with _lock:
        _kept.clear()


def new_version():
    # Saving content must not fail for the cache. A change that cannot be
    # announced is healed by MAX_AGE_SECONDS, and by current_version() dropping
    # what a worker kept once it cannot read the version either.
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a backend that raises; website/cache.py's ignores errors itself
        logger.exception("Could not announce a change to prepared form pages")


def something_changed(sender=None, **kwargs):
    """Signal receiver: what prepared pages are made from may have changed.

    The version changes now, for this transaction's own later reads, and again
    after commit: a worker that prepared a page from the old rows in between
    would otherwise keep them under the new version.
    """
    new_version()
    transaction.on_commit(new_version)


@functools.cache
def watched_models() -> tuple[type, ...]:
    from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models

    from forms.models import FormField
    from organisation.models import OrganisationProfile, OrganisationSettings

    return (
        Page, *get_page_models(), FormField, PageViewRestriction, OrganisationSettings, OrganisationProfile, Site,
        Locale,
    )  # fmt: skip


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    # Connected model by model: a receiver for every model would cost every
    # other save a call and turn off Django's fast deletes.
    for model in watched_models():
        post_save.connect(something_changed, sender=model, dispatch_uid=f"forms.prepared.save.{model._meta.label}")
        post_delete.connect(something_changed, sender=model, dispatch_uid=f"forms.prepared.delete.{model._meta.label}")
