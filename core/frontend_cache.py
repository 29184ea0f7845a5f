"""The CDN in front of the site (wagtail.contrib.frontend_cache), purged when content changes.

Wagtail's own handlers purge one page when it is published. A page is also
shown in listings, menus, the home page, the sitemap and search results, and
snippets and settings show on many pages; so the same event that changes the
content version (core/content_version.py) purges every public URL of the
sites it changed instead (each association's own host: another association's
publish leaves this one's CDN copies alone), once per transaction, from a
background task. Correct before
clever: publishing is rare, and a site of a few hundred pages is a few
requests to a CDN's purge API.

Configured from environment variables (website/settings/environment.py); none
by default, and then nothing is queued at all.
"""

import logging
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.contrib.frontend_cache import signal_handlers
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site, get_page_models
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)

# Public paths that are not pages of the tree: cached by a CDN all the same.
SITE_PATHS = ("sitemap.xml", "robots.txt")


def configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def take_over_purging() -> None:
    """Disconnect Wagtail's purge of the one published page: purge_site covers it."""
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    for model in get_page_models():
        page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
        page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, sender=model)


def purge_site_soon(site_ids=None) -> None:
    """Queue the purge of the sites `site_ids` (None: every site), after the change committed;
    never fail the change for it."""
    if not configured():
        return
    try:
        purge_site.enqueue(list(site_ids) if site_ids is not None else None)
    except Exception:
        logger.exception("Could not queue the CDN purge")


def site_urls(site_ids=None) -> list[str]:
    """Every public URL to purge of the sites `site_ids` (None: every site): each live page not
    behind a view restriction (with a routable page's own paths) under one of their home pages
    (in any language), each one's search page and the paths above, both languages."""
    batch_cache = SimpleNamespace()  # lets Wagtail reuse the site root paths from page to page
    pages = Page.objects.live().public()
    sites = Site.objects.all()
    if site_ids is not None:
        roots = [root.root_path for root in Site.get_site_root_paths() if root.site_id in set(site_ids)]
        under = Q(pk__in=[])
        for root_path in roots:
            under |= Q(url_path__startswith=root_path)
        pages = pages.filter(under)
        sites = sites.filter(pk__in=site_ids)
    urls = set()
    for page in pages.specific(defer=True).iterator():
        url = page.get_full_url(batch_cache)
        if url:
            urls.update(url + path.lstrip("/") for path in page.get_cached_paths())
    for site in sites:
        root = site.root_url.rstrip("/")
        urls.update(f"{root}/{path}" for path in SITE_PATHS)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                urls.add(root + reverse("search"))
    return sorted(urls)


@task(backend="background")
def purge_site(site_ids: list[int] | None = None) -> int:
    urls = site_urls(site_ids)
    purge_urls_from_cache(urls)  # Wagtail's task, on the immediate backend: within this one
    logger.info("Asked the CDN to purge %d URLs", len(urls))
    return len(urls)
