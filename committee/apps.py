from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    """The research committee: sessions, agendas, decisions applied together, minutes."""

    name = "committee"
    label = "committee"
    verbose_name = _("Research committee")
