from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class CommitteeConfig(AppConfig):
    """The research committee: sessions, agendas, decisions applied together, minutes."""

    name = "committee"
    label = "committee"
    verbose_name = _("Research committee")

    def ready(self):
        from committee.models import CommitteeSettings  # noqa: PLC0415 -- a model: the app registry is not ready yet

        # A site setting, kept per worker like every other (rarely saved: one new version a change).
        content_version.watch(CommitteeSettings)
