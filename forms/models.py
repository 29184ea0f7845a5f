"""Request forms built by editors, and what applicants send through them.

`FormPage` is Wagtail's form builder page. Its fields are translatable through
wagtail-localize (labels, help texts and choices become segments) while each
field's short ASCII `key` stays the same in every language, so Arabic and
English submissions share one shape. Submissions are our own model, tied to the
source form by its translation key, so nothing cascades away with a page or
its translation.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, validate_to_address
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from core.arabic import normalise_for_search
from core.headless import FrontEndPreviewMixin
from core.localization import default_locale_id
from core.routing import RememberedViewRestrictionsMixin
from forms import kinds
from forms.admin_forms import RequestFormPageForm
from forms.builder import RequestFormBuilder
from forms.kinds import RESERVED_KEYS, ComplaintType, FieldType, FormKind

DEFAULT_DECLARATION = _(
    "I declare that the information I have given is correct and complete, and that I bear direct responsibility for it."
)


def validate_field_key(value: str) -> None:
    if value in RESERVED_KEYS:
        raise ValidationError(_("“%(key)s” is used by the page itself: choose another key."), params={"key": value})


class FormField(TranslatableMixin, AbstractFormField):
    page = ParentalKey("forms.FormPage", on_delete=models.CASCADE, related_name="form_fields")
    key = models.CharField(
        _("key"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(r"^[a-z][a-z0-9_]*$", _("Lower-case English letters, digits and _ only.")),
            validate_field_key,
        ],
        help_text=_("A short English name for exports and the API, e.g. national_id. Filled in if left empty."),
    )
    field_type = models.CharField(_("field type"), max_length=16, choices=FieldType.choices)
    field_type.required_on_save = True
    role = models.CharField(
        _("role"),
        max_length=20,
        blank=True,
        choices=kinds.FieldRole.choices,
        help_text=_(
            "Whether the answer says who the applicant is. Staff search, mask and erase these answers, "
            "and an anonymous complaint leaves them out."
        ),
    )

    # Labels, help texts, choices and defaults are translated; the key, the
    # name stored data is filed under and the role are the same in every language.
    override_translatable_fields = [
        SynchronizedField("clean_name", overridable=False),
        SynchronizedField("key", overridable=False),
        SynchronizedField("role", overridable=False),
    ]

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("role"),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]
    api_fields = [APIField("key"), APIField("role"), *AbstractFormField.api_fields]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")

    def get_field_clean_name(self):
        return self.key or f"field_{uuid.uuid4().hex[:6]}"

    def clean(self):
        super().clean()
        # The role fills a column staff search and message by: it must hold a checked value.
        if self.role and self.field_type not in kinds.TYPES_FOR_ROLE[self.role]:
            allowed = ", ".join(str(FieldType(value).label) for value in sorted(kinds.TYPES_FOR_ROLE[self.role]))
            message = _("A field with this role must be of the type: %(types)s.")
            raise ValidationError({"role": ValidationError(message, code="role_type", params={"types": allowed})})

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self.get_field_clean_name()
        self.clean_name = self.key
        super().save(*args, **kwargs)


class Submission(models.Model):
    """One request as an applicant sent it. Never edited by the public again."""

    # Not a content link editors need to see: keep it out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices)
    form_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("form"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The form's translation key: Arabic and English submissions of one form share it.
    form_key = models.UUIDField(db_index=True)
    form_title = models.CharField(_("form title"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    service = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    service_title = models.CharField(_("service"), max_length=255, blank=True)
    data = models.JSONField(_("answers"), default=dict)
    # Who the applicant is, copied from the answers of the fields with those roles.
    applicant_name = models.CharField(_("applicant"), max_length=255, blank=True)
    # The name folded for search (core.arabic.normalise_for_search, lower case): kept by save().
    applicant_name_search = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    applicant_national_id = models.CharField(_("national ID"), max_length=20, blank=True, db_index=True)
    applicant_mobile = models.CharField(_("mobile"), max_length=20, blank=True, db_index=True)  # +9665…
    applicant_email = models.EmailField(_("email"), blank=True)
    # [key, role] of every answer that tells who the applicant is, as the form was when sent.
    personal_fields = models.JSONField(_("personal answers"), default=list, blank=True, editable=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=kinds.Channel.choices, default=kinds.Channel.WEBSITE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The staff member who entered a request made by phone, letter or at a branch."),
    )  # fmt: skip
    complaint_type = models.CharField(_("type"), max_length=20, choices=ComplaintType.choices, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    declaration_accepted = models.BooleanField(_("accuracy declaration accepted"), default=False)
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    reply_due = models.DateField(_("answer due by"))
    idempotency_token = models.UUIDField(unique=True, editable=False)
    # The API's Idempotency-Key: a hash of the body first sent with it, so a
    # repeat with another body is told apart (forms/api.py). Empty elsewhere.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.applicant_name_search = searchable_name(self.applicant_name)
        if kwargs.get("update_fields") is not None and "applicant_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "applicant_name_search"}
        super().save(*args, **kwargs)

    def personal_answers(self) -> list[tuple[str, str]]:
        """(key, role) of each answer that tells who the applicant is, in the form's order.

        From the form as it was when this was sent; for a row stored without that
        (made outside the pipeline), from its form's fields now (one query).
        """
        if self.personal_fields or not self.form_page_id:
            return [(key, role) for key, role in self.personal_fields]
        from forms.personal import personal_fields

        return personal_fields(FormField.objects.filter(page_id=self.form_page_id).order_by("sort_order"))

    def personal_field_keys(self) -> list[str]:
        """The keys in `data` whose answers are personal: mask, search, message and erase these."""
        return [key for key, _role in self.personal_answers()]

    def personal_fields_by_role(self) -> dict[str, list[str]]:
        """Role (a FieldRole value) -> the keys of the answers that hold it."""
        by_role: dict[str, list[str]] = {}
        for key, role in self.personal_answers():
            by_role.setdefault(role, []).append(key)
        return by_role


def searchable_name(text: str) -> str:
    """A name as `applicant_name_search` holds it; fold a search for a name the same way."""
    return " ".join(normalise_for_search(text or "").casefold().split())[:255]


def private_storage():
    return storages["private"]


class Attachment(models.Model):
    """A file sent with a submission, kept in the private storage under a random name."""

    wagtail_reference_index_ignore = True

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    field_key = models.CharField(max_length=40)
    file = models.FileField(storage=private_storage, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name


class Notification(models.Model):
    """A message owed about a submission. Written with the submission, so none is lost
    if the task queue is down; sent by a task and retried until it goes or gives up."""

    class Channel(models.TextChoices):
        STAFF_EMAIL = "staff_email", _("Email to staff")
        APPLICANT_EMAIL = "applicant_email", _("Email to the applicant")
        APPLICANT_SMS = "applicant_sms", _("SMS to the applicant")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A message written by whoever owes it (the inbox's templates): sent as stored.
    # Empty for the staff alert, which forms/tasks.py renders itself.
    event = models.CharField(max_length=24, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_status_display()}"


class ReferenceCounter(models.Model):
    """The last sequence number given per prefix and year (HR-2026-000042)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


class FormPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, RoutablePageMixin, AbstractForm):
    """A request form editors build in the admin: help request, volunteering, complaints, survey."""

    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices, default=FormKind.GENERAL)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    reply_period_days = models.PositiveSmallIntegerField(
        _("reply period (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Leave empty to use the service's period, or else the organisation's default."),
    )
    collects_personal_data = models.BooleanField(
        _("collects personal data"),
        default=True,
        help_text=_("Applicants must then accept the privacy notice before sending."),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown before the form. Leave empty to show the organisation's privacy notice."),
    )
    declaration_text = models.TextField(
        _("accuracy declaration"),
        blank=True,
        help_text=_("Help requests: what the applicant declares. Leave empty for the standard wording."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    staff_emails = models.CharField(
        _("notify staff at"),
        max_length=500,
        blank=True,
        validators=[validate_to_address],
        help_text=_("Comma-separated addresses told of each new submission."),
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        MultiFieldPanel(
            [FieldPanel("collects_personal_data"), FieldPanel("privacy_notice"), FieldPanel("declaration_text")],
            heading=_("Consent and declaration"),
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([FieldPanel("reply_period_days"), FieldPanel("staff_emails")], heading=_("Handling")),
    ]
    override_translatable_fields = [SynchronizedField("staff_emails"), SynchronizedField("kind")]
    api_fields = [
        APIField("kind"),
        APIField("intro"),
        APIField("reply_period_days"),
        APIField("collects_personal_data"),
        APIField("privacy_notice"),
        APIField("declaration_text"),
        APIField("thank_you_text"),
        APIField("form_fields"),
    ]
    form_builder = RequestFormBuilder
    base_form_class = RequestFormPageForm
    template = "forms/form_page.html"
    landing_page_template = "forms/form_page_landing.html"

    class Meta:
        verbose_name = _("form page")

    # --- building the form ----------------------------------------------------
    # A page prepared by forms.prepared keeps what every submission needs in
    # `_prepared`; each getter below uses it when it is there.
    def prepare_for_submissions(self):
        self._prepared = {
            "form_class": self.get_form_class(),
            "view_restrictions": list(self.get_view_restrictions()),
            "source_page": self.get_source_page(),
            "default_reply_period": self.default_reply_period(),
            "reply_rules": self.reply_rules(),
            "service_choices": self.service_choices(),
            "site_ids": self.site_ids(),
        }

    def _kept(self, name):
        return self.__dict__.get("_prepared", {}).get(name)

    def get_form_class(self):
        return self._kept("form_class") or self.form_builder(self.get_form_fields()).get_request_form_class()

    def get_view_restrictions(self):
        kept = self._kept("view_restrictions")
        return kept if kept is not None else super().get_view_restrictions()

    def get_source_page(self):
        """The page in the site's main language: all submissions of a form are filed under it."""
        if kept := self._kept("source_page"):
            return kept
        default = default_locale_id()
        if self.locale_id == default:
            return self
        return self.get_translation_or_none(default) or self

    def reply_period(self, service=None) -> int:
        """The form's own period, else the service's, else the organisation's default."""
        if self.reply_period_days:
            return self.reply_period_days
        service_days = getattr(service.specific, "reply_period_days", None) if service else None
        return service_days or self.default_reply_period()

    def default_reply_period(self) -> int:
        """The organisation's default, from the settings of the site this page is on."""
        if kept := self._kept("default_reply_period"):
            return kept
        from organisation.models import OrganisationSettings

        return OrganisationSettings.default_reply_period_for(self)

    def reply_rules(self):
        """How this site counts reply periods (calendar or working days, public holidays)."""
        if kept := self._kept("reply_rules"):
            return kept
        from organisation.models import OrganisationSettings

        return OrganisationSettings.reply_rules_for(self)

    def reply_due_date(self, service=None, start=None):
        """The date the applicant is promised an answer by, counted as this site counts."""
        return self.reply_rules().due_date(start or timezone.localdate(), self.reply_period(service))

    def site_ids(self) -> frozenset[int]:
        """The sites whose page tree this page is in: where Wagtail's routing would find it."""
        if (kept := self._kept("site_ids")) is not None:
            return kept
        from wagtail.models import Site

        return frozenset(
            root.site_id for root in Site.get_site_root_paths() if self.url_path.startswith(root.root_path)
        )

    def service_choices(self) -> list[tuple[int, str]]:
        """Live services in this page's language, if the site has a service catalogue."""
        kept = self._kept("service_choices")
        if kept is not None:
            return kept
        from wagtail.models import Page

        return list(
            Page.objects.live()
            .filter(locale_id=self.locale_id, content_type__model="servicepage")
            .order_by("title")
            .values_list("pk", "title")
        )

    # --- serving ----------------------------------------------------------------
    @property
    def send_url(self) -> str:
        """Where the form posts to: `forms.views.send`, by id (see there why), under the page's language."""
        if not self.pk:
            return ""
        with translation.override(self.locale.language_code):
            return reverse("form_send", args=[self.pk])

    @path("")
    def form_view(self, request):
        from forms.views import serve_form

        return serve_form(self, request)

    @path("thanks/<str:token>/")
    def thanks_view(self, request, token):
        from forms.views import serve_thanks

        return serve_thanks(self, request, token)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            from forms.views import render_thanks

            return render_thanks(self, request, None)
        return super().serve_preview(request, mode_name)
