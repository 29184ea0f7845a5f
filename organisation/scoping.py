"""Staff views reach only the records of the association the person works in (organisation.associations):
a record of another association, asked for by its id in the address, is no record here (404).

`WorkingSiteViewSetMixin` is the one way a snippet (or model) viewset of records with a site is scoped: its
listing, its forms, every view of one record by its id (edit, delete, copy, usage, history, inspect, revisions,
unpublish, locking, workflow…) and its chooser (choose, results, chosen, chosen multiple)."""

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import URLPattern
from wagtail.models import Page, Site

from organisation.associations import pages_of, working_site_id


def site_of_request(request) -> int | None:
    """The association worked in: chosen in the session, else the host's, else the default site."""
    site_id = working_site_id(request)
    if site_id is None:
        site_id = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return site_id


def of_site(queryset, site_id, field="site"):
    """`queryset`'s rows of the association on `site_id`. `field`: a foreign key to the site, a path to one, or,
    for records that reach their association no such way, a function (queryset, site id) -> its rows."""
    if callable(field):
        return field(queryset, site_id)
    return queryset.filter(**{f"{field}_id": site_id})


def of_working_site(model, kwarg="pk", field="site"):
    """A view decorator: 404 unless the `model` row whose id is the URL's `kwarg` belongs to the association
    worked in (its `field`, a foreign key to the site, or a path to one such as "plan__site")."""

    def decorate(view):
        @functools.wraps(view)
        def scoped(request, *args, **kwargs):
            wanted = kwargs.get(kwarg)
            if wanted is not None:
                try:
                    rows = model._default_manager.filter(pk=unquote(str(wanted)))
                    found = of_site(rows, site_of_request(request), field).exists()
                except (ValueError, ValidationError):  # not an id at all
                    found = False
                if not found:
                    raise Http404
            return view(request, *args, **kwargs)

        return scoped

    return decorate


def scoped_patterns(patterns, model, kwargs=("pk",), field="site"):
    """`patterns` with each view that names a `model` row by one of `kwargs` limited to the association worked in."""
    scoped = []
    for pattern in patterns:
        named = [kwarg for kwarg in kwargs if f":{kwarg}>" in str(pattern.pattern)]
        if isinstance(pattern, URLPattern) and named:
            view = of_working_site(model, named[0], field)(pattern.callback)
            pattern = URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)
        scoped.append(pattern)
    return scoped


class _WorkingSiteForm:
    """A new record is the association worked in's; a `site` field, if the form has one, offers only it, and a
    page field only its pages."""

    site_field = "site"

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        if _plain(self.site_field) and getattr(instance, f"{self.site_field}_id", None) is None:
            setattr(instance, f"{self.site_field}_id", site_of_request(self.request))
        return instance

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # A page chosen for the record (a research question's service…) is one of the association's own, on
        # POST too: the page chooser only browses its trees.
        for field in form.fields.values():
            pages = getattr(field, "queryset", None)
            if pages is not None and issubclass(pages.model, Page):
                field.queryset = pages_of(site_of_request(self.request), pages)
        if _plain(self.site_field) and self.site_field in form.fields:
            site_id = site_of_request(self.request)
            form.fields[self.site_field].queryset = Site.objects.filter(pk=site_id)
            form.fields[self.site_field].initial = site_id
            if not form.is_bound and getattr(form.instance, f"{self.site_field}_id", None) is None:
                form.initial[self.site_field] = site_id
        return form


class _SiteValidated:
    """Uniqueness that includes the site is checked on the form even without a site field: a duplicate is an
    error on the form, not a failed save."""

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("site")
        return exclusions


class _WorkingSiteChooserList:
    site_field = "site"

    def get_object_list(self):
        return of_site(super().get_object_list(), site_of_request(self.request), self.site_field)


class _WorkingSiteChosen:
    site_field = "site"

    def get_object(self, pk):
        rows = of_site(self.model_class.objects.all(), site_of_request(self.request), self.site_field)
        return rows.get(pk=pk)


class _WorkingSiteChosenMultiple:
    site_field = "site"

    def get_objects(self, pks):
        return of_site(super().get_objects(pks), site_of_request(self.request), self.site_field)


def _plain(field) -> bool:
    """A foreign key of the record itself."""
    return isinstance(field, str) and "__" not in field


def _scoped(name, mixin, view_class, site_field):
    field = staticmethod(site_field) if callable(site_field) else site_field
    return type(f"WorkingSite{name}", (mixin, view_class), {"site_field": field})


class WorkingSiteChooserViewSetMixin:
    """The chooser of a WorkingSiteViewSetMixin's model: only the association worked in's records."""

    site_field = "site"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.site_field
        self.choose_view_class = _scoped("Choose", _WorkingSiteChooserList, self.choose_view_class, field)
        self.choose_results_view_class = _scoped(
            "ChooseResults", _WorkingSiteChooserList, self.choose_results_view_class, field
        )
        self.chosen_view_class = _scoped("Chosen", _WorkingSiteChosen, self.chosen_view_class, field)
        self.chosen_multiple_view_class = _scoped(
            "ChosenMultiple", _WorkingSiteChosenMultiple, self.chosen_multiple_view_class, field
        )

    def get_urlpatterns(self):
        return scoped_patterns(super().get_urlpatterns(), self.model, field=self.site_field)


class WorkingSiteViewSetMixin:
    """For a model or snippet viewset of records with a `site` (`site_field`: or a path to one, "plan__site", or a
    function as `of_site` takes, given as a staticmethod):
    its listing and chooser show the association worked in, a new record is that association's (a site field
    offers only it), and a record of another is a 404 by its id in any view."""

    site_field = "site"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.site_field
        self.add_view_class = _scoped("Create", _WorkingSiteForm, self.add_view_class, field)
        self.edit_view_class = _scoped("Edit", _WorkingSiteForm, self.edit_view_class, field)
        if hasattr(self, "copy_view_class"):
            self.copy_view_class = _scoped("Copy", _WorkingSiteForm, self.copy_view_class, field)
        if hasattr(self, "chooser_viewset_class"):
            self.chooser_viewset_class = _scoped(
                "ChooserViewSet", WorkingSiteChooserViewSetMixin, self.chooser_viewset_class, field
            )

    def get_queryset(self, request):
        parent = getattr(super(), "get_queryset", None)
        queryset = parent(request) if parent else None
        if queryset is None:
            queryset = self.model._default_manager.all()
        return of_site(queryset, site_of_request(request), self.site_field)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        if not _plain(self.site_field):
            return form_class
        return type(form_class.__name__, (_SiteValidated, form_class), {})

    def get_urlpatterns(self):
        return scoped_patterns(super().get_urlpatterns(), self.model, field=self.site_field)
