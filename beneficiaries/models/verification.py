"""How often a family's data is verified: a period per beneficiary group, set by the association's administrators.

Every seed policy asks staff to make sure a family's data is still true when a service is given. A file's next
verification is due the shortest period of its groups after it was last verified (a widow's file may be checked
yearly, an orphan's every six months); a file without a group takes the association's default period.
"""

import calendar
import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from core import message_events
from services.models.facets import BeneficiaryGroup, source_locale_only

# What the family is told when its data is due to be verified (beneficiaries.reminders sends it).
VERIFICATION_DUE = message_events.register(
    "verification_due", _("Verification of the family's data due"),
    placeholders=("verification_date", "verification_date_hijri"),
)  # fmt: skip
MONTHS = [MinValueValidator(1), MaxValueValidator(60)]
# Browsers' number inputs refuse Arabic-Indic digits; Django's integer fields read them (int("١٢") == 12).
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has no such day: 31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@register_setting(icon="calendar-check")
class VerificationSettings(BaseSiteSetting, ClusterableModel):
    default_months = models.PositiveSmallIntegerField(
        _("verify every (months)"), default=12, validators=MONTHS,
        help_text=_("For files of no group with a period of its own."),
    )  # fmt: skip
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind staff this many days before"), default=14, validators=[MaxValueValidator(90)]
    )
    tell_family = models.BooleanField(
        _("tell the family when its verification is due"), default=True,
        help_text=_("By email and SMS, from the message template of the event about a verification due."),
    )  # fmt: skip

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("default_months", widget=NUMERIC),
                FieldPanel("remind_days_before", widget=NUMERIC),
                FieldPanel("tell_family"),
            ],
            heading=_("Verification of the families' data"),
        ),
        InlinePanel("group_periods", heading=_("Periods per beneficiary group"), label=_("period")),
    ]

    class Meta:
        verbose_name = _("verification of family files")

    def months_for(self, group_ids) -> int:
        """The shortest period among these groups', else the default."""
        periods = [period.months for period in self.group_periods.all() if period.group_id in set(group_ids)]
        return min(periods, default=self.default_months)

    def next_verification(self, group_ids, since: datetime.date) -> datetime.date:
        return add_months(since, self.months_for(group_ids))


class GroupVerificationPeriod(Orderable):
    settings = ParentalKey(VerificationSettings, on_delete=models.CASCADE, related_name="group_periods")
    group = models.ForeignKey(
        BeneficiaryGroup, verbose_name=_("beneficiary group"), on_delete=models.CASCADE, related_name="+",
        limit_choices_to=source_locale_only,
    )  # fmt: skip
    months = models.PositiveSmallIntegerField(_("verify every (months)"), validators=MONTHS)

    panels = [FieldPanel("group"), FieldPanel("months", widget=NUMERIC)]

    class Meta(Orderable.Meta):
        verbose_name = _("period of a beneficiary group")
        constraints = [models.UniqueConstraint(fields=["settings", "group"], name="one_period_per_group")]

    def __str__(self):
        return f"{self.group}: {self.months}"
