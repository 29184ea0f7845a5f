from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version
from inbox.signals import case_moved


class ResearchConfig(AppConfig):
    """Social research: the researcher's tasks, visits and reports on a request."""

    name = "research"
    label = "research"
    verbose_name = _("Social research")

    def ready(self):
        from research import referrals  # noqa: PLC0415 -- imports models: the app registry is not ready yet
        from research.models import ResearchSettings  # noqa: PLC0415 -- a model: registry not ready at module level

        case_moved.connect(referrals.follow_the_move, dispatch_uid="research.follow_the_move")
        # A site setting, kept per worker like every other (rarely saved: one new version a change).
        content_version.watch(ResearchSettings)
