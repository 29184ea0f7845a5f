"""The status lookup page (تتبع طلبك), and where Django finds followup's models.

The page serves its routes through followup.views; the survey invitations those
views check live in followup.invitations, below both, and are named here too.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from core import content_version
from core.routing import RememberedViewRestrictionsMixin
from followup import views
from followup.invitations import SURVEY_LINK_DAYS, SurveyInvitation, new_nonce

__all__ = [
    "SURVEY_LINK_DAYS", "StatusLookupPage", "SurveyInvitation", "lookup_page_for", "lookup_page_url", "new_nonce",
]  # fmt: skip


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
        return views.lookup(self, request)

    @path("link/<str:token>/")
    def personal_view(self, request, token):
        return views.personal(self, request, token)

    @path("link/<str:token>/documents/")
    def documents_view(self, request, token):
        return views.send_documents(self, request, token)

    @path("link/<str:token>/withdraw/")
    def withdraw_view(self, request, token):
        return views.withdraw(self, request, token)

    @path("link/<str:token>/appeal/")
    def appeal_view(self, request, token):
        return views.appeal(self, request, token)

    @path("survey/<str:token>/")
    def survey_view(self, request, token):
        return views.survey(self, request, token)

    @path("survey/<str:token>/thanks/")
    def survey_thanks_view(self, request, token):
        return views.survey_thanks(self, request, token)


def lookup_page_for(language, site_id=None):
    """The live status lookup page in `language` (else in any language), kept per worker; of the
    association on site `site_id` when given (a request's own association: its links lead there)."""

    def find():
        pages = StatusLookupPage.objects.live().select_related("locale").order_by("path")
        if site_id is not None:
            # Under the site's home page or its translations (each language's tree), as Wagtail routes.
            roots = Q()
            for root in Site.get_site_root_paths():
                if root.site_id == site_id:
                    roots |= Q(url_path__startswith=root.root_path)
            pages = pages.filter(roots) if roots else pages.none()
        page = pages.filter(locale__language_code=language).first() or pages.first()
        return page.pk if page else None

    page_id = content_version.remembered(("followup-lookup-page", language, site_id), find)
    if page_id is None:
        return None
    return StatusLookupPage.objects.live().filter(pk=page_id).first()


def lookup_page_url(language, site_id=None) -> str | None:
    """The full URL (ending in /) of `lookup_page_for`'s page, kept per worker as its id is: a message's
    links need only that, and each message owed (a new request's acknowledgement) fetched the page for it."""

    def find():
        page = lookup_page_for(language, site_id)
        url = page.get_full_url() if page else None
        return url.rstrip("/") + "/" if url else None

    return content_version.remembered(("followup-lookup-url", language, site_id), find)
