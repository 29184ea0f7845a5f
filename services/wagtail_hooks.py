"""The catalogue's snippets in the admin: categories and beneficiary groups, each association's own.

Staff see, choose and change only the facets of the association they work in, a new facet is that association's
(its form has no site field) and another association's, reached by its address, is not found: the one scoped
snippet viewset, `organisation.scoping.WorkingSiteViewSetMixin`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from organisation.scoping import WorkingSiteViewSetMixin
from services.models import BeneficiaryGroup, ServiceCategory


class FacetViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


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
