"""Policy pages: structured sections, board approval, versions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, Site, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core import calendars as dates
from core import site_facts
from core.arabic import to_western_digits
from core.headless import FrontEndPreviewMixin
from core.routing import RememberedViewRestrictionsMixin
from core.search import NormalisedSearchMixin
from core.translated import localized_all
from policies.blocks import PolicyStreamBlock
from policies.forms import PolicyPageForm


class PolicyCategoryQuerySet(models.QuerySet):
    def for_site(self, site):
        """The categories of the association on `site` (a Site or its id)."""
        return self.filter(site_id=getattr(site, "pk", site))


class PolicyCategory(TranslatableMixin, models.Model):
    """Governance, beneficiaries, finance, human resources…: editable, translatable, each association's own
    (a translation carries its source's site)."""

    site = models.ForeignKey(
        Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+", editable=False
    )
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PolicyCategoryQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("sort_order")]
    override_translatable_fields = [SynchronizedField("sort_order"), SynchronizedField("site", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("policy category")
        verbose_name_plural = _("policy categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class PolicyIndexPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page):
    """السياسات واللوائح: the policies in force by category, earlier versions apart."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), *NormalisedSearchMixin.search_fields]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["policies.PolicyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("policy index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        key = ("policy-listing", site_facts.site_id(request), self.pk)
        context.update(site_facts.remembered(request, key, lambda: self.listing(request)))
        return context

    def listing(self, request) -> dict:
        """The live policies in force by category, and the earlier versions, as plain values (kept
        by each worker until content changes: core/site_facts.py)."""
        policies = list(
            PolicyPage.objects.child_of(self)
            .live()
            .select_related("category", "locale")
            .defer_streamfields()
            .order_by("title")
        )
        superseded_keys = superseded_translation_keys(request)
        in_force = [policy for policy in policies if policy.translation_key not in superseded_keys]
        # Each category in the reader's language (this page's): one query for them all.
        categories = [policy.category for policy in in_force if policy.category_id]
        localized = localized_all(categories, self.locale_id)
        shown = {category.pk: row for category, row in zip(categories, localized, strict=True)}
        groups = {}
        for policy in in_force:
            category = shown[policy.category_id] if policy.category_id else None
            groups.setdefault(category, []).append(policy)
        # Categories in their editors' order; policies without one come last.
        ordered = sorted(
            groups.items(), key=lambda item: (item[0] is None, item[0].sort_order if item[0] else 0, str(item[0] or ""))
        )

        def facts(policy):
            return {
                "title": policy.title,
                "url": policy.get_url(request),
                "summary": policy.summary,
                "approval_date": policy.approval_date,
                "approved": policy.approval["date_hijri_display"] if policy.approval_date else "",
            }

        return {
            "groups": tuple(
                ({"name": category.name} if category else None, tuple(facts(policy) for policy in members))
                for category, members in ordered
            ),
            "superseded": tuple(facts(policy) for policy in policies if policy.translation_key in superseded_keys),
        }


def superseded_translation_keys(request=None) -> set:
    """Policies that a live newer version replaces, by translation key (so in every language)."""
    return {row[3] for row in newer_versions(request)}


def newer_versions(request=None) -> tuple:
    """(id, locale id, translation key, translation key of the version it replaces) of every live
    policy that replaces another, by id: kept by each worker until content changes
    (core/site_facts.py), so following a chain of versions costs no query."""

    def find():
        return tuple(
            PolicyPage.objects.live()
            .exclude(supersedes=None)
            .order_by("pk")
            .values_list("pk", "locale_id", "translation_key", "supersedes__translation_key")
        )

    return site_facts.remembered(request, ("policy-versions",), find)


def category_names(request=None) -> dict:
    """(category id, locale id) -> the name of that category's translation into that language
    (else its own), for every policy category and every language categories are in; and
    (category id, None) -> its own name: kept by each worker. One query."""

    def find():
        rows = list(PolicyCategory.objects.values_list("pk", "translation_key", "locale_id", "name"))
        names = {(key, locale_id): name for _pk, key, locale_id, name in rows}
        locales = {locale_id for _pk, _key, locale_id, _name in rows}
        found = {(pk, locale): names.get((key, locale), name) for pk, key, _locale, name in rows for locale in locales}
        found.update({(pk, None): name for pk, _key, _locale, name in rows})
        return found

    return site_facts.remembered(request, ("policy-category-names",), find)


class PolicyPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page):
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences: what the policy is for."))
    category = models.ForeignKey(
        PolicyCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(PolicyStreamBlock(), blank=True, verbose_name=_("sections"))

    # Board approval.
    approving_body = models.CharField(_("approving body"), max_length=200, blank=True, default="")
    meeting_number = models.CharField(_("meeting number"), max_length=20, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    approval_calendar = models.CharField(
        _("approval date entered in"),
        max_length=10,
        choices=dates.CALENDAR_CHOICES,
        default=dates.HIJRI,
        help_text=_("Type the date in this calendar; the other is computed when you save."),
    )
    approval_date_hijri = models.CharField(
        _("approval date (Hijri)"),
        max_length=10,
        blank=True,
        help_text=_("Day/month/year, for example 25/06/1446."),
    )
    approval_date = models.DateField(_("approval date (Gregorian)"), null=True, blank=True)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    replaces_note = models.TextField(
        _("what it replaces"),
        blank=True,
        help_text=_("For example: replaces all earlier policies and guides on this subject."),
    )

    # Versions.
    supersedes = models.ForeignKey(
        "policies.PolicyPage",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The earlier version this policy replaces. It stays readable, marked as superseded."),
    )
    signed_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed copy (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Numbers and dates are the same in every language.
    override_translatable_fields = [
        SynchronizedField("meeting_number"),
        SynchronizedField("decision_number"),
        SynchronizedField("approval_date_hijri"),
    ]

    base_form_class = PolicyPageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("category"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("approving_body"),
                FieldRowPanel([FieldPanel("meeting_number"), FieldPanel("decision_number")]),
                FieldPanel("approval_calendar"),
                FieldRowPanel([FieldPanel("approval_date_hijri"), FieldPanel("approval_date")]),
                FieldPanel("effective_date"),
                FieldPanel("replaces_note"),
            ],
            heading=_("Board approval"),
        ),
        MultiFieldPanel(
            [FieldPanel("supersedes"), FieldPanel("signed_document")],
            heading=_("Version and signed copy"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        *NormalisedSearchMixin.search_fields,
    ]
    api_fields = [
        APIField("summary"),
        APIField("category_name"),
        APIField("body"),
        APIField("approval"),
        APIField("versions"),
        APIField("channel_links"),
        APIField("signed_document_url"),
    ]

    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    # --- Validation: digits and the two calendars ---------------------------
    def clean(self):
        super().clean()
        self.meeting_number = to_western_digits(self.meeting_number or "").strip()
        self.decision_number = to_western_digits(self.decision_number or "").strip()
        errors = {}
        # Only the other calendar's date was typed: take it as the one entered.
        if self.approval_calendar == dates.HIJRI and not self.approval_date_hijri and self.approval_date:
            self.approval_calendar = dates.GREGORIAN
        elif self.approval_calendar == dates.GREGORIAN and not self.approval_date and self.approval_date_hijri:
            self.approval_calendar = dates.HIJRI
        if self.approval_calendar == dates.HIJRI:
            if self.approval_date_hijri:
                try:
                    self.approval_date_hijri = dates.normalise_hijri(self.approval_date_hijri)
                    self.approval_date = dates.hijri_to_gregorian(*dates.parse_parts(self.approval_date_hijri))
                except dates.OutOfRange:
                    errors["approval_date_hijri"] = ValidationError(
                        dates.HIJRI_OUT_OF_RANGE, code="date_out_of_range", params=dates.HIJRI_YEARS
                    )
                except dates.InvalidDate:
                    errors["approval_date_hijri"] = _(
                        "Enter an existing Hijri date as day/month/year, for example 25/06/1446."
                    )
            else:
                self.approval_date = None
        elif self.approval_date:
            # Outside the Umm al-Qura tables the Gregorian date is kept and its Hijri shown as unavailable.
            self.approval_date_hijri = dates.gregorian_to_hijri(self.approval_date) or ""
        else:
            self.approval_date_hijri = ""
        if self.supersedes_id and self.supersedes_id == self.pk:
            errors["supersedes"] = _("A policy cannot replace itself.")
        if errors:
            raise ValidationError(errors)

    # --- Versions -----------------------------------------------------------
    @property
    def is_superseded(self) -> bool:
        return self.translation_key in superseded_translation_keys()

    @staticmethod
    def _newer(translation_key, locale_id, request=None):
        """(id, locale id, translation key) of the live policy that replaces the one with
        `translation_key` directly: in `locale_id`, else the first (by id) in any language."""
        rows = [row for row in newer_versions(request) if row[3] == translation_key and row[2] != translation_key]
        row = next((row for row in rows if row[1] == locale_id), rows[0] if rows else None)
        return row[:3] if row else None

    def newer_version(self):
        """The live policy that replaces this one directly: in this language, else in its source language."""
        row = self._newer(self.translation_key, self.locale_id)
        return PolicyPage.objects.get(pk=row[0]) if row else None

    def version_in_force(self, request=None):
        """Follow the chain of newer versions to the one in force (None if this is it)."""
        current, seen = self._newer(self.translation_key, self.locale_id, request), {self.pk}
        while current is not None and current[0] not in seen:
            seen.add(current[0])
            newer = self._newer(current[2], current[1], request)
            if newer is None:
                break
            current = newer
        return PolicyPage.objects.get(pk=current[0]) if current else None

    def previous_version(self):
        """The earlier version in the reader's language (the link is kept in the source language)."""
        if not self.supersedes_id:
            return None
        previous = self.supersedes.specific
        return previous.get_translation_or_none(self.locale) or previous

    # --- Presentation and API ------------------------------------------------
    def approval_in(self, language: str) -> dict:
        with translation.override(language):
            return {
                "approving_body": self.approving_body,
                "meeting_number": self.meeting_number,
                "decision_number": self.decision_number,
                "entered_in": self.approval_calendar,
                "date_hijri": self.approval_date_hijri or None,
                "date_gregorian": self.approval_date.isoformat() if self.approval_date else None,
                "date_hijri_display": dates.hijri_display(
                    self.approval_date, language, stored=self.approval_date_hijri
                ),
                "date_gregorian_display": dates.format_gregorian(self.approval_date, language),
                "effective_date": self.effective_date.isoformat() if self.effective_date else None,
                "effective_date_display": dates.format_gregorian(self.effective_date, language),
                "replaces": self.replaces_note,
            }

    @property
    def approval(self) -> dict:
        return self.approval_in(self.locale.language_code)

    @property
    def has_approval(self) -> bool:
        return bool(self.meeting_number or self.decision_number or self.approval_date or self.approving_body)

    @property
    def category_name(self) -> str | None:
        if not self.category_id:
            return None
        names = category_names()
        name = names.get((self.category_id, self.locale_id), names.get((self.category_id, None)))
        return name if name is not None else (self.category.get_translation_or_none(self.locale) or self.category).name

    @property
    def versions(self) -> dict:
        def ref(page):
            return {"id": page.pk, "title": page.title, "url": page.full_url} if page else None

        in_force = self.version_in_force()
        return {
            "superseded": in_force is not None,
            "in_force": ref(in_force),
            "supersedes": ref(self.previous_version()),
        }

    @property
    def channel_links(self) -> list[dict]:
        """Each channel's page on this site in this policy's language (choosers keep the source page)."""
        links = []
        for block in self.body:
            if block.block_type != "channels":
                continue
            for channel in block.value["channels"]:
                page = channel["page"]
                if page is not None:
                    page = page.get_translation_or_none(self.locale) or page
                links.append(
                    {
                        "kind": channel["kind"],
                        "name": channel["name"],
                        "page_id": getattr(page, "pk", None),
                        "url": page.full_url if page else None,
                    }
                )
        return links

    @property
    def signed_document_url(self) -> str | None:
        return self.signed_document.url if self.signed_document_id else None

    def extra_search_text(self) -> str:
        return self.category_name or ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["in_force"] = self.version_in_force(request)
        context["previous"] = self.previous_version()
        context["approval"] = self.approval_in(translation.get_language() or self.locale.language_code)
        return context
