from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from services.models import BeneficiaryGroup, ServiceCategory


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class BeneficiaryGroupViewSet(SnippetViewSet):
    model = BeneficiaryGroup
    icon = "group"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class ServiceSnippets(SnippetViewSetGroup):
    menu_label = _("Services")
    menu_icon = "list-ul"
    items = (ServiceCategoryViewSet, BeneficiaryGroupViewSet)


register_snippet(ServiceSnippets)
