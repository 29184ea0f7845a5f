from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    """Request forms: help requests, volunteering, complaints, surveys, and what they submit."""

    name = "forms"
    label = "forms"
    verbose_name = _("Requests")

    def ready(self):
        from core import content_version
        from forms.models import FormField

        content_version.watch(FormField)
