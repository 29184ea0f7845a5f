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
"""

import sys

from wagtail.api.v3 import permissions, querysets
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.routers import pages as pages_router
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


def confine_to_host() -> None:
    """Called once when the API's routers are joined (website.api.register_routers)."""
    pages_router.get_pages_queryset = host_pages_queryset
    pages_router.SiteFilterValidator = HostSite
    BearerTokenAuth.authenticate = authenticate_at_work
    permissions.get_restricted_collection_ids = host_restricted_collection_ids
    for name in MEDIA_ROUTERS:  # imported already only if an app before this one asked for them
        if name in sys.modules:
            sys.modules[name].get_restricted_collection_ids = host_restricted_collection_ids
