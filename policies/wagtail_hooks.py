from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from organisation.scoping import WorkingSiteViewSetMixin
from policies import views
from policies.models import PolicyCategory


class PolicyCategoryViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    """Each association's policy categories, to its own staff only (organisation.scoping)."""

    model = PolicyCategory
    icon = "folder-open-inverse"
    menu_label = _("Policy categories")
    list_display = ["name", "sort_order", "locale"]
    ordering = ["sort_order", "name"]


register_snippet(PolicyCategoryViewSet)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("policies/import/", views.import_policy, name="policies_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user, request)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import a policy"), reverse("policies_import"), icon_name="upload", order=250)
