from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class OrganisationConfig(AppConfig):
    """The association itself: its identity, contact details and staff roles."""

    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        # The profile and settings every page shows (not the associations' bookkeeping).
        content_version.watch(self.get_model("OrganisationProfile"), self.get_model("OrganisationSettings"))
        from organisation import associations  # noqa: F401, PLC0415 - connects the sign-in receiver once models load
