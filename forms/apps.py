from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_recaptcha import client as recaptcha_client

from core import content_version
from forms import siteverify


class FormsConfig(AppConfig):
    """Request forms: help requests, volunteering, complaints, surveys, and what they submit."""

    name = "forms"
    label = "forms"
    verbose_name = _("Requests")

    def ready(self):
        from forms.form_fields import FormField  # noqa: PLC0415 -- models load only once the app registry is ready

        content_version.watch(FormField)
        # django-recaptcha's check, on a connection kept per worker thread (forms/siteverify.py).
        recaptcha_client.recaptcha_request = siteverify.request
