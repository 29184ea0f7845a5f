from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ConditionBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        label = _("Condition")


class DocumentRequirementBlock(blocks.StructBlock):
    """A document the applicant brings or attaches, required or optional."""

    name = blocks.CharBlock(label=_("Document"), max_length=200)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)
    note = blocks.CharBlock(label=_("Note"), max_length=300, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Required document")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=160)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class PhoneChannelBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=120)
    number = blocks.CharBlock(label=_("Number"), max_length=32)

    class Meta:
        icon = "mobile-alt"
        label = _("Phone")


class InPersonChannelBlock(blocks.StructBlock):
    place = blocks.CharBlock(label=_("Place"), max_length=160)
    details = blocks.CharBlock(label=_("Details"), max_length=300, required=False)

    class Meta:
        icon = "home"
        label = _("In person")


class ChannelStreamBlock(blocks.StreamBlock):
    """Offline ways to ask for the service; the online form is its own field."""

    phone = PhoneChannelBlock()
    in_person = InPersonChannelBlock()
