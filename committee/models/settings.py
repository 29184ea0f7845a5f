"""The committee's settings per association: its quorum, the calendar its sessions are numbered in, its chair,
and the reasons a request may be rejected for (each in Arabic and English, as the applicant reads it)."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from core import calendars

# Browsers' number inputs refuse Arabic-Indic digits; Django's integer fields read them (int("١٢") == 12).
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4})


class QuorumRule(models.TextChoices):
    MAJORITY = "majority", _("More than half of the members invited")
    TWO_THIRDS = "two_thirds", _("Two thirds of the members invited")
    FIXED = "fixed", _("A fixed number of members")


@register_setting(icon="group")
class CommitteeSettings(BaseSiteSetting, ClusterableModel):
    quorum_rule = models.CharField(
        _("quorum"), max_length=12, choices=QuorumRule.choices, default=QuorumRule.MAJORITY,
        help_text=_("How many of the members invited to a session must attend for it to decide."),
    )  # fmt: skip
    quorum_number = models.PositiveSmallIntegerField(
        _("fixed number of members"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Used when the quorum is a fixed number."),
    )  # fmt: skip
    numbering_calendar = models.CharField(
        _("sessions numbered by the year of"), max_length=10, choices=calendars.CALENDAR_CHOICES,
        default=calendars.HIJRI,
    )  # fmt: skip
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair of the committee"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Their vote decides a tie. Each new session starts with this chair."),
    )  # fmt: skip

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("quorum_rule"),
                FieldPanel("quorum_number", widget=NUMERIC),
                FieldPanel("numbering_calendar"),
                FieldPanel("chair"),
            ],
            heading=_("The research committee"),
        ),
        InlinePanel("rejection_reasons", heading=_("Reasons for rejecting a request"), label=_("reason")),
    ]

    class Meta:
        verbose_name = _("research committee")

    def quorum_of(self, invited: int) -> int:
        """How many members must attend a session to which `invited` members were invited."""
        if self.quorum_rule == QuorumRule.FIXED:
            return self.quorum_number
        if self.quorum_rule == QuorumRule.TWO_THIRDS:
            return -(-2 * invited // 3)  # two thirds, rounded up
        return invited // 2 + 1

    def year_of(self, day) -> int:
        """The year a session held on `day` is numbered in (the Gregorian one outside the Hijri tables)."""
        if self.numbering_calendar == calendars.HIJRI:
            hijri = calendars.gregorian_to_hijri(day)
            if hijri:
                return calendars.parse_parts(hijri)[0]
        return day.year


class RejectionReason(Orderable):
    """A reason the committee gives for a rejection, in both languages: the applicant reads theirs."""

    settings = ParentalKey(CommitteeSettings, on_delete=models.CASCADE, related_name="rejection_reasons")
    text_ar = models.CharField(_("reason (Arabic)"), max_length=255)
    text_en = models.CharField(_("reason (English)"), max_length=255, blank=True)

    panels = [FieldPanel("text_ar"), FieldPanel("text_en")]

    class Meta(Orderable.Meta):
        verbose_name = _("reason for rejecting")
        verbose_name_plural = _("reasons for rejecting")

    def __str__(self):
        return self.text_in(translation.get_language() or "ar")

    def text_in(self, language: str) -> str:
        """The reason in `language` (the Arabic when it has no English)."""
        return self.text_en if language == "en" and self.text_en else self.text_ar
