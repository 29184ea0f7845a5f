"""What the disclosure pages show: published documents, the board, its committees, the
executive and the general assembly's meetings (translatable snippets, dates synchronised), each its
association's (`site`, read through `objects.for_site(site)`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from core import calendars
from core.arabic import to_western_digits
from core.translated import localized_all
from governance import fiscal
from governance.admin_forms import SameLocaleChoicesForm
from governance.models.dates import DualDateMixin, clean_fiscal_year
from governance.models.items import SYNCHRONISED_SITE, DisclosureItem, SiteQuerySet, site_field
from governance.models.settings import fiscal_calendar
from governance.pdf import check_pdf, document_details


def source_locale_only():
    # Chosen snippets are always the source-language originals; readers see their translations.
    return {"locale": Locale.get_default()}


def localized_in(instance, locale):
    """The translation of a snippet in `locale`, or the original."""
    if instance is None:
        return None
    return instance.get_translation_or_none(locale) or instance


# --- Published documents -----------------------------------------------------------
class DisclosureDocument(TranslatableMixin, DualDateMixin, models.Model):
    """A PDF the association publishes for an item: statements, a report, the bylaws, the licence…"""

    base_form_class = SameLocaleChoicesForm

    site = site_field()
    item = models.ForeignKey(
        DisclosureItem,
        verbose_name=_("disclosure item"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        null=True,
        blank=True,
        help_text=_("The year it covers, in the association's fiscal calendar."),
    )
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("For a licence or a plan: when it expires.")
    )
    auditor = models.CharField(
        _("auditor"), max_length=200, blank=True, help_text=_("For audited financial statements: the audit firm.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document (PDF)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    override_translatable_fields = [
        SynchronizedField("fiscal_year"),
        SynchronizedField("date_hijri"),
        SynchronizedField("document"),
        SYNCHRONISED_SITE,
    ]
    objects = SiteQuerySet.as_manager()
    panels = [
        FieldPanel("item"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("fiscal_year"),
        MultiFieldPanel(DualDateMixin.date_panels, heading=_("Date (approval, issue or publication)")),
        FieldPanel("valid_until"),
        FieldPanel("auditor"),
        FieldPanel("document"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("disclosure document")
        verbose_name_plural = _("disclosure documents")
        ordering = ["-fiscal_year", "-date", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        self.clean_dates(errors)
        item = self.item if self.item_id else None
        if item is not None and self.site_id and item.site_id != self.site_id:
            errors["item"] = _("Choose an item of this association's disclosure list.")
        clean_fiscal_year(self, errors, required=bool(item and item.is_yearly))
        if self.document_id is None:
            errors["document"] = _("Choose the PDF readers will download.")
        else:
            check_pdf(self.document, "document", errors)
        if errors:
            raise ValidationError(errors)

    def year_label(self, language: str, calendar: str | None = None) -> str:
        return fiscal.year_label(self.fiscal_year, calendar or fiscal_calendar(site=self.site_id), language)

    def api_representation(self, language: str) -> dict:
        return {
            "id": self.pk,
            "title": self.title,
            "summary": self.summary,
            "fiscal_year": self.fiscal_year,
            "fiscal_year_display": self.year_label(language),
            **self.dates_in(language),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "auditor": self.auditor,
            "document": document_details(self.document, language),
        }


# --- The board, its committees, the executive ------------------------------------------
class BoardMember(TranslatableMixin, models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        TREASURER = "treasurer", _("Treasurer")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    site = site_field()
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    biography = models.TextField(_("short biography"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SynchronizedField("sort_order"), SynchronizedField("photo"), SYNCHRONISED_SITE]
    objects = SiteQuerySet.as_manager()
    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
        FieldPanel("photo"),
        FieldPanel("biography"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("A term cannot end before it starts.")})

    def in_term(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.term_start <= today and (self.term_end is None or today <= self.term_end)

    def api_representation(self, language: str) -> dict:
        with translation.override(language):
            return {
                "id": self.pk,
                "name": self.name,
                "role": self.role,
                "role_display": str(self.get_role_display()),
                "term_start": self.term_start.isoformat(),
                "term_end": self.term_end.isoformat() if self.term_end else None,
                "term_start_hijri_display": calendars.hijri_display(self.term_start, language),
                "term_end_hijri_display": calendars.hijri_display(self.term_end, language),
                "in_term": self.in_term(),
                "biography": self.biography,
                "photo_url": self.photo.get_rendition("fill-240x240").url if self.photo_id else None,
            }


class Committee(TranslatableMixin, ClusterableModel):
    base_form_class = SameLocaleChoicesForm
    site = site_field()
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True, help_text=_("What the committee is for."))
    chair = models.ForeignKey(
        BoardMember, verbose_name=_("chair"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    members = ParentalManyToManyField(
        BoardMember, verbose_name=_("board members on it"), blank=True, related_name="committees",
        limit_choices_to=source_locale_only,
    )  # fmt: skip
    other_members = models.TextField(
        _("other members"), blank=True, help_text=_("Members from outside the board, one per line.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SynchronizedField("sort_order"), SYNCHRONISED_SITE]
    objects = SiteQuerySet.as_manager()
    panels = [
        FieldPanel("name"),
        FieldPanel("mandate"),
        FieldPanel("chair"),
        FieldPanel("members"),
        FieldPanel("other_members"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        chair = self.chair if self.chair_id else None
        if chair is not None and self.site_id and chair.site_id != self.site_id:
            raise ValidationError({"chair": _("Choose a board member of this association.")})

    def member_names(self, locale, localized: dict | None = None) -> list[str]:
        """Its members' names in `locale`; `localized` maps members' ids to rows already localized."""
        members = list(self.members.all())
        if localized is None or any(member.pk not in localized for member in members):
            shown = localized_all(members, locale)
            localized = {member.pk: row for member, row in zip(members, shown, strict=True)}
        names = [localized[member.pk].name for member in members]
        names += [line.strip() for line in self.other_members.splitlines() if line.strip()]
        return names

    def api_representation(self, locale) -> dict:
        chair = localized_in(self.chair, locale) if self.chair_id else None
        return {
            "id": self.pk,
            "name": self.name,
            "mandate": self.mandate,
            "chair": chair.name if chair else None,
            "members": self.member_names(locale),
        }


class ExecutiveMember(TranslatableMixin, models.Model):
    site = site_field()
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SynchronizedField("sort_order"), SynchronizedField("photo"), SYNCHRONISED_SITE]
    objects = SiteQuerySet.as_manager()
    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("photo"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("executive team member")
        verbose_name_plural = _("executive management")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def api_representation(self) -> dict:
        return {
            "id": self.pk,
            "name": self.name,
            "position": self.position,
            "photo_url": self.photo.get_rendition("fill-240x240").url if self.photo_id else None,
        }


class AssemblyMeeting(TranslatableMixin, DualDateMixin, models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary")
        EXTRAORDINARY = "extraordinary", _("Extraordinary")

    site = site_field()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    number = models.CharField(_("meeting number"), max_length=20, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        null=True,
        blank=True,
        help_text=_("The fiscal year whose accounts and report an ordinary meeting approved."),
    )
    attendance = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    summary = models.TextField(_("summary of decisions"), blank=True)
    minutes = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("minutes (PDF)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    override_translatable_fields = [
        SynchronizedField("number"),
        SynchronizedField("fiscal_year"),
        SynchronizedField("date_hijri"),
        SynchronizedField("minutes"),
        SYNCHRONISED_SITE,
    ]
    objects = SiteQuerySet.as_manager()
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]),
        MultiFieldPanel(DualDateMixin.date_panels, heading=_("Meeting date")),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("attendance")]),
        FieldPanel("summary"),
        FieldPanel("minutes"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("general assembly meeting")
        verbose_name_plural = _("general assembly meetings")
        ordering = ["-date"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.EXTRAORDINARY:
            label = _("Extraordinary general assembly meeting")
        else:
            label = _("Ordinary general assembly meeting")
        return f"{label} {self.number}".strip() if self.number else str(label)

    def clean(self):
        super().clean()
        errors = {}
        self.number = to_western_digits(self.number or "").strip()
        self.clean_dates(errors)
        clean_fiscal_year(self, errors, required=False)
        check_pdf(self.minutes if self.minutes_id else None, "minutes", errors)
        if errors:
            raise ValidationError(errors)

    def api_representation(self, language: str, calendar: str | None = None) -> dict:
        with translation.override(language):
            return {
                "id": self.pk,
                "title": self.title,
                "kind": self.kind,
                "number": self.number,
                **self.dates_in(language),
                "fiscal_year": self.fiscal_year,
                "fiscal_year_display": fiscal.year_label(
                    self.fiscal_year, calendar or fiscal_calendar(site=self.site_id), language
                ),
                "attendance": self.attendance,
                "summary": self.summary,
                "minutes": document_details(self.minutes, language) if self.minutes_id else None,
            }
