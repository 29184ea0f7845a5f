from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The project package: settings, URLs, the API's routers, base templates, static assets, site-wide views."""

    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from website import api  # noqa: PLC0415 -- the routers' modules read models, ready only here

        api.register_routers()
