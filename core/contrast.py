"""Colour contrast as WCAG 2.1 counts it, and a validator for a brand colour that text is set on."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# The site's light background that brand-coloured headings and links sit on (site.css --color-surface).
SURFACE = "#f3f6f4"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_hex_colour(value: str) -> None:
    if value and not HEX_COLOUR.match(value):
        raise ValidationError(_("Enter a colour as # and six hexadecimal digits, for example #0b5d3b."), code="colour")


def validate_brand_colour(value: str) -> None:
    """Refuse a colour that white text on it (the header, buttons, menus), or it as text on the site's
    light backgrounds (headings, links), would show below WCAG AA's 4.5:1."""
    if not value or not HEX_COLOUR.match(value):
        return
    ratio = min(contrast_ratio(value, WHITE), contrast_ratio(value, SURFACE))
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "Text on this colour would be hard to read: its contrast is %(ratio)s:1, and WCAG AA asks "
                "for at least 4.5:1. Choose a darker colour."
            ),
            code="contrast",
            params={"ratio": number_format(round(ratio, 1), 1)},
        )
