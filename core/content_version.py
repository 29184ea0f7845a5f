"""One version string for everything the public sees, and what is kept under it.

Pages served from the page cache (core/page_cache.py), form pages prepared
for submissions (forms/prepared.py), the API's form schemas and the small facts
workers remember (message templates, the organisation's name) are all kept
under this version. Saving or deleting anything a public page shows replaces
it: a page (which publishing, unpublishing and moving do), a snippet, a site
setting, an image, a document, a redirect, a site or a locale. Each app says
which of its models count, in its AppConfig.ready(), with `watch(...)`.

It lives in the shared cache (Redis in production, a folder on the machine in
the embedded default: core/cache.py) so that every process sees a change at
once, whichever process saved it (a server, `manage.py import_policy`, a task
worker); each request reads it: one cache round trip. Publishing is rare, so a
change makes everything kept stale (the whole site in both languages), which
is always right and never misses a listing, a menu or the sitemap. Per-worker
memos are also kept at most a minute, in case a change could not be announced
(the cache down when it was saved). A cache that is not shared between
processes (local memory) is only right for one process: the tests.

Beside it, read in the same round trip, the *structure* version: what routing
and every page rest on apart from content, namely the sites, the locales, view
restrictions and the shape of the page tree (a page moved; a home page created,
deleted, published, unpublished or renamed in a language: core/wagtail_content.py
connects `structure_changed` to them). Publishing and editing leave it as it is,
so what is kept under it (the site of each host, the id of each locale, which
page each path leads to: core/site_facts.py's `lasting`, core/routing.py)
outlives a publish: the first request after one does not walk the page tree
again. A structure change replaces both versions.

After the transaction that changed content commits, the CDN (if one is
configured, `wagtail.contrib.frontend_cache`) is asked to purge the site.
"""

import logging
import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "website:content-version"
STRUCTURE_KEY = "website:structure-version"
MAX_ENTRIES = 4000  # per worker (routes and translations take one per page and language); LRU beyond it
MAX_AGE_SECONDS = 60

# Fields Wagtail fills in on a document or image the first time it is read.
FILE_FACTS = frozenset({"file_size", "file_hash"})

MISSING = object()
_kept: OrderedDict[tuple, tuple[str, float, object]] = OrderedDict()
_lock = threading.Lock()  # for workers that serve with threads
_watched: set[type] = set()


def current() -> str | None:
    """The shared version; None when the cache cannot be read, and then nothing
    is kept or recalled: every page is worked out afresh."""
    return versions()[0]


def versions() -> tuple[str | None, str | None]:
    """The content version and the structure version, read in one round trip; both None
    when the cache cannot be read (and then what this worker kept is dropped)."""
    keys = (VERSION_KEY, STRUCTURE_KEY)
    try:
        found = cache.get_many(keys)
        missing = [key for key in keys if found.get(key) is None]
        if missing:  # first use, the cache was emptied, or it cannot be reached
            for key in missing:
                cache.add(key, uuid.uuid4().hex, timeout=None)
            found.update(cache.get_many(missing))
    except Exception as error:  # a cache backend that raises instead of missing (core/cache.py)
        logger.warning("Content version unknown: the cache failed (%r)", error)
        found = {}
    version, structure = found.get(VERSION_KEY), found.get(STRUCTURE_KEY)
    if version is None or structure is None:
        # What was kept may predate a change that could not be announced meanwhile.
        forget()
        return None, None
    return version, structure


def recall(key: tuple, version: str | None):
    """What this worker kept under `key` for `version`, else MISSING."""
    if version is None:
        return MISSING
    with _lock:
        entry = _kept.get(key)
        if entry is None or entry[0] != version or time.monotonic() - entry[1] > MAX_AGE_SECONDS:
            return MISSING
        _kept.move_to_end(key)
        return entry[2]


def keep(key: tuple, version: str | None, value) -> None:
    if version is None:
        return
    with _lock:
        _kept[key] = (version, time.monotonic(), value)
        _kept.move_to_end(key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)


def remembered(key: tuple, compute):
    """`compute()`, worked out once per worker and kept until the version changes
    (at most a minute). For small, immutable facts many requests need."""
    version = current()
    value = recall(("remembered", *key), version)
    if value is MISSING:
        value = compute()
        keep(("remembered", *key), version, value)
    return value


def forget() -> None:
    """Drop what this process keeps (tests, whose database is rolled back under it)."""
    with _lock:
        _kept.clear()


def bump(structure: bool = False) -> None:
    """A new content version (and a new structure version too when `structure`)."""
    # Saving content must not fail for the cache. A change that cannot be
    # announced is healed by MAX_AGE_SECONDS (memos), the page cache's own
    # timeout, and current() dropping what a worker kept once it cannot read
    # the version either.
    try:
        if structure:
            cache.set_many({VERSION_KEY: uuid.uuid4().hex, STRUCTURE_KEY: uuid.uuid4().hex}, timeout=None)
        else:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a backend that raises; core/cache.py's ignores errors itself
        logger.exception("Could not announce a content change")


# What else follows a committed change (the CDN's purge: core/apps.py); this module stays free of
# models, so that every app's AppConfig module can import it while the registry fills.
_after_change: list = []


def after_each_change(callback) -> None:
    """Call `callback()` after each transaction that changed content commits (once per transaction)."""
    if callback not in _after_change:
        _after_change.append(callback)


def _after_commit() -> None:
    bump()
    for callback in _after_change:
        callback()


def content_changed(sender=None, **kwargs) -> None:
    """Signal receiver: something public pages show may have changed.

    The version changes now, for this transaction's own later reads, and again
    after commit: a worker that rendered from the old rows in between would
    otherwise keep them under the new version. The after-commit step is queued
    once per transaction (a publish saves many rows).
    """
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= FILE_FACTS:
        return  # a document or image noting its size on first use (Wagtail does): nothing shown changed
    bump()
    connection = transaction.get_connection()
    # Django drops a rolled-back block's callbacks from run_on_commit, so this
    # never leaves a change without its after-commit step.
    if not any(callback is _after_commit for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_after_commit)


def _after_structure_commit() -> None:
    bump(structure=True)


def structure_changed(sender=None, **kwargs) -> None:
    """Signal receiver: what routing rests on may have changed (core/wagtail_content.py
    connects it). Both versions change, now and again after commit, as content_changed's."""
    bump(structure=True)
    connection = transaction.get_connection()
    if not any(callback is _after_structure_commit for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_after_structure_commit)


def watch(*models: type) -> None:
    """Count saves and deletions of these models as content changes.

    Connected model by model: a receiver for every model would cost every
    other save a call and turn off Django's fast deletes."""
    for model in models:
        _watched.add(model)
        label = model._meta.label
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content_version.save.{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content_version.delete.{label}")


def is_watched(model: type) -> bool:
    return model in _watched
