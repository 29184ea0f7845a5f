"""One page per service: who may apply, with which documents, how, and how long a reply takes."""

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core import site_facts
from core.headless import FrontEndPreviewMixin
from core.routing import RememberedViewRestrictionsMixin
from organisation import facts as organisation_facts
from organisation.models import OrganisationSettings
from services.blocks import ChannelStreamBlock, ConditionBlock, DocumentRequirementBlock, StepBlock
from services.models.facets import (
    BeneficiaryGroup,
    ServiceCategory,
    facets,
    localized_groups,
    page_site_id,
    source_locale_only,
)
from services.search import searchable_text


class ServicePageForm(WagtailAdminPageForm):
    """A service chooses among its own association's categories and beneficiary groups: those of the site the
    page is on (or, for a new page, its parent's). Another association's, sent all the same, are refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else self.parent_page
        if page is None:
            return
        site_id = page_site_id(page)
        if "category" in self.fields:
            self.fields["category"].queryset = ServiceCategory.objects.for_site(site_id)
        if "beneficiary_groups" in self.fields:
            self.fields["beneficiary_groups"].queryset = BeneficiaryGroup.objects.for_site(site_id).originals()


class ServicePage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, Page):
    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        PAUSED = "paused", _("Paused")

    summary = models.TextField(_("summary"), max_length=400, help_text=_("One or two sentences shown in lists."))
    description = RichTextField(
        _("description"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), null=True, on_delete=models.SET_NULL, related_name="services"
    )
    beneficiary_groups = ParentalManyToManyField(
        BeneficiaryGroup,
        verbose_name=_("beneficiary groups"),
        blank=True,
        related_name="services",
        limit_choices_to=source_locale_only,
    )
    eligibility = StreamField(
        [("condition", ConditionBlock())], blank=True, verbose_name=_("who is eligible"),
        help_text=_("Each condition the applicant must meet."),
    )  # fmt: skip
    required_documents = StreamField(
        [("document", DocumentRequirementBlock())], blank=True, verbose_name=_("documents")
    )
    steps = StreamField([("step", StepBlock())], blank=True, verbose_name=_("steps from request to delivery"))
    channels = StreamField(ChannelStreamBlock(), blank=True, verbose_name=_("other ways to apply"))
    list_branches = models.BooleanField(
        _("list the branch offices"),
        default=True,
        help_text=_("Show the association's branches as places to apply in person."),
    )
    reply_period_days = models.PositiveSmallIntegerField(
        _("reply period (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Leave empty to use the association's default reply period."),
    )
    # Duplicate aid: a delivery of this service to a family that had it fewer days ago asks for a reason.
    min_days_between_deliveries = models.PositiveSmallIntegerField(
        _("minimum interval between two deliveries to one family (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Recording this service for a family that received it fewer days ago shows a warning and asks for "
            "a reason. Leave empty for no check."
        ),
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    fees = models.CharField(
        _("fees"), max_length=300, blank=True, help_text=_("What the service costs, when it is not free.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE)
    pause_reason = models.TextField(_("reason for the pause"), blank=True)
    related_policy = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("related policy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    request_form = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("request form"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("The form that applicants fill in for this service."),
    )  # fmt: skip

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("status")]),
        FieldPanel("pause_reason"),
        FieldPanel("beneficiary_groups", widget=django_forms.CheckboxSelectMultiple),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        FieldPanel("required_documents"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [PageChooserPanel("request_form"), FieldPanel("channels"), FieldPanel("list_branches")],
            heading=_("How to apply"),
        ),
        MultiFieldPanel(
            [FieldPanel("reply_period_days"), FieldPanel("is_free"), FieldPanel("fees")], heading=_("Reply and fees")
        ),
        FieldPanel("min_days_between_deliveries"),
        PageChooserPanel("related_policy"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("category"),
        APIField("category_details"),
        APIField("beneficiary_groups"),
        APIField("beneficiary_group_details"),
        APIField("eligibility"),
        APIField("required_documents"),
        APIField("steps"),
        APIField("channels"),
        APIField("list_branches"),
        APIField("reply_period_days"),
        APIField("effective_reply_period_days"),
        APIField("is_free"),
        APIField("fees"),
        APIField("status"),
        APIField("pause_reason"),
        APIField("accepts_requests"),
        APIField("related_policy"),
        APIField("request_form"),
        APIField("request_form_details"),
    ]

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ServicePageForm

    class Meta:
        verbose_name = _("service page")

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.PAUSED and not (self.pause_reason or "").strip():
            errors["pause_reason"] = _("Say why the service is paused: readers see this instead of the apply button.")
        if not self.is_free and not (self.fees or "").strip():
            errors["fees"] = _("Describe the fees, or mark the service as free of charge.")
        if errors:
            raise ValidationError(errors)

    # --- Reading ----------------------------------------------------------------
    @property
    def accepts_requests(self) -> bool:
        """A paused service cannot be applied for, whatever its form says."""
        return self.status == self.Status.AVAILABLE

    def search_text(self) -> str:
        # Indexed in the folded spelling; queries are folded the same way.
        description = strip_tags(self.description or "").replace("\xa0", " ")
        conditions = [str(block.value) for block in self.eligibility]
        category = self.category.name if self.category else ""
        return searchable_text(self.title, self.summary, description, category, *conditions)

    def get_reply_period_days(self, default: int | None = None) -> int:
        if self.reply_period_days:
            return self.reply_period_days
        if default is None:
            default = OrganisationSettings.default_reply_period_for(self)
        return default

    @property
    def effective_reply_period_days(self) -> int:
        return self.get_reply_period_days()

    @property
    def category_details(self):
        return self.category.api_representation() if self.category_id else None

    @property
    def beneficiary_group_details(self):
        return [group.api_representation() for group in localized_groups(self.beneficiary_groups.all(), self.locale)]

    @property
    def request_form_details(self):
        form = self.localized_request_form
        if form is None:
            return None
        return {"id": form.pk, "title": form.title, "url": form.url, "apply_url": self.apply_url}

    @property
    def localized_request_form(self):
        """The live request form in this page's language (or the original)."""
        if not self.request_form_id:
            return None
        form = self.request_form.get_translation_or_none(self.locale) or self.request_form
        return form if form.live else None

    @property
    def apply_url(self) -> str | None:
        """The form's address carrying this service, or None when it cannot be applied for."""
        return self._apply_url(self.localized_request_form)

    def _apply_url(self, form) -> str | None:
        if not self.accepts_requests or form is None or not form.url:
            return None
        return f"{form.url}?service={self.pk}"

    def linked_pages(self) -> dict:
        """The parent (the catalog), and the live request form and related policy in this page's
        language (else as chosen), in one query."""
        chosen = [pk for pk in (self.request_form_id, self.related_policy_id) if pk]
        wanted = Q(path=self.path[: -self.steplen])
        if chosen:
            keys = Page.objects.filter(pk__in=chosen).values("translation_key")
            wanted |= Q(pk__in=chosen) | Q(translation_key__in=keys, locale_id=self.locale_id)
        rows = list(Page.objects.filter(wanted))
        by_pk = {page.pk: page for page in rows}
        translated = {page.translation_key: page for page in rows if page.locale_id == self.locale_id}

        def localized(pk):
            original = by_pk.get(pk)
            page = translated.get(original.translation_key, original) if original else None
            return page if page is not None and page.live else None

        parent = next((page for page in rows if page.path == self.path[: -self.steplen]), None)
        return {"parent": parent, "request_form": localized(self.request_form_id),
                "related_policy": localized(self.related_policy_id)}  # fmt: skip

    def reading_facts(self, request) -> dict:
        """What the page shows besides its own fields, as plain values: its category, its groups
        in this page's language, the catalog it belongs to, the related policy and the address to
        apply at. Kept by each worker until content changes (core/site_facts.py), but for
        previews, whose draft may differ from the live page."""
        if self.pk is None or getattr(request, "is_preview", False):
            return self._reading_facts(request)
        key = ("service-page", site_facts.site_id(request), self.pk)
        return site_facts.remembered(request, key, lambda: self._reading_facts(request))

    def _reading_facts(self, request) -> dict:
        known = facets(self.locale_id, request, page_site_id(self, request))
        links = self.linked_pages()
        category_name = ""
        if self.category_id:
            category_name = known["category_names"].get(self.category_id) or self.category.name

        def link(page):
            return {"title": page.title, "url": page.get_url(request)} if page is not None else None

        return {
            "category_name": category_name,
            # Services point at the source-language groups; readers see their translations.
            "groups": tuple(
                {"slug": group.slug, "name": known["group_names"].get(group.translation_key, group.name)}
                for group in self.beneficiary_groups.all()
            ),
            "parent": link(links["parent"]),
            "related_policy": link(links["related_policy"]),
            "apply_url": self._apply_url(links["request_form"]),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation = organisation_facts.organisation(request)
        context.update(self.reading_facts(request))
        context.update(
            reply_period_days=self.get_reply_period_days(default=organisation["default_reply_period_days"]),
            organisation=organisation,
        )
        return context
