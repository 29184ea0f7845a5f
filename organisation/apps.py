from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class OrganisationConfig(AppConfig):
    """The association itself: its identity, contact details and staff roles."""

    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        content_version.watch(*self.get_models())  # the profile and settings every page shows
