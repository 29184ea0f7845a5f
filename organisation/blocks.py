from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class BranchBlock(blocks.StructBlock):
    """A branch office where beneficiaries can be received in person."""

    name = blocks.CharBlock(label=_("Name"), max_length=120)
    city = blocks.CharBlock(label=_("City"), max_length=80)
    address = blocks.TextBlock(label=_("Address"))
    working_hours = blocks.CharBlock(label=_("Working hours"), max_length=160, required=False)
    phone = blocks.CharBlock(label=_("Phone"), max_length=32, required=False)
    map_url = blocks.URLBlock(label=_("Map link"), required=False)

    class Meta:
        icon = "site"
        label = _("Branch office")


class SocialAccountBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        label=_("Platform"),
        choices=[
            ("x", "X"),
            ("instagram", "Instagram"),
            ("snapchat", "Snapchat"),
            ("youtube", "YouTube"),
            ("linkedin", "LinkedIn"),
            ("tiktok", "TikTok"),
            ("facebook", "Facebook"),
            ("whatsapp", "WhatsApp"),
            ("telegram", "Telegram"),
        ],
    )
    url = blocks.URLBlock(label=_("Address of the account"))

    class Meta:
        icon = "link"
        label = _("Social account")
