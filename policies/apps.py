from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class PoliciesConfig(AppConfig):
    """The association's published policies, their board approval and versions."""

    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        content_version.watch(*self.get_models())  # all of it is shown on public pages
