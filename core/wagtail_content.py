"""Wagtail's own models that public pages show, watched as content (core/content_version.py),
and those that change the structure routing rests on as well."""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.content_version import add_site_finder, content_changed, structure_changed, watch

# What Wagtail's routing reads of a home page: whether it is live, and where it is.
ROUTED = ("live", "url_path")


def watch_wagtail_models() -> None:
    """Wagtail's own models that public pages show (called once, by core's AppConfig)."""
    add_site_finder(Page, page_sites)
    add_site_finder(Site, lambda site: None)  # a change of the sites is everyone's (and structure)
    watch(Page, *get_page_models(), PageViewRestriction, Site, Locale, Redirect)
    watch(get_image_model(), get_document_model())
    # Publishing saves the page, and moving updates paths with queries that send no
    # post_save: Wagtail's own signals cover both, whatever the page or snippet type.
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(content_changed, dispatch_uid=f"content_version.{id(signal)}")
    watch_structure()


def page_sites(page) -> list[int] | None:
    """The sites whose home page (in any language) `page` is under, from Wagtail's cached root paths;
    every site for a page under none (the tree's root, a home page before its site exists)."""
    url_path = page.url_path or ""
    found = sorted({root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)})
    return found or None


def watch_structure() -> None:
    """What routing and every page rest on apart from content (core/site_facts.py's lasting facts,
    core/routing.py's routes): sites, locales, view restrictions, moves, and the home pages of
    each language. Editing and publishing other pages leaves it as it is."""
    for model in (Site, Locale, PageViewRestriction):
        label = model._meta.label
        post_save.connect(structure_changed, sender=model, dispatch_uid=f"structure.save.{label}")
        post_delete.connect(structure_changed, sender=model, dispatch_uid=f"structure.delete.{label}")
    post_page_move.connect(structure_changed, dispatch_uid="structure.move")
    for model in (Page, *get_page_models()):
        label = model._meta.label
        pre_save.connect(_note_routed_fields, sender=model, dispatch_uid=f"structure.before.{label}")
        post_save.connect(_home_page_saved, sender=model, dispatch_uid=f"structure.save.{label}")
        post_delete.connect(_home_page_deleted, sender=model, dispatch_uid=f"structure.delete.{label}")


def _may_move_routing(raw, update_fields) -> bool:
    # A save of some fields only (the latest revision, a lock) leaves these as they are.
    return not raw and (update_fields is None or bool({"live", "slug", "url_path"} & set(update_fields)))


def _note_routed_fields(sender, instance, raw=False, update_fields=None, **kwargs):
    if instance.pk is not None and _may_move_routing(raw, update_fields):
        instance._routed_before = Page.objects.filter(pk=instance.pk).values_list(*ROUTED).first()


def _home_page_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A site's home page (or a translation of it) created, published, unpublished or renamed:
    Wagtail's routing starts from another page in some language."""
    if not _may_move_routing(raw, update_fields):
        return
    before = instance.__dict__.pop("_routed_before", None)
    now = tuple(getattr(instance, name) for name in ROUTED)
    if (created or before != now) and instance.is_site_root():
        structure_changed()


def _home_page_deleted(sender, instance, **kwargs):
    if instance.is_site_root():
        structure_changed()
