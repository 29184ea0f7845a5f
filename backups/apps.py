from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups of the database and both buckets, restores, and the restore drill (docs/deploy.md)."""

    name = "backups"
    verbose_name = _("Backups")
