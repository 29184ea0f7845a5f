"""Wagtail's redirects, each association's own: the list, adding, editing and deleting show and take only the
redirects of the association worked in, and a redirect is made for its site alone (one "for all sites" would act
on every association's host, so only superusers make or change those). Importing a file of redirects names its
site too: that stays with superusers. These views stand in front of wagtail.contrib.redirects' own at the same
addresses (organisation.wagtail_hooks)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.contrib.redirects import views
from wagtail.contrib.redirects.filters import RedirectsReportFilterSet
from wagtail.models import Site

from organisation.associations import working_site_id


def own_redirects(request, redirects):
    return redirects if request.user.is_superuser else redirects.filter(site_id=working_site_id(request))


def _site_of_own(request, form):
    """The form's site: the association worked in, which it must name."""
    if not request.user.is_superuser and "site" in form.fields:
        field = form.fields["site"]
        field.queryset = Site.objects.filter(pk=working_site_id(request))
        field.required, field.empty_label = True, None
    return form


class OwnRedirectsFilterSet(RedirectsReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None and not self.request.user.is_superuser:  # not the other associations' sites
            self.filters["site"].queryset = Site.objects.filter(pk=working_site_id(self.request))


class IndexView(views.IndexView):
    filterset_class = OwnRedirectsFilterSet

    def get_base_queryset(self):
        return own_redirects(self.request, super().get_base_queryset())


class CreateView(views.CreateView):
    def get_form(self, *args, **kwargs):
        return _site_of_own(self.request, super().get_form(*args, **kwargs))


class EditView(views.EditView):
    def get_object(self, queryset=None):
        found = super().get_object(queryset)
        if not own_redirects(self.request, type(found).objects.filter(pk=found.pk)).exists():
            raise Http404
        return found

    def get_form(self, *args, **kwargs):
        return _site_of_own(self.request, super().get_form(*args, **kwargs))


class DeleteView(views.DeleteView):
    def get_object(self, queryset=None):
        found = super().get_object(queryset)
        if not own_redirects(self.request, type(found).objects.filter(pk=found.pk)).exists():
            raise Http404
        return found


def superusers_only(view):
    def guarded(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


start_import = superusers_only(views.start_import)
process_import = superusers_only(views.process_import)
