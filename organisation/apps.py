from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from core import content_version


class OrganisationConfig(AppConfig):
    """The association itself: its identity, contact details and staff roles."""

    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        # The profile and settings every page shows (not the associations' bookkeeping).
        content_version.watch(self.get_model("OrganisationProfile"), self.get_model("OrganisationSettings"))
        # Whether an association is suspended is kept with the sites' structure (organisation.suspension).
        association = self.get_model("Association")
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                content_version.structure_changed, sender=association, dispatch_uid=f"structure.{name}.association"
            )
        from organisation import associations  # noqa: F401, PLC0415 - connects the sign-in receiver once models load
        from organisation.permission_policies import confine_to_working_association  # noqa: PLC0415 - needs models

        confine_to_working_association()
