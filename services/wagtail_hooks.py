"""The catalogue's snippets in the admin: categories and beneficiary groups, each association's own.

Staff see, choose and change only the facets of the association they work in
(`organisation.associations.working_site_id`); a new facet is that association's (its form has no site field);
another association's, reached by its address, is not found.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from organisation.associations import working_site_id
from services.models import BeneficiaryGroup, Facet, ServiceCategory


def _working_site_id(request) -> int:
    site_id = getattr(request.user, "working_site_id", None)
    return site_id if site_id is not None else working_site_id(request)


class OwnFacetMixin:
    """A view of one facet: only of the association worked in."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if instance is not None and instance.site_id != _working_site_id(self.request):
            raise Http404
        return instance


class FacetCreateView(snippets.CreateView):
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        instance.site_id = _working_site_id(self.request)
        return instance


class FacetCopyView(OwnFacetMixin, snippets.CopyView):
    pass


class FacetEditView(OwnFacetMixin, snippets.EditView):
    pass


class FacetDeleteView(OwnFacetMixin, snippets.DeleteView):
    pass


class FacetUsageView(OwnFacetMixin, snippets.UsageView):
    pass


class FacetHistoryView(OwnFacetMixin, snippets.HistoryView):
    pass


class FacetInspectView(OwnFacetMixin, snippets.InspectView):
    pass


class OwnFacetsChooserMixin:
    def get_object_list(self):
        return super().get_object_list().for_site(_working_site_id(self.request))


class FacetChooseView(OwnFacetsChooserMixin, chooser.ChooseView):
    pass


class FacetChooseResultsView(OwnFacetsChooserMixin, chooser.ChooseResultsView):
    pass


class FacetChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.model_class.objects.for_site(_working_site_id(self.request)).get(pk=pk)


class FacetChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects(pks).for_site(_working_site_id(self.request))


class FacetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = FacetChooseView
    choose_results_view_class = FacetChooseResultsView
    chosen_view_class = FacetChosenView
    chosen_multiple_view_class = FacetChosenMultipleView


class FacetViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    add_view_class = FacetCreateView
    copy_view_class = FacetCopyView
    edit_view_class = FacetEditView
    delete_view_class = FacetDeleteView
    usage_view_class = FacetUsageView
    history_view_class = FacetHistoryView
    inspect_view_class = FacetInspectView
    chooser_viewset_class = FacetChooserViewSet

    def get_queryset(self, request):
        return self.model.objects.for_site(_working_site_id(request))


class ServiceCategoryViewSet(FacetViewSet):
    model = ServiceCategory
    icon = "folder-open-inverse"


class BeneficiaryGroupViewSet(FacetViewSet):
    model = BeneficiaryGroup
    icon = "group"


class ServiceSnippets(SnippetViewSetGroup):
    menu_label = _("Services")
    menu_icon = "list-ul"
    items = (ServiceCategoryViewSet, BeneficiaryGroupViewSet)


register_snippet(ServiceSnippets)


@hooks.register("before_bulk_action")
def own_facets_only(request, action_type, objects, action_class_instance):
    """A bulk action (deleting several) on facets: only on the association worked in's."""
    site_id = _working_site_id(request)
    if any(isinstance(item, Facet) and item.site_id != site_id for item in objects):
        raise PermissionDenied
