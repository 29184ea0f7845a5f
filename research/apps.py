from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    """Social research: the researcher's tasks, visits and reports on a request."""

    name = "research"
    label = "research"
    verbose_name = _("Social research")
