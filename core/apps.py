from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: text, dates, search, caching, uploads, the headless helpers.

    The bottom layer: it imports no other app of the project (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import content_version, frontend_cache  # noqa: PLC0415 -- models are ready only here

        content_version.watch_wagtail_models()
        frontend_cache.take_over_purging()
