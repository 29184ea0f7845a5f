"""Staff views reach only the records of the association the person works in (organisation.associations):
a record of another association, asked for by its id in the address, is no record here (404)."""

import functools

from django.http import Http404
from django.urls import URLPattern
from wagtail.models import Site

from organisation.associations import working_site_id


def of_working_site(model, kwarg="pk", field="site"):
    """A view decorator: 404 unless the `model` row whose id is the URL's `kwarg` belongs to the association
    worked in (its `field`, a foreign key to the site, or a path to one such as "plan__site")."""

    def decorate(view):
        @functools.wraps(view)
        def scoped(request, *args, **kwargs):
            wanted = kwargs.get(kwarg)
            if wanted is not None:
                site_id = working_site_id(request)
                if not model._default_manager.filter(pk=wanted, **{f"{field}_id": site_id}).exists():
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


class _WorkingSiteIndex:
    def get_base_queryset(self):
        return super().get_base_queryset().filter(site_id=working_site_id(self.request))


class _WorkingSiteForm:
    """The form's `site` offers only the association worked in, chosen already."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "site" in form.fields:
            site_id = working_site_id(self.request)
            form.fields["site"].queryset = Site.objects.filter(pk=site_id)
            form.fields["site"].initial = site_id
            if not form.is_bound and getattr(form.instance, "site_id", None) is None:
                form.initial["site"] = site_id
        return form


class WorkingSiteViewSetMixin:
    """For a model or snippet viewset of records with a `site`: its listing shows the association worked in,
    its forms offer only that association, and a record of another is a 404 by its id in any of its views."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_view_class = type("WorkingSiteIndex", (_WorkingSiteIndex, self.index_view_class), {})
        self.add_view_class = type("WorkingSiteCreate", (_WorkingSiteForm, self.add_view_class), {})
        self.edit_view_class = type("WorkingSiteEdit", (_WorkingSiteForm, self.edit_view_class), {})

    def get_urlpatterns(self):
        return scoped_patterns(super().get_urlpatterns(), self.model)
