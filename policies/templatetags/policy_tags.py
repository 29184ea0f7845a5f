from django import template

from policies.blocks import CHANNEL_KINDS, DEFAULT_HEADINGS, ROLES

register = template.Library()
_KINDS = dict(CHANNEL_KINDS)
_ROLES = dict(ROLES)


@register.simple_tag
def section_heading(block):
    """The document's own heading for a section, or the section's standard one."""
    heading = block.value.get("heading") if hasattr(block.value, "get") else ""
    return heading or DEFAULT_HEADINGS.get(block.block_type, "")


@register.filter
def channel_kind(value):
    return _KINDS.get(value, "")


@register.filter
def role_name(value):
    return _ROLES.get(value, "")
