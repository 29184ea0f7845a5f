"""The status lookup page (تتبع طلبك) and the personal survey invitations."""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.routing import RememberedViewRestrictionsMixin

SURVEY_LINK_DAYS = 30


class StatusLookupPage(RememberedViewRestrictionsMixin, RoutablePageMixin, Page):
    """Where applicants follow a request: by reference and mobile, or from their personal link."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    survey_page = models.ForeignKey(
        "forms.FormPage", verbose_name=_("satisfaction survey"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The survey form personal survey links open. Leave empty for the first one."),
    )  # fmt: skip

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("survey_page")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list = []
    max_count_per_parent = 1
    template = "followup/status_lookup_page.html"

    class Meta:
        verbose_name = _("request status lookup page")

    @path("")
    def lookup_view(self, request):
        from followup import views

        return views.lookup(self, request)

    @path("link/<str:token>/")
    def personal_view(self, request, token):
        from followup import views

        return views.personal(self, request, token)

    @path("link/<str:token>/documents/")
    def documents_view(self, request, token):
        from followup import views

        return views.send_documents(self, request, token)

    @path("link/<str:token>/withdraw/")
    def withdraw_view(self, request, token):
        from followup import views

        return views.withdraw(self, request, token)

    @path("survey/<str:token>/")
    def survey_view(self, request, token):
        from followup import views

        return views.survey(self, request, token)

    @path("survey/<str:token>/thanks/")
    def survey_thanks_view(self, request, token):
        from followup import views

        return views.survey_thanks(self, request, token)


def new_nonce() -> str:
    return secrets.token_hex(16)


class SurveyInvitation(models.Model):
    """One personal survey link per request: signed, single use, expiring, tied to the request and its service."""

    wagtail_reference_index_ignore = True

    case = models.OneToOneField(
        "inbox.Case", verbose_name=_("request"), on_delete=models.CASCADE, related_name="survey_invitation"
    )
    service = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The survey submission made through the link (an SV-… request of its own).
    response = models.OneToOneField(
        "forms.Submission", verbose_name=_("answer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="survey_invitation",
    )  # fmt: skip

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self):
        return f"{self.case_id}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = (self.created_at or timezone.now()) + datetime.timedelta(days=SURVEY_LINK_DAYS)
        super().save(*args, **kwargs)

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at
