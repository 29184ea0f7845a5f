from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class GovernanceConfig(AppConfig):
    """Governance and disclosure: what the association publishes, and keeping it complete."""

    name = "governance"
    verbose_name = _("Governance and disclosure")

    def ready(self):
        # Everything here is shown on public pages but the log of reminders sent.
        content_version.watch(*(model for model in self.get_models() if model.__name__ != "DisclosureNotice"))
