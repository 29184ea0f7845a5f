"""What every public page repeats, worked out once per worker.

The head, header and footer of every page show the same organisation details,
logo and menu, and each page links to its translations. Looked up for each
request, that was most of a page's queries and time (bench/pages.py). A worker
now keeps them as plain values (strings, tuples, dicts: never a model instance)
under the content version (core/content_version.py): until anything they
come from changes, at most a minute. Keys carry the site and the language, and
the scheme and host where an absolute address is kept; nothing here depends on
the visitor (no user, no CSRF token).
"""

from django.conf import settings
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Locale, PageViewRestriction, Site

from core import content_version

_VERSION_ATTR = "_content_version"


def version(request) -> str | None:
    """The content version, read once per request (each read is a round trip to the shared cache)."""
    if request is None:
        return content_version.current()
    if not hasattr(request, _VERSION_ATTR):
        setattr(request, _VERSION_ATTR, content_version.current())
    return getattr(request, _VERSION_ATTR)


MISSING = content_version.MISSING


def recall(request, key: tuple):
    """What this worker kept under `key` for the current content version, else MISSING."""
    return content_version.recall(("site-facts", *key), version(request))


def keep(request, key: tuple, value) -> None:
    content_version.keep(("site-facts", *key), version(request), value)


def remembered(request, key: tuple, compute):
    """`compute()`, kept by this worker under `key` until the content version changes."""
    value = recall(request, key)
    if value is MISSING:
        value = compute()
        keep(request, key, value)
    return value


SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def site(request):
    """Site.find_for_request(request), without its query once this worker has seen the host; it is
    then where Wagtail's own Site.find_for_request finds it for the rest of the request."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        key = ("site", split_domain_port(request.get_host())[0], request.get_port())

        def find():
            found = Site.find_for_request(request)
            return {name: getattr(found, name) for name in SITE_FIELDS} if found else None

        values = remembered(request, key, find)
        # A fresh instance for each request: nothing a request caches on it outlives the request.
        request._wagtail_site = Site(**values) if values else None
    return request._wagtail_site


def site_id(request) -> int | None:
    found = site(request)
    return found.pk if found else None


def base_url(request) -> str:
    """Scheme and host, for keys of anything holding an absolute address."""
    return request.build_absolute_uri("/") if request is not None else ""


def active_locale_id(request) -> int:
    """The id of the Locale of the active language (Locale.get_active(), without its query)."""
    return remembered(request, ("locale", get_language()), lambda: Locale.get_active().pk)


# --- Pages -----------------------------------------------------------------------------


def menu(request) -> tuple:
    """The home page's children shown in menus, in the reader's language: (pk, title, url) each."""
    return remembered(request, ("menu", site_id(request), get_language()), lambda: _menu(request))


def _menu(request):
    found = site(request)
    if found is None:
        return ()
    home = found.root_page.localized
    return tuple(
        {"pk": page.pk, "title": page.title, "url": page.get_url(request)}
        for page in home.get_children().live().in_menu()
    )


def translation_urls(page, request) -> dict:
    """{"own": {language: url}, "fallback": {language: url}}: the live translations of `page`
    (itself included when live), and for languages it has none in, that language's home page."""
    if page.pk is None:  # a preview of a page never saved
        return _translation_urls(page, request)
    return remembered(request, ("translations", site_id(request), page.pk), lambda: _translation_urls(page, request))


def _translation_urls(page, request):
    own = {
        translation.locale.language_code: translation.get_url(request)
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    }
    fallback = {}
    if any(code not in own for code, _name in settings.LANGUAGES):
        page_site = page.get_site()
        if page_site is not None:
            for root in page_site.root_page.get_translations(inclusive=True).live().select_related("locale"):
                fallback.setdefault(root.locale.language_code, root.get_url(request))
    return {"own": own, "fallback": fallback}


def public(queryset, request=None):
    """`queryset.public()` (pages without view restrictions on themselves or an ancestor),
    from the restricted sections this worker remembers instead of a query each time."""
    paths = remembered(
        request,
        ("restricted-sections",),
        lambda: tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))),
    )
    if not paths:
        return queryset
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)
