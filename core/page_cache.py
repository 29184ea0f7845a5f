"""Public pages served from the shared cache, and told to CDNs how long they may keep them.

A page is kept when nothing in it belongs to one visitor: a GET from a visitor
without a session (no signed-in editor, no userbar) and without an
Authorization header, answered 200 by a view that shows public content (the
page tree, search, the privacy notice, the sitemap, robots.txt, the API's
public reads), with no cookie set, no Cache-Control of its own (form pages and
personal links say private, no-store) and no CSRF or submission token in its
body. Everything else passes through, as before.

Entries are keyed by the content version of the host's site (core/content_version.py):
any change to what its pages show makes every kept page of that association stale at
once, in both languages, and the next request renders afresh; another association's
change leaves them kept. The cache being down reads as
a miss (core/cache.py): pages are then served uncached, never broken.
"""

import hashlib
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from core import site_facts
from core.headless import body_etag

# Views whose 200 answers to an anonymous GET are the same for every visitor.
PUBLIC_VIEWS = {
    "wagtail.views.serve",
    "website.views.search",
    "website.views.privacy_notice",
    "core.seo.sitemap",
    "core.seo.robots_txt",
}
API_PREFIX = "/api/"
# Campaign links shared on social media carry these; they change nothing on the page.
IGNORED_PARAMETERS = ("utm_", "fbclid", "gclid", "msclkid", "mc_cid", "mc_eid")
# Never in a kept page: a form's one-visitor tokens (belt and braces: such pages set cookies
# or say private already).
TOKENS = (b"csrfmiddlewaretoken", b'name="submission_token"')
HIT_HEADER = "X-Cache"


def view_name(view_func) -> str:
    view_func = getattr(view_func, "func", view_func)  # functools.partial (django-ninja's views)
    view_func = getattr(view_func, "__wrapped__", view_func)
    return f"{getattr(view_func, '__module__', '')}.{getattr(view_func, '__qualname__', '')}"


# Never kept, whoever asks: not even the version is read for them (finding a host's site may take a
# query, and the health check must not touch the database).
NEVER_KEPT = ("/healthz", "/admin/", "/static/", "/documents/", "/media/")


def may_be_kept(request) -> bool:
    """Whether this request could be answered from (or into) the page cache."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(NEVER_KEPT)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cache_key(request, version: str) -> str:
    query = sorted(
        (name, value)
        for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if not name.startswith(IGNORED_PARAMETERS)
    )
    # Absolute URLs in a page (canonical, Open Graph, JSON-LD) follow the scheme and host.
    where = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(query)}"
    return f"page:{version}:{hashlib.sha256(where.encode()).hexdigest()}"


def shows_public_content(request, response) -> bool:
    from_public_view = getattr(request, "_public_view", False) or (
        request.path_info.startswith(API_PREFIX) and "public" in response.get("Cache-Control", "")
    )
    return (
        from_public_view
        and request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (request.path_info.startswith(API_PREFIX) or not response.has_header("Cache-Control"))
        and not any(token in response.content for token in TOKENS)
    )


def for_shared_caches(request, response) -> None:
    """Browsers ask again each time (a 304 when unchanged); a CDN may keep the page for
    PAGE_CACHE_CDN_SECONDS, and is purged on every change when one is configured
    (core/frontend_cache.py). The API's reads already say so (core/headless.py)."""
    if request.path_info.startswith(API_PREFIX):
        return
    response["ETag"] = body_etag(response)
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_CDN_SECONDS)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._public_view = view_name(view_func) in PUBLIC_VIEWS

    def __call__(self, request):
        if not may_be_kept(request):
            return self.get_response(request)
        version = site_facts.version(request)  # read once per request; None: the cache is down
        key = cache_key(request, version) if version else None
        if key:
            kept = cache.get(key)
            if kept is not None:
                return self.answer_from(request, kept)
        response = self.get_response(request)
        if not shows_public_content(request, response):
            return response
        for_shared_caches(request, response)
        if key:
            cache.set(key, (response.content, list(response.items()), time.time()), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def answer_from(request, kept) -> HttpResponse:
        content, headers, kept_at = kept
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["Age"] = str(max(0, int(time.time() - kept_at)))
        response = get_conditional_response(request, etag=response["ETag"], response=response)
        response[HIT_HEADER] = "hit"
        return response
