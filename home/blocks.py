from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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
# as they are); readers get each page in their own language, in one query.


def localized_pages(pages, model=None):
    """`pages` in the reader's language (or as chosen when untranslated), live ones only."""
    from wagtail.models import Locale, Page

    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    queryset = (
        (model or Page)
        .objects.live()
        .filter(translation_key__in=[page.translation_key for page in pages], locale=Locale.get_active())
    )
    if model is not None and hasattr(model, "category"):
        queryset = queryset.select_related("category")
    translated = {page.translation_key: page for page in queryset}
    result = [translated.get(page.translation_key) or page for page in pages]
    return [page for page in result if page.live]


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
        from services.models import ServicePage

        context = super().get_context(value, parent_context=parent_context)
        context["services"] = localized_pages(value["services"], model=ServicePage)
        index = localized_pages([value["index_page"]])
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
        pages = {page.translation_key: page for page in localized_pages([item["page"] for item in value["items"]])}
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
        pages = localized_pages([value["page"]])
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
