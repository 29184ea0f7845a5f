from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    """Request forms: help requests, volunteering, complaints, surveys, and what they submit."""

    name = "forms"
    label = "forms"
    verbose_name = _("Requests")

    def ready(self):
        from forms.models import FormField
        from website import content_version

        content_version.watch(FormField)

        # The headless doors, in the same OpenAPI document as Wagtail's API v3
        # (added before urls.py builds the API's URLs; adding later raises).
        from wagtail.api.v3.api import api

        from forms.api import router as forms_router
        from website.api import router as preview_router

        api.add_router("/forms/", forms_router)
        api.add_router("/preview/", preview_router)
