"""The researcher's report on a request (تقرير البحث الاجتماعي): the questions administrators set per service (a
default set for every service without its own), the answers with each question's text kept as it was asked, the
photos and documents the researcher adds, and the recommendation. A request may have several reports (sent back
for more research); each researcher keeps at most one draft per request. Once submitted, a report is read-only."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Site, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from forms.records import private_storage
from inbox.models import Case
from services.models.service_page import ServicePage


def source_services():
    """Questions and recommendations point at the Arabic (source) service pages, as deliveries do."""
    return {"locale": Locale.get_default()}


class AnswerKind(models.TextChoices):
    TEXT = "text", _("Text")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    AMOUNT = "amount", _("Amount in riyals")


class ResearchQuestion(TranslatableMixin, models.Model):
    """A question of the research report, translatable as the funds are: the Arabic row is the question, its
    English translation what English-speaking staff read. No service: the default set."""

    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        ServicePage, verbose_name=_("service"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        limit_choices_to=source_services,
        help_text=_("Leave empty for the default questions, asked for every service without questions of its own."),
    )  # fmt: skip
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    answer_kind = models.CharField(_("answer"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.TEXT)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("asked"), default=True, help_text=_("Questions not asked stay in old reports."))

    override_translatable_fields = [
        SynchronizedField("service"),
        SynchronizedField("answer_kind"),
        SynchronizedField("sort_order"),
        SynchronizedField("active"),
    ]
    panels = [
        FieldPanel("site"),
        FieldPanel("service"),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("answer_kind"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("research question")
        verbose_name_plural = _("research questions")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Recommendation(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    MORE_INFORMATION = "more_information", _("More information needed")


class ResearchReport(models.Model):
    wagtail_reference_index_ignore = True

    # The association, as every record of one carries it: the request's.
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", editable=False)
    case = models.ForeignKey(Case, verbose_name=_("request"), on_delete=models.CASCADE, related_name="research_reports")
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social researcher"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # [{"key": the question's translation key, "question": its text as asked, "kind": its answer kind,
    #   "help": its help as shown, "answer": the answer}]: the questions of the day the report was begun.
    answers = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    created_at = models.DateTimeField(_("begun at"), default=timezone.now)
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Bumped by every save: of two saves of one draft, the stale one is told.
    version = models.PositiveIntegerField(default=0)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices, blank=True)
    service = models.ForeignKey(
        ServicePage, verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to=source_services,
    )  # fmt: skip
    service_title = models.CharField(_("service"), max_length=255, blank=True)
    amount = models.DecimalField(
        _("amount (riyals)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    # The reason of a rejection, or what is missing when more information is needed.
    reason = models.TextField(_("reason or what is missing"), blank=True)

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "researcher"], condition=Q(status="draft"), name="research_one_draft_per_researcher"
            ),
        ]

    def __str__(self):
        return str(_("Research report #%(number)s") % {"number": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT


class ReportUpload(models.Model):
    """A photo or document the researcher adds to the report, kept in the private storage under a random key."""

    wagtail_reference_index_ignore = True

    report = models.ForeignKey(ResearchReport, on_delete=models.CASCADE, related_name="uploads")
    stored_file = models.FileField(storage=private_storage, max_length=255, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("report upload")
        verbose_name_plural = _("report uploads")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
