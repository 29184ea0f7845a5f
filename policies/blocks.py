"""The sections that beneficiary relationship policies share, as blocks.

Each section may carry its own heading (the one in the original document);
without one, the page shows the section's standard heading.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Locale

from core.translated import localized_all
from forms.kinds import FormKind
from policies.fields import LocalIntegerBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]

CHANNEL_KINDS = [
    ("interview", _("Personal interview")),
    ("phone", _("Phone calls")),
    ("social_media", _("Social media")),
    ("letters", _("Letters")),
    ("help_request", _("Help request service")),
    ("volunteer", _("Volunteering service")),
    ("website", _("The association's website")),
    ("branch_representatives", _("Branch office representatives")),
    ("survey", _("Satisfaction survey")),
    ("complaints", _("Complaints and suggestions window")),
    ("app", _("Apps")),
    ("other", _("Other")),
]
# The site's own forms that make a channel real, by the kind of their form page.
CHANNEL_FORM_KINDS = {
    "help_request": FormKind.HELP_REQUEST,
    "volunteer": FormKind.VOLUNTEER,
    "complaints": FormKind.COMPLAINT,
    "survey": FormKind.SURVEY,
}

ROLES = [
    ("beneficiary_relations", _("Beneficiary relations")),
    ("social_researcher", _("Social researcher")),
    ("research_committee", _("Research committee")),
    ("applicant", _("Applicant")),
    ("management", _("Management")),
]


def heading_block():
    return blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the section's standard heading."),
    )


class TextSectionBlock(blocks.StructBlock):
    heading = heading_block()
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "pilcrow"
        template = "policies/blocks/text_section.html"


class ObjectiveBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Objective"))
    sub_points = blocks.ListBlock(blocks.TextBlock(label=_("Sub-point")), label=_("Sub-points"), default=[])

    class Meta:
        icon = "list-ol"
        label = _("Objective")


class ObjectivesBlock(blocks.StructBlock):
    heading = heading_block()
    items = blocks.ListBlock(ObjectiveBlock(), label=_("Objectives"))

    class Meta:
        icon = "list-ol"
        label = _("Detailed objectives")
        template = "policies/blocks/objectives.html"


class ChannelBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=CHANNEL_KINDS, label=_("Kind"), default="other")
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    page = blocks.PageChooserBlock(
        label=_("Page on this site"),
        required=False,
        help_text=_("The page or form that makes this channel real on the website."),
    )
    contact = blocks.TextBlock(
        label=_("Contact details"),
        required=False,
        help_text=_("For a channel away from the website: where, when and how to reach it."),
    )

    class Meta:
        icon = "comment"
        label = _("Channel")

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        page = value.get("page")
        # Pages are chosen in the source language; readers get their own.
        data["page_url"] = page.localized.full_url if page else None
        return data


class ChannelsBlock(blocks.StructBlock):
    heading = heading_block()
    channels = blocks.ListBlock(ChannelBlock(), label=_("Channels"))

    class Meta:
        icon = "comment"
        label = _("Channels of communication")
        template = "policies/blocks/channels.html"

    def get_context(self, value, parent_context=None):
        """Each channel with its page in the reader's language (the policy's; choosers keep the
        source page), looked up for all channels at once: none when all are in that language."""
        context = super().get_context(value, parent_context=parent_context)
        policy = (parent_context or {}).get("page")
        locale = policy.locale_id if policy is not None and hasattr(policy, "locale_id") else Locale.get_active().pk
        chosen = [channel["page"] for channel in value["channels"] if channel["page"] is not None]
        shown = {page.pk: row for page, row in zip(chosen, localized_all(chosen, locale, live=True), strict=True)}
        context["channels"] = [
            {"value": channel, "page": shown.get(channel["page"].pk) if channel["page"] is not None else None}
            for channel in value["channels"]
        ]
        return context


class ListSectionBlock(blocks.StructBlock):
    heading = heading_block()
    items = blocks.ListBlock(blocks.TextBlock(label=_("Item")), label=_("Items"))

    class Meta:
        icon = "list-ul"
        template = "policies/blocks/list_section.html"


class StepBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Step"))
    role = blocks.ChoiceBlock(choices=ROLES, label=_("Who acts"), required=False)
    period_days = LocalIntegerBlock(
        label=_("Period (days)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("How many days this step may take, where it applies."),
    )

    class Meta:
        icon = "order"
        label = _("Step")


class ProcedureBlock(blocks.StructBlock):
    heading = heading_block()
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"))

    class Meta:
        icon = "order"
        label = _("Handling procedure")
        template = "policies/blocks/procedure.html"


class PolicyStreamBlock(blocks.StreamBlock):
    preamble = TextSectionBlock(label=_("Preamble"))
    general_objective = TextSectionBlock(label=_("General objective"), icon="crosshairs")
    objectives = ObjectivesBlock()
    channels = ChannelsBlock()
    tools = ListSectionBlock(label=_("Tools available to staff"), icon="cog")
    procedure = ProcedureBlock()
    section = TextSectionBlock(label=_("Other section"), icon="doc-full")

    class Meta:
        block_counts = {
            name: {"max_num": 1}
            for name in ("preamble", "general_objective", "objectives", "channels", "tools", "procedure")
        }


# The standard heading of each section, shown when the document gives none.
DEFAULT_HEADINGS = {
    "preamble": _("Preamble"),
    "general_objective": _("General objective"),
    "objectives": _("Detailed objectives"),
    "channels": _("Channels for communicating with beneficiaries"),
    "tools": _("Tools available to beneficiary relations staff"),
    "procedure": _("How a beneficiary's request is handled"),
    "section": "",
}
