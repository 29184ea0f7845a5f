"""Wagtail's own models that public pages show, watched as content (core/content_version.py)."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.content_version import content_changed, watch


def watch_wagtail_models() -> None:
    """Wagtail's own models that public pages show (called once, by core's AppConfig)."""
    watch(Page, *get_page_models(), PageViewRestriction, Site, Locale, Redirect)
    watch(get_image_model(), get_document_model())
    # Publishing saves the page, and moving updates paths with queries that send no
    # post_save: Wagtail's own signals cover both, whatever the page or snippet type.
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(content_changed, dispatch_uid=f"content_version.{id(signal)}")
