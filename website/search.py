"""Site search that finds Arabic whatever the spelling variant.

Pages index one extra field, `normalised_search_text`: their text folded by
`website.arabic.normalise_for_search`. Queries are folded the same way, so
"الأسرة", "الاسره" and "الأُسـرة" all meet. Works with Wagtail's database
backend on SQLite and PostgreSQL (and any other backend).
"""

import html
import re

from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from website.arabic import normalise_for_search


def page_text(page) -> str:
    """The readable text of a page: title, then every text field its own model adds."""
    parts = [page.title, page.search_description]
    for field in type(page)._meta.get_fields():
        if not getattr(field, "concrete", False) or field.model is Page or field.name in ("slug",):
            continue
        value = getattr(page, field.name, None)
        if isinstance(field, StreamField):
            parts.extend(str(text) for text in field.get_searchable_content(value))
        elif isinstance(field, (RichTextField, models.TextField, models.CharField)) and not field.choices:
            parts.append(strip_tags(value or ""))
    extra = getattr(page, "extra_search_text", None)
    if extra:
        parts.append(extra())
    return " ".join(html.unescape(part) for part in parts if part)


class NormalisedSearchMixin:
    """Add to a page model and list `*NormalisedSearchMixin.search_fields` in its own."""

    search_fields = [index.SearchField("normalised_search_text")]

    def normalised_search_text(self) -> str:
        return normalise_for_search(page_text(self))


def search_terms(query: str) -> list[str]:
    return [term for term in normalise_for_search(query).split() if term]


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from."""
    folded, positions = [], []
    for i, char in enumerate(text):
        for out in normalise_for_search(char):
            folded.append(out)
            positions.append(i)
    return "".join(folded), positions


def highlight(text: str, query: str, width: int = 220) -> str:
    """An excerpt of `text` around the first match, each match wrapped in <mark>.

    Matching is done on the folded text, and the marks are placed on the
    original characters, so "الاسره" marks "الأُسرة" as written.
    """
    terms = search_terms(query)
    folded, positions = _folded_with_positions(text)
    lowered = folded.lower()
    spans = []
    for term in terms:
        for match in re.finditer(re.escape(term.lower()), lowered):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            while end < len(text) and not normalise_for_search(text[end]):
                end += 1  # a diacritic or tatweel on the last letter belongs to the match
            spans.append((start, end))
    spans.sort()
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
        # Start the excerpt at a word boundary.
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 else 0
    else:
        start = 0
    end = min(len(text), start + width)
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:end]))
    excerpt = "".join(pieces).strip()
    return mark_safe(("… " if start else "") + excerpt + (" …" if end < len(text) else ""))  # noqa: S308 - escaped above
