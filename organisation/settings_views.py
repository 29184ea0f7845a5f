"""Wagtail's site settings, each association's own: the settings menu opens the settings of the association
worked in, and another association's (its site's id in the address) is refused to all but superusers.
These views stand in front of wagtail.contrib.settings' own at the same addresses (organisation.wagtail_hooks)."""

from django.http import Http404
from django.shortcuts import redirect
from wagtail.contrib.settings import views
from wagtail.contrib.settings.models import BaseSiteSetting

from organisation.associations import working_site_id
from organisation.models import OrganisationSettings, profiles_of


def _refused(request, model, pk) -> bool:
    return issubclass(model, BaseSiteSetting) and not request.user.is_superuser and pk != working_site_id(request)


def open_setting(request, app_name, model_name):
    """The settings of the association worked in (Wagtail's own view would take the host's)."""
    model = views.get_model_from_url_params(app_name, model_name)
    if issubclass(model, BaseSiteSetting):
        return redirect("wagtailsettings:edit", app_name, model_name, working_site_id(request))
    return views.redirect_to_relevant_instance(request, app_name, model_name)


class EditView(views.EditView):
    def get_object(self, *args, **kwargs):
        if _refused(self.request, self.model, self.pk):
            raise Http404
        return super().get_object(*args, **kwargs)

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # The organisation's profile: one of its own (as its chooser lists them), on POST too.
        if issubclass(self.model, OrganisationSettings) and "profile" in form.fields:
            field = form.fields["profile"]
            field.queryset = profiles_of(field.queryset, self.object.site_id)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.request.user.is_superuser:  # no list of the other associations' sites
            context["site_switcher"] = None
            context["site_for_header"] = self.site
        return context


class PreviewOnEdit(views.PreviewOnEdit):
    def get_object(self, *args, **kwargs):
        if _refused(self.request, self.model, self.pk):
            raise Http404
        return super().get_object(*args, **kwargs)
