"""Wagtail's API v3 by host: the pages it reads are the host's association's, and a person signed in with an
API token works in the host's association.

Wagtail's pages router reads every page through one function, `get_pages_queryset` (the list, `find` by id or
path, the detail, revisions, and the pages named by `child_of`, `descendant_of`, `ancestor_of` and
`translation_of`). Left alone it honours `?site=another-host` for anonymous readers and, for a token, every
page the person may edit anywhere. Here that function answers only with pages within the host's site (its
root page and the root's translations), whatever the query asks: another association's page is a 404 or
an empty list, as if it did not exist.

A bearer token signs its person in after the middleware has marked where they work, so the token's user is
marked here: the host's association (or the one chosen in the session), as organisation.middleware does.
Permissions the API's writes read then count there only (organisation.backends, permission_policies).

Images and documents: Wagtail's routers leave out the collections `get_restricted_collection_ids` names, a
function they import by name when wagtail.images and wagtail.documents become ready (after this app). Here it
also names every other association's collection and those within it, so each host lists and reads only its own
media (and the root collection's, which the first association keeps until a second exists).

Redirects: Wagtail's router reads and writes any site's. Here each of its operations is wrapped: the list is
the host's site's, one named by id is found only if it is the host's (to read, also one for every site), and a
write names the host's site, which a person other than a superuser may not change (a redirect for every site
would act on every association's host).
"""

import functools
import sys

from django.db.models import Q
from django.http import Http404
from wagtail.api.v3 import permissions, querysets
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.routers import pages as pages_router
from wagtail.contrib.redirects.api.v3.router import router as redirects_router
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from core import site_facts
from organisation.associations import collections_of_others, pages_of, working_site_id

_wagtail_pages_queryset = querysets.get_pages_queryset
_wagtail_authenticate = BearerTokenAuth.authenticate
_wagtail_restricted_collection_ids = permissions.get_restricted_collection_ids
MEDIA_ROUTERS = ("wagtail.images.api.v3.router", "wagtail.documents.api.v3.router")


def host_pages_queryset(request, model=querysets.Page):
    """Wagtail's pages for this request, within the host's association only."""
    pages = _wagtail_pages_queryset(request, model)
    site_id = site_facts.site_id(request)
    return pages.none() if site_id is None else pages_of(site_id, pages)


def authenticate_at_work(auth, request, token):
    found = _wagtail_authenticate(auth, request, token)
    if found is not None and request.user.is_authenticated:
        request.user.working_site_id = working_site_id(request)
    return found


def host_restricted_collection_ids(request) -> set[int]:
    """Wagtail's restricted collections, and the collections of every association but the host's."""
    restricted = set(_wagtail_restricted_collection_ids(request))
    return restricted | set(collections_of_others(site_facts.site_id(request)).values_list("pk", flat=True))


class HostSite:
    """Stands in for Wagtail's SiteFilterValidator where `find` routes an `html_path`: the path is looked for
    in the host's site, whatever `site` names (another association's host, or one whose port is no number,
    which Wagtail's own turns into a server error)."""

    def __init__(self, site=None, request=None):
        self.site_obj = Site.find_for_request(request)


def _redirect_at_host(request, redirect_id, *, to_change: bool) -> None:
    site_id = site_facts.site_id(request)
    here = Q(site_id=site_id) if to_change and not request.user.is_superuser else Q(site_id=site_id) | Q(site=None)
    if not Redirect.objects.filter(here, pk=redirect_id).exists():
        raise Http404


def redirects_at_host(view):
    """One operation of Wagtail's redirects router, kept to the host's site (the module's docstring)."""

    @functools.wraps(view)
    def at_host(request, *args, **kwargs):
        site_id = site_facts.site_id(request)
        if view.__name__ == "list_redirects":
            request.GET = request.GET.copy()
            request.GET["site"] = str(site_id or 0)
        if kwargs.get("id") is not None:  # find by id
            _redirect_at_host(request, kwargs["id"], to_change=False)
        if kwargs.get("redirect_id") is not None:
            _redirect_at_host(request, kwargs["redirect_id"], to_change=request.method != "GET")
        data = kwargs.get("data")
        if data is not None and not request.user.is_superuser:
            if data.site not in (None, site_id):
                raise Http404
            data.site = site_id
        return view(request, *args, **kwargs)

    return at_host


def page_at_host(view):
    """One operation of Wagtail's pages routers that names a page by id: a 404 unless the page is within the host's
    site, before anything else is looked at (the actions read the page by its id alone, so one of them, converting
    an alias, told another association's page apart from an alias)."""

    @functools.wraps(view)
    def at_host(request, *args, **kwargs):
        page_id = kwargs.get("page_id")
        if page_id is not None and not host_pages_queryset(request).filter(pk=page_id).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return at_host


def confine_to_host() -> None:
    """Called once when the API's routers are joined (website.api.register_routers)."""
    pages_router.get_pages_queryset = host_pages_queryset
    pages_router.SiteFilterValidator = HostSite
    BearerTokenAuth.authenticate = authenticate_at_work
    permissions.get_restricted_collection_ids = host_restricted_collection_ids
    for router, wrapper in (
        (redirects_router, redirects_at_host),
        (pages_router.router, page_at_host),
        (pages_router.actions_router, page_at_host),
    ):
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                operation.view_func = wrapper(operation.view_func)
    for name in MEDIA_ROUTERS:  # imported already only if an app before this one asked for them
        if name in sys.modules:
            sys.modules[name].get_restricted_collection_ids = host_restricted_collection_ids
