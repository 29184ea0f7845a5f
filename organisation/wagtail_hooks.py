from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from organisation.models import OrganisationProfile


class OrganisationProfileViewSet(SnippetViewSet):
    model = OrganisationProfile
    icon = "site"
    menu_label = _("Organisation profile")
    add_to_settings_menu = True
    list_display = ["name", "locale"]


register_snippet(OrganisationProfileViewSet)
