from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.headless import FrontEndPreviewMixin
from core.routing import RememberedViewRestrictionsMixin
from core.search import NormalisedSearchMixin
from home.blocks import BaseStreamBlock, ChosenPages, HomeStreamBlock


class HomePage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page):
    """The root of each language's tree (/ar/, /en/)."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("A short statement of who the association is."))
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        *NormalisedSearchMixin.search_fields,
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The pages all the blocks feature, in the reader's language, looked up together.
        context["chosen_pages"] = ChosenPages(self.body, self.locale_id)
        return context

    class Meta:
        verbose_name = _("home page")


class StandardPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, NormalisedSearchMixin, Page):
    """A plain content page (about us, contact, …)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        *NormalisedSearchMixin.search_fields,
    ]

    class Meta:
        verbose_name = _("standard page")
