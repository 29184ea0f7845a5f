from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The project package: base templates, static assets, site-wide views."""

    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from website import content_version, frontend_cache

        content_version.watch_wagtail_models()
        frontend_cache.take_over_purging()
