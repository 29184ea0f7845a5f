"""Governance and disclosure (الحوكمة والشفافية): the pages, the structured board
data, the published documents and the list of what must be published.

Readers' texts live in translatable snippets (wagtail-localize); dates and
numbers are synchronised, so both languages always agree on them. Pages point
at the Arabic originals and show the reader's translation, as services do.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core import calendars
from core.arabic import to_western_digits
from core.headless import FrontEndPreviewMixin
from core.localization import default_locale_id
from core.routing import RememberedViewRestrictionsMixin
from core.search import NormalisedSearchMixin
from core.translated import localized_all
from governance import fiscal
from organisation import facts as organisation_facts
from policies.fields import LocalIntegerField


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


def source_locale_only():
    # Chosen snippets are always the source-language originals; readers see their translations.
    return {"locale": Locale.get_default()}


# --- Settings ------------------------------------------------------------------
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
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return calendars.GREGORIAN
        return cls.for_site(site).fiscal_year_calendar


def fiscal_calendar(request=None) -> str:
    """The calendar fiscal years follow, kept by each worker until content changes (core/site_facts.py)."""
    from core import site_facts

    return site_facts.remembered(request, ("fiscal-calendar",), GovernanceSettings.current_calendar)


# --- Dates typed in either calendar ------------------------------------------------
class DualDateMixin(models.Model):
    """A date typed in the Hijri or the Gregorian calendar; the other is computed on save (as policies do)."""

    date_calendar = models.CharField(
        _("date entered in"),
        max_length=10,
        choices=calendars.CALENDAR_CHOICES,
        default=calendars.HIJRI,
        help_text=_("Type the date in this calendar; the other is computed when you save."),
    )
    date_hijri = models.CharField(
        _("date (Hijri)"), max_length=10, blank=True, help_text=_("Day/month/year, for example 25/06/1446.")
    )
    date = models.DateField(_("date (Gregorian)"), null=True, blank=True)

    date_panels = [
        FieldPanel("date_calendar"),
        FieldRowPanel([FieldPanel("date_hijri"), FieldPanel("date")]),
    ]

    class Meta:
        abstract = True

    def clean_dates(self, errors: dict):
        if self.date_calendar == calendars.HIJRI and not self.date_hijri and self.date:
            self.date_calendar = calendars.GREGORIAN
        elif self.date_calendar == calendars.GREGORIAN and not self.date and self.date_hijri:
            self.date_calendar = calendars.HIJRI
        if self.date_calendar == calendars.HIJRI and self.date_hijri:
            try:
                self.date_hijri = calendars.normalise_hijri(self.date_hijri)
                self.date = calendars.hijri_to_gregorian(*calendars.parse_parts(self.date_hijri))
            except calendars.OutOfRange:
                errors["date_hijri"] = ValidationError(
                    calendars.HIJRI_OUT_OF_RANGE, code="date_out_of_range", params=calendars.HIJRI_YEARS
                )
            except calendars.InvalidDate:
                errors["date_hijri"] = _("Enter an existing Hijri date as day/month/year, for example 25/06/1446.")
        elif self.date_calendar == calendars.GREGORIAN and self.date:
            # Outside the Umm al-Qura tables the Gregorian date is kept and its Hijri shown as unavailable.
            self.date_hijri = calendars.gregorian_to_hijri(self.date) or ""
        else:
            errors["date_hijri" if self.date_calendar == calendars.HIJRI else "date"] = _("Enter the date.")

    def dates_in(self, language: str) -> dict:
        return {
            "date_hijri": self.date_hijri or None,
            "date_gregorian": self.date.isoformat() if self.date else None,
            "date_hijri_display": calendars.hijri_display(self.date, language, stored=self.date_hijri),
            "date_gregorian_display": calendars.format_gregorian(self.date, language),
        }


def clean_fiscal_year(instance, errors: dict, required: bool):
    if instance.fiscal_year is None:
        if required:
            errors["fiscal_year"] = _("This item is published for each fiscal year: enter the year it covers.")
        return
    problem = fiscal.check_year(instance.fiscal_year, fiscal_calendar())
    if problem:
        errors["fiscal_year"] = problem


def check_pdf(document, field: str, errors: dict):
    if document is not None and document.file_extension.lower() != "pdf":
        errors[field] = _("Choose a PDF document: readers download these files as they are.")


def document_details(document, language: str) -> dict | None:
    """What a reader sees before downloading: the address, the type and the size."""
    if document is None:
        return None
    from django.template.defaultfilters import filesizeformat

    from core.arabic import to_arabic_indic_digits

    with translation.override(language):
        size = str(filesizeformat(document.get_file_size() or 0))
    return {
        "id": document.pk,
        "url": document.url,
        "filename": document.filename,
        "type": document.file_extension.upper(),
        "content_type": document.content_type,
        "size": document.get_file_size(),
        "size_display": to_arabic_indic_digits(size) if language == "ar" else size,
        "label": ("{}، {}" if language == "ar" else "{}, {}").format(
            document.file_extension.upper(), to_arabic_indic_digits(size) if language == "ar" else size
        ),
    }


# --- The completeness list ---------------------------------------------------------------
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
    ]
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
        constraints = [models.UniqueConstraint(fields=["locale", "key"], name="unique_disclosure_item_key")]
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
        if self.source == self.Source.POLICY and self.policy_id:
            from policies.models import PolicyPage

            if not PolicyPage.objects.filter(pk=self.policy_id).exists():
                errors["policy"] = _("Choose a page of the policy library.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_yearly(self) -> bool:
        return self.renewal == self.Renewal.FISCAL_YEAR


# --- Published documents -----------------------------------------------------------
class SameLocaleChoicesForm(WagtailAdminModelForm):
    """Snippets pointing at other translatable snippets choose among those of their own language
    (wagtail-localize points each translation at the translated item)."""

    same_locale_fields = ("item", "chair")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale if self.instance.locale_id else Locale.get_default()
        for name in self.same_locale_fields:
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset.filter(locale=locale)
        # Years typed in either digit set: browsers' number inputs refuse Arabic-Indic digits.
        for name in ("fiscal_year", "attendance"):
            if name in self.fields:
                field = self.fields[name]
                self.fields[name] = LocalIntegerField(
                    required=field.required, label=field.label, help_text=field.help_text,
                    min_value=0, max_value=32767 if name == "fiscal_year" else None,
                )  # fmt: skip


class DisclosureDocument(TranslatableMixin, DualDateMixin, models.Model):
    """A PDF the association publishes for an item: statements, a report, the bylaws, the licence…"""

    base_form_class = SameLocaleChoicesForm

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
    ]
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
        clean_fiscal_year(self, errors, required=bool(item and item.is_yearly))
        if self.document_id is None:
            errors["document"] = _("Choose the PDF readers will download.")
        else:
            check_pdf(self.document, "document", errors)
        if errors:
            raise ValidationError(errors)

    def year_label(self, language: str, calendar: str | None = None) -> str:
        return fiscal.year_label(self.fiscal_year, calendar or fiscal_calendar(), language)

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

    override_translatable_fields = [SynchronizedField("sort_order"), SynchronizedField("photo")]
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

    override_translatable_fields = [SynchronizedField("sort_order")]
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
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SynchronizedField("sort_order"), SynchronizedField("photo")]
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
    ]
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
                "fiscal_year_display": fiscal.year_label(self.fiscal_year, calendar or fiscal_calendar(), language),
                "attendance": self.attendance,
                "summary": self.summary,
                "minutes": document_details(self.minutes, language) if self.minutes_id else None,
            }


# --- When notifications were sent ----------------------------------------------------------
class DisclosureNotice(models.Model):
    """Administrators were told that an item became due or out of date for a period: never twice."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="notices")
    period = models.CharField(max_length=40)
    state = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "period", "state"], name="unique_disclosure_notice"),
        ]

    def __str__(self):
        return f"{self.item} {self.period} {self.state}"


# --- Pages ----------------------------------------------------------------------------
def localized_in(instance, locale):
    """The translation of a snippet in `locale`, or the original."""
    if instance is None:
        return None
    return instance.get_translation_or_none(locale) or instance


def source_items(area: str):
    return DisclosureItem.objects.filter(locale_id=default_locale_id(), area=area, active=True)


class DisclosureListMixin:
    """The documents of this page's area, item by item, newest first, older years kept as an archive."""

    disclosure_area = ""

    def disclosures(self, language: str | None = None) -> list[dict]:
        """Four queries, however many items and documents there are."""
        language = language or self.locale.language_code
        area = self.get_disclosure_area()
        items = [item for item in source_items(area) if item.source == DisclosureItem.Source.DOCUMENT]
        originals = list(
            DisclosureDocument.objects.filter(item__in=items, locale_id=default_locale_id(), document__isnull=False)
            .select_related("document")
            .order_by("-fiscal_year", "-date", "title")
        )
        documents = {}
        for original, shown in zip(originals, localized_all(originals, self.locale, select_related=("document",)),
                                   strict=True):  # fmt: skip
            documents.setdefault(original.item_id, []).append(shown)
        groups = []
        for item, shown in zip(items, localized_all(items, self.locale), strict=True):
            found = documents.get(item.pk, [])
            groups.append(
                {"item": shown, "key": item.key, "yearly": item.is_yearly, "current": found[:1], "archive": found[1:]}
            )
        return groups

    def get_disclosure_area(self) -> str:
        return self.disclosure_area

    @property
    def disclosure_documents(self) -> list[dict]:
        language = self.locale.language_code
        return [
            {
                "item": group["item"].name,
                "key": group["key"],
                "yearly": group["yearly"],
                "documents": [
                    document.api_representation(language) for document in group["current"] + group["archive"]
                ],
            }
            for group in self.disclosures(language)
        ]


class GovernanceIndexPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page):
    """الحوكمة والشفافية: the registration facts and a way into every disclosure area."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [APIField("intro"), APIField("registration"), APIField("sections")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["governance.DisclosurePage", "governance.BoardPage", "governance.GeneralAssemblyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("governance index page")

    @property
    def registration(self) -> dict:
        from organisation.models import OrganisationSettings

        site = self.get_site()
        organisation = OrganisationSettings.for_site(site) if site else None
        profile = organisation.profile if organisation and organisation.profile_id else None
        profile = localized_in(profile, self.locale) if profile else None
        return {
            "registration_number": organisation.registration_number if organisation else "",
            "registered_with": profile.ministry if profile else "",
            "name": profile.name if profile else "",
        }

    @property
    def sections(self) -> list[dict]:
        return [
            {"id": page.pk, "title": page.title, "url": page.url, "intro": getattr(page, "intro", "")}
            for page in self.get_children().live().specific()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the page's kept content (its template) has to be made again.
        context["sections"] = SimpleLazyObject(lambda: list(self.get_children().live().specific()))
        organisation = organisation_facts.organisation(request)
        context["registration"] = {
            "registration_number": organisation["registration_number"],
            "registered_with": organisation["ministry"],
            "name": organisation["name"],
        }
        return context


class DisclosurePage(
    RememberedViewRestrictionsMixin, DisclosureListMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page
):
    """One disclosure area: its documents by year, and for some areas their people or policies."""

    area = models.CharField(
        _("area"),
        max_length=30,
        choices=[choice for choice in Area.choices if choice[0] not in (Area.BOARD, Area.GENERAL_ASSEMBLY)],
        help_text=_("The page lists the published documents of the disclosure items of this area."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = Page.content_panels + [FieldPanel("area"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        *NormalisedSearchMixin.search_fields,
    ]
    api_fields = [
        APIField("area"),
        APIField("intro"),
        APIField("body"),
        APIField("disclosure_documents"),
        APIField("executive_team"),
        APIField("policy_links"),
    ]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("disclosure page")

    def get_disclosure_area(self) -> str:
        return self.area

    def executives(self):
        if self.area != Area.EXECUTIVE:
            return []
        originals = ExecutiveMember.objects.filter(locale_id=default_locale_id()).select_related("photo")
        return localized_all(originals, self.locale, select_related=("photo",))

    @property
    def executive_team(self) -> list[dict]:
        return [member.api_representation() for member in self.executives()]

    def policies(self) -> list:
        """The policies this area names, each in the reader's language when translated (never copied)."""
        from policies.models import PolicyPage

        items = list(source_items(self.area).filter(source=DisclosureItem.Source.POLICY, policy__isnull=False))
        if not items:
            return []
        keys = Page.objects.filter(pk__in=[item.policy_id for item in items]).values("translation_key")
        found = list(
            PolicyPage.objects.filter(
                models.Q(pk__in=[item.policy_id for item in items])
                | models.Q(translation_key__in=keys, locale=self.locale)
            ).select_related("locale")
        )
        by_pk = {page.pk: page for page in found}
        translated = {page.translation_key: page for page in found if page.locale_id == self.locale_id}
        pages = []
        for item, shown in zip(items, localized_all(items, self.locale), strict=True):
            original = by_pk.get(item.policy_id)
            if original is None:  # not a policy page
                continue
            policy = translated.get(original.translation_key, original)
            if policy.live:
                pages.append((shown, policy))
        return pages

    @property
    def policy_links(self) -> list[dict]:
        return [
            {"item": item.name, "key": item.key, "id": page.pk, "title": page.title, "url": page.url}
            for item, page in self.policies()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language() or self.locale.language_code
        # Lazy: read only when the page's kept content (its template) has to be made again.
        context.update(
            groups=SimpleLazyObject(lambda: self.disclosures(language)),
            executives=SimpleLazyObject(self.executives),
            policies=SimpleLazyObject(self.policies),
            language=language,
        )
        if self.area == Area.POLICIES:
            from policies.models import PolicyIndexPage

            context["policy_index"] = SimpleLazyObject(
                lambda: PolicyIndexPage.objects.live().filter(locale=self.locale).first()
            )
        return context


class BoardPage(
    RememberedViewRestrictionsMixin, DisclosureListMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page
):
    """مجلس الإدارة: the members in term, their committees, earlier members, and the board's documents."""

    intro = models.TextField(_("introduction"), blank=True)
    disclosure_area = Area.BOARD

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [
        APIField("intro"),
        APIField("board_members"),
        APIField("committees"),
        APIField("disclosure_documents"),
    ]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("board of directors page")

    def members(self, today=None, pairs=None) -> tuple[list, list]:
        """(in term, former), each in the reader's language."""
        current, former = [], []
        for member, shown in pairs if pairs is not None else self.localized_members():
            (current if member.in_term(today) else former).append(shown)
        former = [member for member in former if member.term_start <= (today or timezone.localdate())]
        former.sort(key=lambda member: member.term_end or datetime.date.max, reverse=True)
        return current, former

    def localized_members(self) -> list[tuple]:
        """(original, in the reader's language) for every board member: two queries."""
        originals = list(BoardMember.objects.filter(locale_id=default_locale_id()).select_related("photo"))
        return list(zip(originals, localized_all(originals, self.locale, select_related=("photo",)), strict=True))

    def committee_list(self) -> list:
        originals = list(
            Committee.objects.filter(locale_id=default_locale_id()).select_related("chair").prefetch_related("members")
        )
        shown = localized_all(originals, self.locale, select_related=("chair",), prefetch_related=("members",))
        return list(zip(shown, originals, strict=True))

    @property
    def board_members(self) -> list[dict]:
        current, former = self.members()
        language = self.locale.language_code
        return [member.api_representation(language) for member in current + former]

    @property
    def committees(self) -> list[dict]:
        data = []
        for shown, _original in self.committee_list():
            data.append(shown.api_representation(self.locale))
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language() or self.locale.language_code
        # Lazy: read only when the page's kept content (its template) has to be made again.
        board = SimpleLazyObject(lambda: self.board_context(language))
        context.update(
            {name: SimpleLazyObject(lambda name=name: board[name]) for name in BOARD_CONTEXT},
            today=timezone.localdate(),  # who is in term changes with the day
            language=language,
        )
        return context

    def board_context(self, language) -> dict:
        pairs = self.localized_members()
        current, former = self.members(pairs=pairs)
        committees = self.committee_list()
        # Committees point at source-language members (and chairs); readers see their translations.
        localized = {member.pk: shown for member, shown in pairs}
        people = [member for shown, _original in committees for member in shown.members.all()]
        people += [shown.chair for shown, _original in committees if shown.chair_id]
        people = [person for person in people if person.pk not in localized]
        localized.update(
            (person.pk, shown) for person, shown in zip(people, localized_all(people, self.locale), strict=True)
        )
        return {
            "current_members": current,
            "former_members": former,
            "committees": [
                {
                    "committee": shown,
                    "chair": localized[shown.chair.pk] if shown.chair_id else None,
                    "members": shown.member_names(self.locale, localized),
                }
                for shown, _original in committees
            ],
            "groups": self.disclosures(language),
        }


BOARD_CONTEXT = ("current_members", "former_members", "committees", "groups")


class GeneralAssemblyPage(
    RememberedViewRestrictionsMixin, DisclosureListMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page
):
    """الجمعية العمومية: how many members it has and its meetings, with their minutes."""

    intro = models.TextField(_("introduction"), blank=True)
    membership_size = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    membership_counted_on = models.DateField(_("members counted on"), null=True, blank=True)
    disclosure_area = Area.GENERAL_ASSEMBLY

    override_translatable_fields = [SynchronizedField("membership_size"), SynchronizedField("membership_counted_on")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("membership_size"), FieldPanel("membership_counted_on")]),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [APIField("intro"), APIField("membership"), APIField("meetings"), APIField("disclosure_documents")]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("general assembly page")

    def meeting_list(self) -> list:
        originals = AssemblyMeeting.objects.filter(locale_id=default_locale_id()).select_related("minutes")
        return localized_all(originals.order_by("-date"), self.locale, select_related=("minutes",))

    @property
    def membership(self) -> dict:
        return {
            "size": self.membership_size,
            "counted_on": self.membership_counted_on.isoformat() if self.membership_counted_on else None,
        }

    @property
    def meetings(self) -> list[dict]:
        language = self.locale.language_code
        return [meeting.api_representation(language) for meeting in self.meeting_list()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language() or self.locale.language_code
        calendar = fiscal_calendar(request)
        # Lazy: read only when the page's kept content (its template) has to be made again.
        context.update(
            meetings=SimpleLazyObject(
                lambda: [(meeting, meeting.api_representation(language, calendar)) for meeting in self.meeting_list()]
            ),
            groups=SimpleLazyObject(lambda: self.disclosures(language)),
            language=language,
        )
        return context
