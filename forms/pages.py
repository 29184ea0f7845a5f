"""Request forms built by editors: the form page (`FormPage`), Wagtail's form builder page.

Its fields are `forms.form_fields.FormField` rows; what applicants send is
kept apart, in `forms.records`. The page serves itself through its routes:
`forms.views` shows the form and hands what is sent to `forms.intake.submit`,
the one way in for a submission.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractForm, validate_to_address
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail_localize.fields import SynchronizedField

from core.headless import FrontEndPreviewMixin
from core.localization import default_locale_id
from core.routing import RememberedViewRestrictionsMixin
from forms import views
from forms.admin_forms import RequestFormPageForm
from forms.builder import RequestFormBuilder
from forms.kinds import FormKind
from forms.prepared import PreparedForSubmissions
from organisation.models import OrganisationSettings

DEFAULT_DECLARATION = _(
    "I declare that the information I have given is correct and complete, and that I bear direct responsibility for it."
)


class FormPage(
    PreparedForSubmissions, RememberedViewRestrictionsMixin, FrontEndPreviewMixin, RoutablePageMixin, AbstractForm
):
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
    # A page prepared by forms.prepared keeps what every submission needs
    # (`prepare_for_submissions`); each getter below uses it when it is there.
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
        return OrganisationSettings.default_reply_period_for(self, self.site_settings)

    def reply_rules(self):
        """How this site counts reply periods (calendar or working days, public holidays)."""
        if kept := self._kept("reply_rules"):
            return kept
        return OrganisationSettings.reply_rules_for(self, self.site_settings)

    @cached_property
    def site_settings(self):
        """The organisation's settings of the site this page is on, read once for both of the above."""
        return OrganisationSettings.for_page(self)

    def reply_due_date(self, service=None, start=None):
        """The date the applicant is promised an answer by, counted as this site counts."""
        return self.reply_rules().due_date(start or timezone.localdate(), self.reply_period(service))

    def site_ids(self) -> frozenset[int]:
        """The sites whose page tree this page is in: where Wagtail's routing would find it."""
        if (kept := self._kept("site_ids")) is not None:
            return kept
        return frozenset(
            root.site_id for root in Site.get_site_root_paths() if self.url_path.startswith(root.root_path)
        )

    def service_choices(self) -> list[tuple[int, str]]:
        """Live services of this page's association in this page's language, if it has a service catalogue:
        those under the same home page (another association's are neither offered nor read)."""
        kept = self._kept("service_choices")
        if kept is not None:
            return kept
        return list(
            Page.objects.live()
            .filter(locale_id=self.locale_id, content_type__model="servicepage")
            .filter(path__startswith=self.path[: 2 * self.steplen])  # its home page's, at depth 2
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
        return views.serve_form(self, request)

    @path("thanks/<str:token>/")
    def thanks_view(self, request, token):
        return views.serve_thanks(self, request, token)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return views.render_thanks(self, request, None)
        return super().serve_preview(request, mode_name)
