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
