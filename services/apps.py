from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class ServicesConfig(AppConfig):
    """The service catalog: what the association offers and how to ask for it."""

    name = "services"
    verbose_name = _("Services")

    def ready(self):
        content_version.watch(*self.get_models())  # all of it is shown on public pages
