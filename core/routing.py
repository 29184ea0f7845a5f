"""Wagtail's page routing, from what each worker remembers of the page tree.

Serving a page, Wagtail finds the site by host (a query), the site's home page
in the reader's language (two or three), then walks the tree one URL segment
at a time (two queries a level), and looks for view restrictions on the page
and its ancestors (two more): eight to ten queries before the page's own work.
A worker now remembers, under the content version (core/content_version.py:
any page, site, locale or view restriction saved or deleted changes it), the
site of each host, which page each path leads to, and whether a page has view
restrictions; serving a page it has seen costs one query, for the page itself.

Only plain values are kept (ids, a model's label), never a model instance, and
only paths that lead to a page itself (not a sub-route of a routable page,
which may carry tokens, nor a 404): at most one entry per page per site.
"""

from django.apps import apps
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from core import site_facts


def remembered_route(request, path):
    """Page.route_for_request(request, path), from the remembered page at `path` when there is one."""
    site = site_facts.site(request)
    if site is None:
        return None
    key = ("route", site.pk, get_language(), path)
    target = site_facts.recall(request, key)
    if target is site_facts.MISSING:
        result = Page.route_for_request(request, path)
        page = result[0] if result else None
        # Kept only for a page's own address: a sub-route of a routable page may carry a token.
        if page is not None and page.get_url(request) == request.path:
            restrictions = tuple(page.get_view_restrictions().values_list("pk", flat=True))
            site_facts.keep(request, key, (page._meta.label, page.pk, restrictions))
            page._remembered_view_restrictions = restrictions  # Wagtail's check asks again
        return result
    label, pk, restrictions = target
    model = apps.get_model(label)
    try:
        page = model.objects.select_related("locale").get(pk=pk)
    except model.DoesNotExist:
        return None
    page._remembered_view_restrictions = restrictions
    try:
        return page.route(request, [])
    except Http404:
        return None


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
