"""Distribution-day campaigns (Ramadan baskets, Eid clothing, school bags, winter): the families chosen for one, and
which of them collected (the delivery recorded for them on the day).

What each family gets is the delivery's own share (WhatIsGiven: service, kind, amount or quantity with its unit,
fund), so a campaign's deliveries are plain deliveries (beneficiaries.campaigns records them through
beneficiaries.deliveries.record). A campaign carries its association's site; its families are files of that site.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from beneficiaries.models.deliveries import Delivery, WhatIsGiven
from beneficiaries.models.files import BeneficiaryFile
from core import calendars


class Season(models.TextChoices):
    RAMADAN = "ramadan", _("Ramadan")
    EID = "eid", _("Eid")
    SCHOOL = "school", _("Back to school")
    WINTER = "winter", _("Winter")
    OTHER = "other", _("Other")


class CampaignStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    OPEN = "open", _("Open: distributing")
    CLOSED = "closed", _("Closed")


class Campaign(WhatIsGiven):
    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    season = models.CharField(_("season"), max_length=16, choices=Season.choices, default=Season.OTHER)
    starts_on = models.DateField(_("first day (Gregorian)"))
    starts_on_hijri = models.CharField(_("first day (Hijri)"), max_length=10, blank=True)
    ends_on = models.DateField(_("last day (Gregorian)"))
    ends_on_hijri = models.CharField(_("last day (Hijri)"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.PLANNING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(WhatIsGiven.Meta):
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            *WhatIsGiven.Meta.constraints,
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # WhatIsGiven.save takes the site from a file: a campaign has its own.
        if self.service_id and not self.service_title:
            self.service_title = self.service.title
        models.Model.save(self, *args, **kwargs)

    def dates(self, language: str) -> dict:
        """The first and last days in both calendars, ready to show."""
        return {
            "starts": calendars.format_gregorian(self.starts_on, language),
            "starts_hijri": calendars.hijri_display(self.starts_on, language, stored=self.starts_on_hijri),
            "ends": calendars.format_gregorian(self.ends_on, language),
            "ends_hijri": calendars.hijri_display(self.ends_on, language, stored=self.ends_on_hijri),
        }


class CampaignFamily(models.Model):
    """A family chosen for a campaign; `collected` is the delivery recorded when it collected."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="families")
    file = models.ForeignKey(
        BeneficiaryFile, verbose_name=_("beneficiary file"), on_delete=models.CASCADE, related_name="campaigns"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    collected = models.OneToOneField(
        Delivery, verbose_name=_("delivery"), null=True, blank=True, on_delete=models.SET_NULL, related_name="campaign"
    )

    class Meta:
        verbose_name = _("family of a campaign")
        verbose_name_plural = _("families of a campaign")
        ordering = ["file__head_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "file"], name="one_row_per_family_per_campaign")]

    def __str__(self):
        return f"{self.campaign} — {self.file_id}"
