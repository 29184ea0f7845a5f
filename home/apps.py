from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from core import content_version

        content_version.watch(*self.get_models())  # all of it is shown on public pages
