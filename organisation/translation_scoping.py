"""wagtail-localize's admin views take a page, a snippet, a translation source or a translation by its id in the
address and check only the permission to translate (for a snippet, to edit its model), so staff working in one
association could translate, sync or edit the translations of another's. Here each of those views is put in
front of its own address, at the same address, limited to the association worked in (a 404 otherwise): a page
within its trees (superusers: any), a snippet scoped by organisation.scoping as its own views are. Its snippet
API lists and finds only the association's records of a scoped model, and its translations report lists only
translations of the association's pages and scoped snippets."""

import functools

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver, path
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.report import TranslationsReportView

from organisation.associations import pages_of
from organisation.scoping import WorkingSiteViewSetMixin, of_site, site_of_request


def _site_field(model):
    """How `model`'s rows reach their association, if its snippet views are scoped (else None)."""
    viewset = getattr(model, "snippet_viewset", None)
    return viewset.site_field if isinstance(viewset, WorkingSiteViewSetMixin) else None


def _of_source(source):
    """The model and rows (every language) of what `source` was extracted from."""
    model = source.specific_content_type.model_class()
    return model, model._default_manager.filter(translation_key=source.object_id)


def _named(kwargs):
    """The model and rows the address names, by the names wagtail-localize gives its parameters."""
    if "page_id" in kwargs:
        return Page, Page.objects.filter(pk=kwargs["page_id"])
    if "pk" in kwargs:
        model = get_snippet_model_from_url_params(kwargs["app_label"], kwargs["model_name"])
        return model, model._default_manager.filter(pk=unquote(str(kwargs["pk"])))
    if "translation_source_id" in kwargs:
        return _of_source(get_object_or_404(TranslationSource, pk=kwargs["translation_source_id"]))
    translation = get_object_or_404(Translation.objects.select_related("source"), pk=kwargs["translation_id"])
    return _of_source(translation.source)


def _refuse_another_association_s(request, kwargs) -> None:
    model, rows = _named(kwargs)
    site_id = site_of_request(request)
    try:
        if issubclass(model, Page):
            found = request.user.is_superuser or pages_of(site_id, rows).exists()
        else:
            field = _site_field(model)
            found = field is None or of_site(rows, site_id, field).exists()
    except (ValueError, ValidationError):  # not an id at all
        found = False
    if not found:
        raise Http404


def _scoped_view(view):
    @functools.wraps(view)
    def scoped(request, *args, **kwargs):
        if request.user.is_authenticated:  # else the admin's own sign-in redirect
            _refuse_another_association_s(request, kwargs)
        return view(request, *args, **kwargs)

    return scoped


class _WorkingSiteSnippets:
    def get_queryset(self):
        rows = super().get_queryset()
        field = _site_field(rows.model)
        return rows if field is None else of_site(rows, site_of_request(self.request), field)


def _scoped_api(callback):
    view_class = type(f"WorkingSite{callback.cls.__name__}", (_WorkingSiteSnippets, callback.cls), {})
    return view_class.as_view(callback.actions, **callback.initkwargs)


class _WorkingSiteTranslations:
    """The translations report: only translations of the association's pages and scoped snippets."""

    def get_queryset(self):
        translations = super().get_queryset()
        site_id = site_of_request(self.request)
        kinds = ContentType.objects.filter(pk__in=TranslationSource.objects.values("specific_content_type"))
        for kind in kinds:
            model = kind.model_class()
            if model is None:
                continue
            if issubclass(model, Page):
                if self.request.user.is_superuser:
                    continue
                ours = pages_of(site_id, model._default_manager.all())
            elif (field := _site_field(model)) is not None:
                ours = of_site(model._default_manager.all(), site_id, field)
            else:
                continue
            translations = translations.exclude(
                Q(source__specific_content_type=kind) & ~Q(source__object_id__in=ours.values("translation_key"))
            )
        return translations


def _scoped_report(callback):
    view_class = type(f"WorkingSite{callback.view_class.__name__}", (_WorkingSiteTranslations, callback.view_class), {})
    return view_class.as_view(**callback.view_initkwargs)


NAMING = ("page_id", "pk", "translation_source_id", "translation_id")


def _scoped(pattern):
    """`pattern`'s view limited to the association worked in, or None for a view that names no record."""
    route = str(pattern.pattern)
    if hasattr(pattern.callback, "actions"):  # the snippet API (listing and one record)
        return _scoped_api(pattern.callback)
    if issubclass(getattr(pattern.callback, "view_class", object), TranslationsReportView):
        return _scoped_report(pattern.callback)
    if any(f":{name}>" in route for name in NAMING):
        return _scoped_view(pattern.callback)
    return None


def _flat(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _flat(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def translation_urls():
    """Unnamed copies of wagtail-localize's admin paths that name a record, scoped; registered before its own
    (organisation.wagtail_hooks), so they answer first, while its names still reverse to the same addresses."""
    theirs = []
    for register in hooks.get_hooks("register_admin_urls"):
        if register.__module__ == "wagtail_localize.wagtail_hooks":
            theirs += register()
    ours = []
    for route, pattern in _flat(theirs):
        view = _scoped(pattern)
        if view is not None:
            ours.append(path(route, view, pattern.default_args))
    return ours
