from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import content_version


class FormsConfig(AppConfig):
    """Request forms: help requests, volunteering, complaints, surveys, and what they submit."""

    name = "forms"
    label = "forms"
    verbose_name = _("Requests")

    def ready(self):
        from forms.form_fields import FormField  # noqa: PLC0415 -- models load only once the app registry is ready

        content_version.watch(FormField)
