from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from staff_security import audit, policy, urls


@hooks.register("register_admin_urls")
def register_urls():
    return [path("two-step/", include(urls, namespace="staff_security"))]


@hooks.register("register_account_menu_item")
def two_step_account_menu_item(request):
    return {
        "url": reverse("staff_security:overview"),
        "label": _("Two-step verification"),
        "help_text": _("A code from an app on your phone at each sign-in, and recovery codes for a lost phone."),
    }


@hooks.register("register_user_listing_buttons")
def reset_button(user, request_user):
    if policy.can_reset(request_user, user):
        yield Button(
            _("Reset two-step verification"),
            reverse("staff_security:reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit.register_actions(actions)
