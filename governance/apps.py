from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Governance and disclosure: what the association publishes, and keeping it complete."""

    name = "governance"
    verbose_name = _("Governance and disclosure")
