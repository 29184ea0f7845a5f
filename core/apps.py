from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.content_version import after_each_change


class CoreConfig(AppConfig):
    """What every app shares: text, dates, search, caching, uploads, the headless helpers.

    The bottom layer: it imports no other app of the project (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # Both import Wagtail's models, which can be imported only once the registry is ready.
        from core import frontend_cache, wagtail_content  # noqa: PLC0415 -- models are ready only here

        wagtail_content.watch_wagtail_models()
        after_each_change(frontend_cache.purge_site_soon)
        frontend_cache.take_over_purging()
