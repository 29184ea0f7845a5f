"""The completeness list: what the association must publish, by disclosure area.

Every governance record is its association's (a non-null `site`, copied to and kept on its translations),
read through `objects.for_site(site)`: one association's pages, report and admin never show another's."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Site, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from core.localization import default_locale_id
from policies.models import PolicyPage


class Area(models.TextChoices):
    """The disclosure areas: one public page each (the board and the assembly have their own page types)."""

    LICENCE = "licence", _("Registration and licence")
    BYLAWS = "bylaws", _("Bylaws")
    BOARD = "board", _("Board of directors and committees")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    EXECUTIVE = "executive", _("Executive management")
    ORGANISATION_CHART = "organisation_chart", _("Organisational chart")
    FINANCIAL = "financial", _("Financial statements")
    REPORTS = "reports", _("Annual reports")
    PLANS = "plans", _("Strategic and operating plans")
    POLICIES = "policies", _("Policies")


class SiteQuerySet(models.QuerySet):
    def for_site(self, site):
        """The records of the association on `site` (a Site or its id)."""
        return self.filter(site_id=getattr(site, "pk", site))


def site_field():
    """The association a record belongs to: set by whoever makes it (the admin: the association worked in)."""
    return models.ForeignKey(
        Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+", editable=False
    )


# A translation is of its source's association: copied when made, kept in step after.
SYNCHRONISED_SITE = SynchronizedField("site", overridable=False)


class DisclosureItem(TranslatableMixin, models.Model):
    """One thing the association must publish, with how often it is renewed and when it falls due."""

    class Source(models.TextChoices):
        DOCUMENT = "document", _("published documents")
        BOARD = "board", _("board members")
        COMMITTEES = "committees", _("committees")
        ASSEMBLY = "assembly", _("ordinary general assembly meetings")
        EXECUTIVE = "executive", _("executive management")
        POLICY = "policy", _("a page in the policy library")

    class Renewal(models.TextChoices):
        ONCE = "once", _("kept current (renewed when it expires)")
        FISCAL_YEAR = "fiscal_year", _("every fiscal year")
        BOARD_TERM = "board_term", _("when a board term ends")

    site = site_field()
    key = models.SlugField(_("key"), max_length=60, help_text=_("Short Latin name, the same in every language."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area"), max_length=30, choices=Area.choices)
    source = models.CharField(
        _("shown by"),
        max_length=20,
        choices=Source.choices,
        default=Source.DOCUMENT,
        help_text=_("Where the site finds this item to know whether it is published."),
    )
    renewal = models.CharField(_("renewed"), max_length=20, choices=Renewal.choices, default=Renewal.ONCE)
    due_months = models.PositiveSmallIntegerField(
        _("due (months after its period)"),
        default=0,
        validators=[MaxValueValidator(36)],
        help_text=_(
            "How long after the fiscal year's end, the end of a board term or a document's expiry the new one "
            "must be published. 0: at once."
        ),
    )
    policy = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a policy: its page in the policy library (linked, not copied)."),
    )
    active = models.BooleanField(_("checked"), default=True, help_text=_("Untick to leave it out of the report."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [
        SynchronizedField("key"),
        SynchronizedField("due_months"),
        SynchronizedField("sort_order"),
        SYNCHRONISED_SITE,
    ]
    objects = SiteQuerySet.as_manager()
    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("area"), FieldPanel("source")]),
        FieldRowPanel([FieldPanel("renewal"), FieldPanel("due_months")]),
        PageChooserPanel("policy", "policies.PolicyPage"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "locale", "key"], name="unique_disclosure_item_key")]
        permissions = [("view_disclosure_report", "Can see the disclosure completeness report")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.renewal == self.Renewal.BOARD_TERM and self.source != self.Source.BOARD:
            errors["renewal"] = _("Only the board's members are renewed when a term ends.")
        if self.renewal == self.Renewal.FISCAL_YEAR and self.source not in (self.Source.DOCUMENT, self.Source.ASSEMBLY):
            errors["renewal"] = _("Only documents and general assembly meetings belong to a fiscal year.")
        policy_chosen = self.source == self.Source.POLICY and self.policy_id
        policies = PolicyPage.objects.filter(pk=self.policy_id)
        if policy_chosen and self.site_id:  # of the association's own library
            policies = policies.in_site(Site.objects.get(pk=self.site_id))
        if policy_chosen and not policies.exists():
            errors["policy"] = _("Choose a page of the policy library.")
        if self.site_id and self.locale_id and self.key:
            # The admin's form has no site field, so Django would not check the constraint itself.
            taken = DisclosureItem.objects.filter(site_id=self.site_id, locale_id=self.locale_id, key=self.key)
            if taken.exclude(pk=self.pk).exists():
                errors["key"] = _("This association's list already has an item with this key.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_yearly(self) -> bool:
        return self.renewal == self.Renewal.FISCAL_YEAR


def source_items(area: str, site):
    """The active items of `area` on the list of the association on `site`, in the source language."""
    return DisclosureItem.objects.for_site(site).filter(locale_id=default_locale_id(), area=area, active=True)
