from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        content_version.watch(*self.get_models())  # all of it is shown on public pages
