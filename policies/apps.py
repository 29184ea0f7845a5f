from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    """The association's published policies, their board approval and versions."""

    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        from core import content_version  # noqa: PLC0415 -- the app registry is ready only here

        content_version.watch(*self.get_models())  # all of it is shown on public pages
