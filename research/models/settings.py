"""How an association runs its social research: the days a research task is due in (per service), whether the
researchers' photos keep their location, and the assignment rule for households headed by a woman."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from inbox.lifecycle import Role
from inbox.roles import staff_with_role
from services.models.facets import source_locale_only

DAYS = [MinValueValidator(1), MaxValueValidator(90)]
# Browsers' number inputs refuse Arabic-Indic digits; Django's integer fields read them (int("١٢") == 12).
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})


def researchers_only():
    """The rule's researchers are chosen among those who hold the researcher's role."""
    return {"pk__in": staff_with_role(Role.RESEARCHER).values("pk")}


def researchers_at(users, site_id):
    """Those of `users` who hold the researcher's role at the association on `site_id` (the settings form offers
    them: organisation.settings_views; holding it at another association is not enough)."""
    return users.filter(pk__in=staff_with_role(Role.RESEARCHER, site_id=site_id).values("pk"))


@register_setting(icon="search")
class ResearchSettings(BaseSiteSetting, ClusterableModel):
    default_days = models.PositiveSmallIntegerField(
        _("research due in (days)"), default=7, validators=DAYS,
        help_text=_("Days from the referral to the research's due date, for services without a period of their own."),
    )  # fmt: skip
    keep_photo_location = models.BooleanField(
        _("keep the location data in researchers' photos"), default=False,
        help_text=_("Off: the place a photo was taken is removed from it when it is uploaded."),
    )  # fmt: skip
    women_researchers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("researchers for households headed by a woman"), blank=True,
        related_name="+", limit_choices_to=researchers_only,
        help_text=_(
            "When the family's file shows a household headed by a woman, these researchers are offered first "
            "on referral, and a referral to anyone else is flagged. Leave empty for no rule."
        ),
    )  # fmt: skip

    panels = [
        MultiFieldPanel(
            [FieldPanel("default_days", widget=NUMERIC), FieldPanel("keep_photo_location")],
            heading=_("Social research"),
        ),
        InlinePanel("service_periods", heading=_("Periods per service"), label=_("period")),
        FieldPanel("women_researchers", widget=forms.CheckboxSelectMultiple),
    ]

    # The settings form's choices beyond the association's own people (organisation.settings_views.narrowed).
    site_choices = {"women_researchers": researchers_at}

    class Meta:
        verbose_name = _("social research")

    def days_for(self, service_key) -> int:
        """The period of the service (by its translation key: a request in English names the English page),
        else the default."""
        for period in self.service_periods.all():
            if service_key is not None and period.service.translation_key == service_key:
                return period.days
        return self.default_days


class ServiceResearchPeriod(Orderable):
    settings = ParentalKey(ResearchSettings, on_delete=models.CASCADE, related_name="service_periods")
    service = models.ForeignKey(
        "services.ServicePage", verbose_name=_("service"), on_delete=models.CASCADE, related_name="+",
        limit_choices_to=source_locale_only,
    )  # fmt: skip
    days = models.PositiveSmallIntegerField(_("research due in (days)"), validators=DAYS)

    panels = [FieldPanel("service"), FieldPanel("days", widget=NUMERIC)]

    class Meta(Orderable.Meta):
        verbose_name = _("research period of a service")
        constraints = [models.UniqueConstraint(fields=["settings", "service"], name="one_research_period_per_service")]

    def __str__(self):
        return f"{self.service}: {self.days}"
