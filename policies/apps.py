from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    """The association's published policies, their board approval and versions."""

    name = "policies"
    verbose_name = _("Policies")
