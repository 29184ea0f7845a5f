"""Keeping family files no longer than needed (PDPL: retention periods), and what stays of an erased file.

A closed file is erased a number of years after it was closed, a suspended one after it was suspended; active
files and files under registration never. The periods are a site setting, set by the association's
administrators. The default, five years, is the period associations commonly keep their beneficiaries' records
for audit and the ministry's inspection; an association bound to a longer one sets it here.

An erased file (by retention, or on the family's request) leaves an `AnonymisedFile`: its association, city,
household size and dates, nothing that names anyone, so the deliveries it received still count in the reports.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from beneficiaries.models.files import FileStatus
from beneficiaries.models.verification import NUMERIC

YEARS = [MinValueValidator(1), MaxValueValidator(30)]
DEFAULT_YEARS = 5


@register_setting(icon="bin")
class FileRetentionSettings(BaseSiteSetting):
    closed_years = models.PositiveSmallIntegerField(
        _("erase closed files after (years)"), default=DEFAULT_YEARS, validators=YEARS,
        help_text=_("Counted from when the file was closed."),
    )  # fmt: skip
    suspended_years = models.PositiveSmallIntegerField(
        _("erase suspended files after (years)"), default=DEFAULT_YEARS, validators=YEARS,
        help_text=_("Counted from when the file was suspended. Active files and files under registration are kept."),
    )  # fmt: skip

    panels = [
        MultiFieldPanel(
            [FieldPanel("closed_years", widget=NUMERIC), FieldPanel("suspended_years", widget=NUMERIC)],
            heading=_("Retention of family files"),
        ),
    ]

    class Meta:
        verbose_name = _("retention of family files")

    def years_for(self, status) -> int | None:
        """How many years a file of this status is kept after reaching it; None: kept for as long as it lasts."""
        return {FileStatus.CLOSED: self.closed_years, FileStatus.SUSPENDED: self.suspended_years}.get(status)


class ErasedBy(models.TextChoices):
    REQUEST = "request", _("The person's request (PDPL)")
    RETENTION = "retention", _("Retention period")


class AnonymisedFile(models.Model):
    """What stays of an erased family file: no name, no ID, no contact; enough for the reports."""

    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    city = models.CharField(_("city"), max_length=100, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"))
    status = models.CharField(_("status"), max_length=16, choices=FileStatus.choices)
    opened_at = models.DateTimeField(_("opened at"))
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.CharField(_("erased by"), max_length=16, choices=ErasedBy.choices)

    class Meta:
        verbose_name = _("erased family file")
        verbose_name_plural = _("erased family files")
        ordering = ["-erased_at", "-pk"]

    def __str__(self):
        return f"#{self.pk}"
