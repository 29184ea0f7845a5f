from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.models import Locale, Page

from services.models import ServicePage


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=160)

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading.html"


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks any free-text page body may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"], icon="pilcrow"
    )


# --- Home page blocks --------------------------------------------------------------
# Page choosers keep the source-language page (wagtail-localize copies them
# as they are); readers get each page in their own language. On the home page
# (HomePage.get_context) the pages of all its blocks are looked up together
# (ChosenPages); elsewhere each block looks its own up, in one query.


def localized_pages(pages, model=None, context=None):
    """`pages` in the reader's language (or as chosen when untranslated), live ones only."""
    chosen = (context or {}).get("chosen_pages")
    if chosen is not None:
        return chosen.localized(pages)
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    found = _localized_rows(model or Page, pages, _reader_locale_id(context))
    return [found[page.pk] for page in pages if found.get(page.pk) is not None]


def _localized_rows(model, pages, locale_id) -> dict:
    """{pk of each of `pages`: its live translation in `locale_id`, else itself when live, else None}: one
    query, none for pages of no particular type (`Page`) that are all in `locale_id` already."""
    if model is Page and all(page.locale_id == locale_id for page in pages):
        return {page.pk: page if page.live else None for page in pages}
    keys = {page.translation_key for page in pages}
    queryset = model.objects.live().filter(
        Q(translation_key__in=keys, locale_id=locale_id) | Q(pk__in=[page.pk for page in pages])
    )
    if hasattr(model, "category"):
        queryset = queryset.select_related("category")
    translated, originals = {}, {}
    for page in queryset:
        originals[page.pk] = page
        if page.locale_id == locale_id:
            translated[page.translation_key] = page
    return {page.pk: translated.get(page.translation_key) or originals.get(page.pk) for page in pages}


def _reader_locale_id(context):
    # The page being read knows its language; elsewhere ask the active one.
    page = (context or {}).get("page")
    return page.locale_id if page is not None and hasattr(page, "locale_id") else Locale.get_active().pk


class ChosenPages:
    """The pages chosen anywhere in a page's blocks, in the reader's language, looked up for the
    whole body at once (when the first block asks): one query for the services (shown with their
    categories) and one for any other pages, none for those when they are all in the reader's
    language already. Pages are converted by Wagtail, one query per chooser, as before."""

    def __init__(self, body, locale_id):
        self.body = body
        self.locale_id = locale_id
        self._found = None

    def localized(self, pages) -> list:
        if self._found is None:
            self._found = self._find()
        result = (self._found.get((type(page) is ServicePage, page.pk)) for page in pages if page is not None)
        return [page for page in result if page is not None]

    def _find(self) -> dict:
        chosen = {}
        for child in self.body:
            for page in _pages_in(child.value):
                chosen.setdefault(type(page) is ServicePage, {})[page.pk] = page
        found = {}
        for services, pages in chosen.items():
            rows = _localized_rows(ServicePage if services else Page, list(pages.values()), self.locale_id)
            found.update({(services, pk): page for pk, page in rows.items()})
        return found


def _pages_in(value):
    """The pages in a block's value (structs and lists of them, as far down as they go)."""
    if isinstance(value, Page):
        yield value
    elif isinstance(value, blocks.StructValue):
        for item in value.values():
            yield from _pages_in(item)
    elif isinstance(value, list | tuple | ListValue):
        for item in value:
            yield from _pages_in(item)


class FeaturedServicesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=160)
    services = blocks.ListBlock(blocks.PageChooserBlock(page_type="services.ServicePage"), label=_("Services"))
    index_page = blocks.PageChooserBlock(
        label=_("All services page"), page_type="services.ServiceIndexPage", required=False
    )

    class Meta:
        icon = "list-ul"
        label = _("Featured services")
        template = "home/blocks/featured_services.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["services"] = localized_pages(value["services"], model=ServicePage, context=parent_context)
        index = localized_pages([value["index_page"]], context=parent_context)
        context["index_page"] = index[0] if index else None
        return context


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Or an address"), required=False, max_length=300,
        help_text=_("Used when no page is chosen: a full address or one on this site starting with /."),
    )  # fmt: skip
    link_label = blocks.CharBlock(label=_("Link text"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Call to action")


class CallsToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=160, required=False)
    items = blocks.ListBlock(CallToActionBlock(), label=_("Calls to action"))

    class Meta:
        icon = "pick"
        label = _("Calls to action")
        template = "home/blocks/calls_to_action.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        chosen = [item["page"] for item in value["items"]]
        pages = {page.translation_key: page for page in localized_pages(chosen, context=parent_context)}
        request = (parent_context or {}).get("request")
        actions = []
        for item in value["items"]:
            page = pages.get(item["page"].translation_key) if item["page"] else None
            url = page.get_url(request) if page else item["url"]
            if url:  # a call to action that leads nowhere is left out
                actions.append({"title": item["title"], "text": item["text"], "url": url, "label": item["link_label"]})
        context["actions"] = actions
        return context


class PolicyBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=160)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Policy page"), required=False)
    link_label = blocks.CharBlock(label=_("Link text"), max_length=80)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Beneficiary relationship policy")
        template = "home/blocks/policy.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        pages = localized_pages([value["page"]], context=parent_context)
        context["policy_page"] = pages[0] if pages else None
        return context


class ContactBlock(blocks.StructBlock):
    """The association's phones, email and branches, from its settings."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=160)
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        icon = "mail"
        label = _("Contact and branches")
        template = "home/blocks/contact.html"


class HomeStreamBlock(BaseStreamBlock):
    featured_services = FeaturedServicesBlock()
    calls_to_action = CallsToActionBlock()
    policy = PolicyBlock()
    contact = ContactBlock()
