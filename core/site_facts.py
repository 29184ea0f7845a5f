"""What every public page repeats, worked out once per worker.

The head, header and footer of every page show the same organisation details,
logo and menu, and each page links to its translations. Looked up for each
request, that was most of a page's queries and time (bench/pages.py). A worker
now keeps them as plain values (strings, tuples, dicts: never a model instance)
under the content version (core/content_version.py): until anything they
come from changes, at most a minute. What is structure, not content (the site
of each host, the locales, the home page routing starts from, the sections
behind view restrictions), is kept under the structure version instead, which
publishing leaves as it is (`lasting`). Keys carry the site and the language, and
the scheme and host where an absolute address is kept; nothing here depends on
the visitor (no user, no CSRF token).
"""

from django.conf import settings
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import DraftStateMixin, Locale, Page, PageViewRestriction, Site

from core import content_version

_VERSIONS_ATTR = "_content_versions"


def _versions(request) -> tuple[str | None, str | None]:
    if request is None:
        return content_version.versions()
    if not hasattr(request, _VERSIONS_ATTR):
        _read_versions(request)
    return getattr(request, _VERSIONS_ATTR)


def _read_versions(request) -> None:
    """The request's site's content version and the structure version, in one round trip when this
    worker has seen the host before: its site is guessed from what the worker remembers, the
    versions read with that site's own, and the guess checked once the structure version is known
    (a second round trip only when it was wrong, or the host is new to the worker)."""
    guess = getattr(request, "_wagtail_site", None)
    if guess is not None:
        guessed_id = guess.pk
    else:
        remembered_site = content_version.peek(("lasting", *_site_key(request)))
        guessed_id = remembered_site["id"] if isinstance(remembered_site, dict) else None
    shared, structure, own = content_version.site_versions(guessed_id)
    # The structure version alone first: finding the site (if not remembered) rests on it.
    setattr(request, _VERSIONS_ATTR, (None, structure))
    actual = site_id(request) if shared is not None else None
    if shared is not None and actual != guessed_id:
        own = content_version.site_version(actual)
    setattr(request, _VERSIONS_ATTR, (content_version.for_site(shared, own), structure))


def version(request) -> str | None:
    """The content version of the request's site, read once per request (each read is a round trip
    to the shared cache): it changes with what this site shows, not with other sites' changes."""
    return _versions(request)[0]


def structure_version(request) -> str | None:
    """The structure version (core/content_version.py), read with the content version."""
    return _versions(request)[1]


MISSING = content_version.MISSING


def recall(request, key: tuple):
    """What this worker kept under `key` for the current content version, else MISSING."""
    return content_version.recall(("site-facts", *key), version(request))


def keep(request, key: tuple, value) -> None:
    content_version.keep(("site-facts", *key), version(request), value)


def _kept(key: tuple, under_version, compute):
    value = content_version.recall(key, under_version)
    if value is MISSING:
        value = compute()
        content_version.keep(key, under_version, value)
    return value


def remembered(request, key: tuple, compute):
    """`compute()`, kept by this worker under `key` until the content version changes."""
    return _kept(("site-facts", *key), version(request), compute)


# --- Kept across publishing -------------------------------------------------------------
# Facts about the structure, not the content: kept under the structure version, which
# publishing and editing leave as they are (core/content_version.py). Only what no content
# edit can change belongs here, or what is checked against the rows fetched anyway
# (a remembered route: core/routing.py).


def recall_lasting(request, key: tuple):
    return content_version.recall(("lasting", *key), structure_version(request))


def keep_lasting(request, key: tuple, value) -> None:
    content_version.keep(("lasting", *key), structure_version(request), value)


def lasting(request, key: tuple, compute):
    """`compute()`, kept by this worker under `key` until the structure version changes."""
    return _kept(("lasting", *key), structure_version(request), compute)


SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def site(request):
    """Site.find_for_request(request), without its query once this worker has seen the host; it is
    then where Wagtail's own Site.find_for_request finds it for the rest of the request."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        key = _site_key(request)

        def find():
            found = Site.find_for_request(request)
            return {name: getattr(found, name) for name in SITE_FIELDS} if found else None

        values = lasting(request, key, find)  # sites are structure: kept across publishing
        # A fresh instance for each request: nothing a request caches on it outlives the request.
        request._wagtail_site = Site(**values) if values else None
    elif not getattr(request, "_site_kept", False):
        # Found by Wagtail's own Site.find_for_request earlier in the request: kept all the same, so
        # that the next request of this host needs no query.
        found, key = request._wagtail_site, _site_key(request)
        if recall_lasting(request, key) is MISSING:
            keep_lasting(request, key, {name: getattr(found, name) for name in SITE_FIELDS} if found else None)
    request._site_kept = True
    return request._wagtail_site


def _site_key(request) -> tuple:
    return ("site", split_domain_port(request.get_host())[0], request.get_port())


def site_id(request) -> int | None:
    found = site(request)
    return found.pk if found else None


def base_url(request) -> str:
    """Scheme and host, for keys of anything holding an absolute address."""
    return request.build_absolute_uri("/") if request is not None else ""


def active_locale_id(request) -> int:
    """The id of the Locale of the active language (Locale.get_active(), without its query)."""
    return locale_id(request, get_language())


def locale_id(request, language_code: str) -> int:
    """The id of the Locale of `language_code` (or of the default, as Locale.get_active() falls back)."""
    return lasting(request, ("locale", language_code), lambda: _locale_id(language_code))


def _locale_id(language_code):
    with translation.override(language_code):
        return Locale.get_active().pk


def localized(instance, request):
    """`instance.localized` (Wagtail), with the reader's locale from what this worker remembers:
    `instance` itself when it is in the reader's language (no query), else its translation there
    (live, for pages and snippets with drafts) or, when there is none, `instance`."""
    if instance is None:
        return None
    locale = active_locale_id(request)
    if instance.locale_id == locale:
        return instance
    translated = instance.get_translation_or_none(locale)
    if translated is None or (isinstance(translated, DraftStateMixin) and not translated.live):
        return instance
    return translated


# --- Pages -----------------------------------------------------------------------------


def menu(request) -> tuple:
    """The home page's children shown in menus, in the reader's language: (pk, title, url) each."""
    return remembered(request, ("menu", site_id(request), get_language()), lambda: _menu(request))


def _menu(request):
    found = home(request)
    if found is None:
        return ()
    children = Page.objects.live().in_menu().filter(depth=found["depth"] + 1, path__startswith=found["path"])
    return tuple(
        {"pk": page.pk, "title": page.title, "url": page.get_url(request)} for page in children.order_by("path")
    )


def home(request) -> dict | None:
    """The site's home page in the reader's language, as Wagtail's routing starts from it
    (`site.root_page.localized`): its pk, path, depth and url_path. Kept across publishing:
    a home page created, deleted, published or unpublished in a language, renamed or moved
    changes the structure version (core/wagtail_content.py)."""
    found = site(request)
    if found is None:
        return None

    def find():
        root = found.root_page.localized
        return {name: getattr(root, name) for name in ("pk", "path", "depth", "url_path")}

    return lasting(request, ("home", found.pk, get_language()), find)


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
    # Kept across publishing: view restrictions and moves change the structure version.
    paths = lasting(
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
