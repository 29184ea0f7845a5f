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
    def current_calendar(cls, site_id: int | None = None) -> str:
        """The choice of the association on `site_id`, else the default site's (outside any request)."""
        rows = cls.objects.filter(site_id=site_id) if site_id else cls.objects.filter(site__is_default_site=True)
        chosen = rows.values_list("fiscal_year_calendar", flat=True).first()
        return chosen or calendars.GREGORIAN  # no such site, or its settings never saved: the field's default


def fiscal_calendar(request=None, site=None) -> str:
    """The calendar the fiscal years of the association on `site` (a Site or its id; else the request's site,
    else the default site) follow, kept by each worker until content changes (core/site_facts.py)."""
    site_id = getattr(site, "pk", site) or site_facts.site_id(request)
    return site_facts.remembered(
        request, ("fiscal-calendar", site_id), lambda: GovernanceSettings.current_calendar(site_id)
    )
