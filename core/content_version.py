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

Per association. A change belongs to the sites it shows on (`sites_of`: a page to the sites whose
home page, in any language, it is under; a site setting, or any model with a `site`, to that
site; anything else to every site). Each site has its own version beside a shared one, and a
request reads the shared, the structure and its own site's version in its one round trip
(`site_versions`; core/site_facts.py guesses the site from what the worker remembers of the host):
one association's publish leaves the others' kept pages and facts warm. `current()` (what is kept
without a request) still changes with every change of any site.

After the transaction that changed content commits, the CDN (if one is
configured, `wagtail.contrib.frontend_cache`) is asked to purge the sites that changed.
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

VERSION_KEY = "website:content-version"  # changes with every change, of any site
STRUCTURE_KEY = "website:structure-version"
SHARED_KEY = "website:content-version:shared"  # changes with what every site shows
SITE_KEY = "website:content-version:site:{}"  # changes with what one site shows
MAX_ENTRIES = 4000  # per worker (routes and translations take one per page and language); LRU beyond it
MAX_AGE_SECONDS = 60

# Fields Wagtail fills in on a document or image the first time it is read.
FILE_FACTS = frozenset({"file_size", "file_hash"})

MISSING = object()
_kept: OrderedDict[tuple, tuple[str, float, object]] = OrderedDict()
_lock = threading.Lock()  # for workers that serve with threads
_watched: set[type] = set()
# (class, function(instance) -> site ids or None for every site): how a model finds its sites,
# registered once models load (core/wagtail_content.py for pages); models with a `site_id` need none.
_site_finders: list[tuple[type, object]] = []


def current() -> str | None:
    """The shared version; None when the cache cannot be read, and then nothing
    is kept or recalled: every page is worked out afresh."""
    return versions()[0]


def _read(keys: tuple) -> dict | None:
    """These keys' values, made where missing; None when any cannot be read (and then what this
    worker kept is dropped: it may predate a change that could not be announced meanwhile)."""
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
    if any(found.get(key) is None for key in keys):
        forget()
        return None
    return found


def versions() -> tuple[str | None, str | None]:
    """The content version (of every site) and the structure version, read in one round trip; both
    None when the cache cannot be read (and then what this worker kept is dropped)."""
    found = _read((VERSION_KEY, STRUCTURE_KEY))
    return (None, None) if found is None else (found[VERSION_KEY], found[STRUCTURE_KEY])


def site_versions(site_id: int | None) -> tuple[str | None, str | None, str | None]:
    """(shared, structure, the site's own) versions in one round trip; the site's own is '' for no
    site. All None when the cache cannot be read. A site's content version is `for_site(shared, own)`."""
    keys = (SHARED_KEY, STRUCTURE_KEY) + ((SITE_KEY.format(site_id),) if site_id is not None else ())
    found = _read(keys)
    if found is None:
        return None, None, None
    return found[SHARED_KEY], found[STRUCTURE_KEY], found[keys[2]] if site_id is not None else ""


def site_version(site_id: int | None) -> str | None:
    """One site's own version alone (when the site was not known before the first read)."""
    if site_id is None:
        return ""
    found = _read((SITE_KEY.format(site_id),))
    return None if found is None else found[SITE_KEY.format(site_id)]


def for_site(shared: str | None, own: str | None) -> str | None:
    return None if shared is None or own is None else f"{shared}.{own}"


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


def peek(key: tuple):
    """What this worker kept under `key` under any version, however old, else MISSING: a guess to be
    checked (core/site_facts.py guesses a host's site with it)."""
    with _lock:
        entry = _kept.get(key)
    return MISSING if entry is None else entry[2]


def forget() -> None:
    """Drop what this process keeps (tests, whose database is rolled back under it)."""
    with _lock:
        _kept.clear()


def bump(structure: bool = False, site_ids=None) -> None:
    """A new content version for the sites `site_ids` (None: every site), and a new structure
    version too when `structure` (which concerns every site)."""
    # Saving content must not fail for the cache. A change that cannot be
    # announced is healed by MAX_AGE_SECONDS (memos), the page cache's own
    # timeout, and current() dropping what a worker kept once it cannot read
    # the version either.
    try:
        values = {VERSION_KEY: uuid.uuid4().hex}
        if structure:
            values[STRUCTURE_KEY] = uuid.uuid4().hex
        if structure or site_ids is None:
            values[SHARED_KEY] = uuid.uuid4().hex
        else:
            values.update({SITE_KEY.format(site_id): uuid.uuid4().hex for site_id in site_ids})
        cache.set_many(values, timeout=None)
    except Exception:  # a backend that raises; core/cache.py's ignores errors itself
        logger.exception("Could not announce a content change")


# What else follows a committed change (the CDN's purge: core/apps.py); this module stays free of
# models, so that every app's AppConfig module can import it while the registry fills.
_after_change: list = []


def after_each_change(callback) -> None:
    """Call `callback(site_ids)` after each transaction that changed content commits (once per
    transaction; `site_ids`: the sites it changed, None for every site)."""
    if callback not in _after_change:
        _after_change.append(callback)


# The sites changed by the current transaction of each connection, until it commits.
_PENDING_ATTR = "_content_sites_changed"
EVERY_SITE = None


def _note_sites(connection, site_ids, first: bool) -> None:
    pending = set() if first else getattr(connection, _PENDING_ATTR, set())
    if pending is not EVERY_SITE:
        pending = EVERY_SITE if site_ids is None else pending | set(site_ids)
    setattr(connection, _PENDING_ATTR, pending)


def _after_commit() -> None:
    connection = transaction.get_connection()
    site_ids = getattr(connection, _PENDING_ATTR, EVERY_SITE)
    setattr(connection, _PENDING_ATTR, set())
    site_ids = None if site_ids is None else sorted(site_ids)
    bump(site_ids=site_ids)
    for callback in _after_change:
        callback(site_ids)


def add_site_finder(model: type, find) -> None:
    """`find(instance)` gives the ids of the sites an instance of `model` shows on (None: every site)."""
    _site_finders.append((model, find))


def sites_of(instance) -> list[int] | None:
    """The ids of the sites `instance` shows on; None for every site (what belongs to no one site)."""
    if instance is None:
        return None
    for model, find in _site_finders:
        if isinstance(instance, model):
            return find(instance)
    finder = getattr(instance, "content_site_ids", None)
    if callable(finder):
        return finder()
    site_id = getattr(instance, "site_id", None)
    return [site_id] if isinstance(site_id, int) else None


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
    try:
        site_ids = sites_of(kwargs.get("instance"))
    except Exception:  # never fail a save for it: every site then
        logger.exception("Could not tell which sites a change shows on")
        site_ids = None
    bump(site_ids=site_ids)
    connection = transaction.get_connection()
    # Django drops a rolled-back block's callbacks from run_on_commit, so this
    # never leaves a change without its after-commit step.
    first = not any(callback is _after_commit for _, callback, _ in connection.run_on_commit)
    _note_sites(connection, site_ids, first)
    if first:
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
