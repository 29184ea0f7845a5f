"""Wagtail's page routing, from what each worker remembers of the page tree.

Serving a page, Wagtail finds the site by host (a query), the site's home page
in the reader's language (two or three), then walks the tree one URL segment
at a time (two queries a level), and looks for view restrictions on the page
and its ancestors (two more): eight to ten queries before the page's own work.
A worker now remembers the site of each host, which page each path leads to,
and whether a page has view restrictions; serving a page it has seen costs one
query, for the page itself.

These are kept under the structure version (core/content_version.py), which
publishing leaves as it is, so they outlive a publish: the page fetched is
checked against the path (still live, still at the address remembered), and a
page renamed, unpublished or deleted is routed afresh. What the check cannot
see changes the structure version: sites, locales, view restrictions, moves,
and home pages appearing or disappearing in a language (core/wagtail_content.py).

Only plain values are kept (ids, a model's label, a path), never a model
instance, and only paths that lead to a page itself (not a sub-route of a
routable page, which may carry tokens, nor a 404): at most one entry per page
per site. A longer path (a form's thank-you page, an applicant's personal link)
is routed on from the remembered page at its start, as Wagtail's walk would
from there, unless a routable page above that one could take it for itself.
"""

from django.apps import apps
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from core import site_facts

STALE = object()


def remembered_route(request, path):
    """Page.route_for_request(request, path), from the remembered page at `path` when there is one,
    else from the one at the longest part of it that leads to a page (a form's thank-you page, a
    personal link: that page's own routes, or its children, take the rest as Wagtail's would)."""
    site = site_facts.site(request)
    if site is None:
        return None
    components = tuple(component for component in path.split("/") if component)
    language = get_language()
    for depth in range(len(components), -1, -1):
        target = site_facts.recall_lasting(request, ("route", site.pk, language, components[:depth]))
        if target is site_facts.MISSING or (depth < len(components) and not target[4]):
            continue
        result = follow(request, target, components[depth:])
        if result is STALE:
            break
        if result and result[0].pk != target[1]:  # a page below the one remembered: remember it too
            remember(request, ("route", site.pk, language), components, result[0], start=depth)
        return result
    result = Page.route_for_request(request, path)
    if result:
        remember(request, ("route", site.pk, language), components, result[0])
    return result


def remember(request, key, components, page, start=0) -> None:
    """Keep the route to `page`, which routing found at `components` (from the home page, or from
    the remembered page `start` levels below it): at the page's own address (never a sub-route of
    a routable page, which may carry a token), and whether a longer path may be routed on from it."""
    own = own_components(request, page)
    if own is not None and components[: len(own)] == own and reached_plainly(page, len(own) - start):
        path, below = own, True
    elif page.get_url(request) == request.path:
        path, below = components, False
    else:
        return
    restrictions = tuple(page.get_view_restrictions().values_list("pk", flat=True))
    site_facts.keep_lasting(request, (*key, path), (page._meta.label, page.pk, page.url_path, restrictions, below))
    page._remembered_view_restrictions = restrictions  # Wagtail's check asks again


def own_components(request, page) -> tuple | None:
    """The path of `page`'s own address below the home page routing starts from, if it is below it."""
    home = site_facts.home(request)
    if home is None or not page.url_path.startswith(home["url_path"]):
        return None
    return tuple(component for component in page.url_path[len(home["url_path"]) :].split("/") if component)


def reached_plainly(page, depth) -> bool:
    """Whether Wagtail reached `page`, `depth` levels below where routing started (the home page,
    or a page remembered as reached plainly), through pages without routes of their own: then a
    longer path is routed on from `page` as from there (a routable page above it could take a
    longer path for one of its own routes)."""
    steps, parent = 0, page.__dict__.get("_cached_parent_obj")  # each parent, as Page.route leaves it
    while parent is not None:
        if type(parent).route is not Page.route:
            return False
        steps, parent = steps + 1, parent.__dict__.get("_cached_parent_obj")
    return steps == depth  # every page between the home page and this one was seen


def follow(request, target, rest=()):
    """The route to the remembered page (and on by `rest`), or STALE when that page is no longer at
    its address (deleted, unpublished, renamed, or moved with an ancestor): then all is routed afresh."""
    label, pk, url_path, restrictions, _routes_below = target
    model = apps.get_model(label)
    page = model.objects.select_related("locale").filter(pk=pk).first()
    if page is None or not page.live or page.url_path != url_path:
        return STALE
    page._remembered_view_restrictions = restrictions
    try:
        return page.route(request, list(rest))
    except Http404:
        return None


def carry_view_restrictions(routed, page) -> None:
    """Give `page`, another instance of the page `routed` that routing found for this request,
    the view restrictions routing remembered for it (none known: nothing is carried)."""
    restrictions = routed.__dict__.get("_remembered_view_restrictions")
    if restrictions is not None and routed.pk == page.pk:
        page._remembered_view_restrictions = restrictions


class RememberedRoutesMiddleware:
    """Gives Wagtail the site and page routes this worker remembers (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views  # noqa: PLC0415 -- page models import this module

        if view_func is wagtail_views.serve and not hasattr(request, "_wagtail_route_for_request"):
            site_facts.site(request)  # Site.find_for_request(request) finds it from now on
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            request._wagtail_route_for_request = remembered_route(request, path)
        return None


class RememberedViewRestrictionsMixin:
    """For page models: the view restrictions over a page served through a remembered route
    (RememberedRoutesMiddleware) come from what the worker remembers: none, most often, and
    then no query. Elsewhere (the admin, previews) they are looked up as usual."""

    def get_view_restrictions(self):
        remembered = self.__dict__.get("_remembered_view_restrictions")
        if remembered is None:
            return super().get_view_restrictions()
        if not remembered:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=remembered)
