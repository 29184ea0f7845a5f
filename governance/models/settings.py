"""The site setting of governance: which calendar the association's fiscal years follow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core import calendars, site_facts


@register_setting(icon="doc-full")
class GovernanceSettings(BaseSiteSetting):
    fiscal_year_calendar = models.CharField(
        _("fiscal years follow"),
        max_length=10,
        choices=calendars.CALENDAR_CHOICES,
        default=calendars.GREGORIAN,
        help_text=_(
            "Gregorian: 1 January to 31 December. Hijri: 1 Muharram to the end of Dhu al-Hijjah (Umm al-Qura). "
            "Years typed on documents and meetings are years of this calendar."
        ),
    )

    panels = [FieldPanel("fiscal_year_calendar")]

    class Meta:
        verbose_name = _("governance and disclosure")

    @classmethod
    def current_calendar(cls) -> str:
        """The default site's choice (the completeness rules run outside any request)."""
        chosen = cls.objects.filter(site__is_default_site=True).values_list("fiscal_year_calendar", flat=True).first()
        return chosen or calendars.GREGORIAN  # no default site, or its settings never saved: the field's default


def fiscal_calendar(request=None) -> str:
    """The calendar fiscal years follow, kept by each worker until content changes (core/site_facts.py)."""
    return site_facts.remembered(request, ("fiscal-calendar",), GovernanceSettings.current_calendar)
