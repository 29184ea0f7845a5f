"""The association's identity.

Locale-neutral facts (numbers, addresses on the web, the logo) live in a site
setting. Everything a reader reads lives in `OrganisationProfile`, a
translatable snippet that wagtail-localize translates like a page; the setting
points at the Arabic original and templates show the reader's translation.
"""

import dataclasses
import datetime

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin

from core import calendars, site_facts
from core.arabic import to_western_digits
from core.contrast import validate_brand_colour, validate_hex_colour
from core.validators import normalise_iban, validate_digits_only, validate_saudi_iban
from organisation.blocks import BranchBlock, PublicHolidayBlock, SocialAccountBlock


@dataclasses.dataclass(frozen=True)
class ReplyRules:
    """How a reply period is counted: calendar days, or working days minus public holidays."""

    working_days: bool = False
    holidays: frozenset = frozenset()

    def due_date(self, start: datetime.date, days: int) -> datetime.date:
        return calendars.add_days(start, days, working_days=self.working_days, holidays=self.holidays)

    def days_between(self, start: datetime.date, end: datetime.date) -> int:
        return calendars.days_between(start, end, working_days=self.working_days, holidays=self.holidays)


class OrganisationProfile(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    ministry = models.CharField(
        _("registered with"),
        max_length=200,
        help_text=_("The ministry or authority the association is registered with."),
    )
    address = models.TextField(_("address"))
    bank_name = models.CharField(_("bank for donations"), max_length=120, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    branches = StreamField([("branch", BranchBlock())], blank=True, verbose_name=_("branch offices"))
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_(
            "What personal data is collected, why, how long it is kept, and how to ask for access or deletion."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("ministry"),
        FieldPanel("address"),
        MultiFieldPanel([FieldPanel("bank_name"), FieldPanel("account_holder")], heading=_("Donations")),
        FieldPanel("branches"),
        FieldPanel("privacy_notice"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profiles")

    def __str__(self):
        return self.name

    def content_site_ids(self) -> list[int] | None:
        """The sites whose settings show this profile (in any of its languages), for the content
        version (core/content_version.py); every site when none does yet."""
        found = list(
            OrganisationSettings.objects.filter(profile__translation_key=self.translation_key)
            .values_list("site_id", flat=True)
            .distinct()
        )
        return found or None


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    # What every page shows with it (the head, header and footer): read in the same query.
    select_related = ["profile", "logo", "favicon"]

    profile = models.ForeignKey(
        OrganisationProfile,
        verbose_name=_("profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The profile in the site's main language; readers see its translation."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("favicon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The small icon browsers show in the tab: a square image."),
    )
    brand_primary = models.CharField(
        _("primary brand colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour, validate_brand_colour],
        help_text=_("The header and buttons, with white text on it, for example #0b5d3b. Empty: the default green."),
    )
    brand_secondary = models.CharField(
        _("secondary brand colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour, validate_brand_colour],
        help_text=_("The menu bar and headings, darker than the primary, for example #073d27. Empty: the default."),
    )
    registration_number = models.CharField(
        _("registration number"), max_length=20, blank=True, validators=[validate_digits_only]
    )
    po_box = models.CharField(_("P.O. box"), max_length=20, blank=True, validators=[validate_digits_only])
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, validators=[validate_digits_only])
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    mobile = models.CharField(_("mobile / WhatsApp"), max_length=32, blank=True)
    toll_free = models.CharField(_("toll-free number"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    social_accounts = StreamField([("account", SocialAccountBlock())], blank=True, verbose_name=_("social accounts"))
    iban = models.CharField(_("IBAN for donations"), max_length=34, blank=True, validators=[validate_saudi_iban])
    default_reply_period_days = models.PositiveSmallIntegerField(
        _("default reply period (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How many days the association has to answer a request, unless a form or service says otherwise."),
    )
    reply_days_counted = models.CharField(
        _("reply periods count"),
        max_length=10,
        choices=[("calendar", _("calendar days")), ("working", _("working days (Sunday to Thursday)"))],
        default="calendar",
        help_text=_(
            "Working days skip Fridays, Saturdays and the public holidays below. "
            "A change applies to requests that arrive after it."
        ),
    )
    public_holidays = StreamField(
        [("holiday", PublicHolidayBlock())], blank=True, verbose_name=_("public holidays"),
    )  # fmt: skip

    panels = [
        FieldPanel("profile"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("brand_primary"), FieldPanel("brand_secondary"), FieldPanel("favicon")],
            heading=_("Look"),
        ),
        MultiFieldPanel(
            [FieldPanel("registration_number"), FieldPanel("po_box"), FieldPanel("postal_code")],
            heading=_("Registration and post"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("mobile"), FieldPanel("toll_free"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        FieldPanel("social_accounts"),
        FieldPanel("iban"),
        MultiFieldPanel(
            [FieldPanel("default_reply_period_days"), FieldPanel("reply_days_counted"), FieldPanel("public_holidays")],
            heading=_("Reply periods"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")

    @classmethod
    def for_page(cls, page) -> "OrganisationSettings | None":
        """The settings of the site `page` is on (from Wagtail's cached site root paths: no site query)."""
        url_parts = page.get_url_parts()
        return None if url_parts is None else cls.objects.get_or_create(site_id=url_parts[0])[0]

    @classmethod
    def default_reply_period_for(cls, page, settings=None) -> int:
        """The default reply period of the site `page` is on (`settings`: its settings, when already read)."""
        settings = settings if settings is not None else cls.for_page(page)
        if settings is None:
            return cls._meta.get_field("default_reply_period_days").default
        return settings.default_reply_period_days

    @classmethod
    def reply_rules_for(cls, page, settings=None) -> "ReplyRules":
        """How the reply periods of the site `page` is on are counted."""
        settings = settings if settings is not None else cls.for_page(page)
        return settings.reply_rules if settings is not None else ReplyRules()

    @property
    def reply_rules(self) -> "ReplyRules":
        holidays = set()
        for block in self.public_holidays:
            first = block.value["first_day"]
            last = block.value.get("last_day") or first
            holidays.update(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
        return ReplyRules(working_days=self.reply_days_counted == "working", holidays=frozenset(holidays))

    def clean(self):
        # Numbers typed with Arabic-Indic digits are stored with Western ones.
        for field in ("registration_number", "po_box", "postal_code", "phone", "mobile", "toll_free"):
            setattr(self, field, to_western_digits(getattr(self, field) or "").strip())
        if self.iban:
            self.iban = normalise_iban(self.iban)
        self.brand_primary = (self.brand_primary or "").strip().lower()
        self.brand_secondary = (self.brand_secondary or "").strip().lower()
        super().clean()

    @cached_property
    def localized_profile(self):
        """The profile in the active language, or the original when untranslated.

        Cached on the instance, which Wagtail keeps for the whole request: the
        header, footer and SEO tags all ask for it. For a request, the reader's
        locale is the one the worker remembers (core/site_facts.py): no query when
        the profile is already in the reader's language."""
        if not self.profile_id:
            return None
        request = getattr(self, "_request", None)  # set by BaseSiteSetting.for_request
        return site_facts.localized(self.profile, request) if request is not None else self.profile.localized

    @property
    def formatted_iban(self) -> str:
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


class Association(models.Model):
    """One association on this deployment: its site, the code its request references carry and whether
    it is open. `organisation.associations` reads and makes these; every association has one."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")

    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="association"
    )
    reference_code = models.CharField(
        _("reference code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{0,5}$", _("Use one to six capital Latin letters or digits."))],
        help_text=_("Letters that start this association's request references, so that no two associations share one."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Its own channels, set by the operator (hosting.creation); blank: the deployment's settings.
    sender_email = models.EmailField(
        _("sender email"), blank=True, help_text=_("The address its messages to applicants come from.")
    )
    sms_sender = models.CharField(
        _("SMS sender name"), max_length=11, blank=True, help_text=_("The sender name its text messages carry.")
    )
    recaptcha_public_key = models.CharField(_("reCAPTCHA site key"), max_length=100, blank=True)
    recaptcha_private_key = models.CharField(_("reCAPTCHA secret key"), max_length=100, blank=True)
    # Its documents and images: its staff groups' collection permissions are given here.
    collection = models.ForeignKey(
        "wagtailcore.Collection", verbose_name=_("collection"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        constraints = [
            # One association (the deployment's first) may go without a code; every other code is its own.
            models.UniqueConstraint(
                fields=["reference_code"], condition=~models.Q(reference_code=""), name="unique_reference_code"
            ),
            models.UniqueConstraint(
                fields=["reference_code"], condition=models.Q(reference_code=""), name="one_association_without_code"
            ),
        ]

    def __str__(self):
        return self.site.site_name or self.site.hostname

    @property
    def suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED


class AssociationGroup(models.Model):
    """Ties a staff group to the association it works for: its members hold the group's permissions
    there only (organisation.backends). A group tied to none (the operators') holds them everywhere."""

    group = models.OneToOneField(
        "auth.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="association_link"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("association"), on_delete=models.CASCADE, related_name="staff_groups"
    )
    role = models.CharField(_("role"), max_length=20, blank=True, help_text=_("The design's role this group holds."))

    class Meta:
        verbose_name = _("association's staff group")
        verbose_name_plural = _("associations' staff groups")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "role"], condition=~models.Q(role=""), name="one_group_per_role_and_association"
            )
        ]

    def __str__(self):
        return self.group.name


def profiles_of(profiles, site_id):
    """The profile the association's settings show, in each of its languages: a profile reaches its association
    only through the site setting (OrganisationSettings.profile)."""
    keys = OrganisationSettings.objects.filter(site_id=site_id).values("profile__translation_key")
    return profiles.filter(translation_key__in=keys)
