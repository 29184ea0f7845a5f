from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hosting import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("hosting/", views.associations, name="hosting_associations"),
        path("hosting/new/", views.create, name="hosting_create"),
        path("hosting/<int:pk>/suspend/", views.suspend, name="hosting_suspend"),
        path("hosting/<int:pk>/resume/", views.resume, name="hosting_resume"),
        path("hosting/<int:pk>/remove/", views.remove, name="hosting_remove"),
    ]


class OperatorMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_operate(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return OperatorMenuItem(_("Associations"), reverse("hosting_associations"), icon_name="site", order=9000)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("hosting.create", _("Create the association"), _("Association created"))
    actions.register_action("hosting.suspended", _("Suspend"), _("Association suspended"))
    actions.register_action("hosting.active", _("Resume"), _("Association resumed"))
