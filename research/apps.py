from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from core import content_version
from inbox.signals import case_moved


class ResearchConfig(AppConfig):
    """Social research: the researcher's tasks, visits and reports on a request."""

    name = "research"
    label = "research"
    verbose_name = _("Social research")

    def ready(self):
        from research import referrals, uploads  # noqa: PLC0415 -- imports models: the app registry is not ready yet
        from research.models import (  # noqa: PLC0415 -- models: the app registry is not ready at module level
            ReportUpload,
            ResearchQuestion,
            ResearchSettings,
        )

        case_moved.connect(referrals.follow_the_move, dispatch_uid="research.follow_the_move")
        post_delete.connect(uploads.remove_stored_file, sender=ReportUpload, dispatch_uid="research.remove_stored_file")
        # A site setting and a snippet, kept per worker like every other (rarely saved: one new version a change).
        content_version.watch(ResearchSettings, ResearchQuestion)
