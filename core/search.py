"""Site search that finds Arabic whatever the spelling variant.

Pages index one extra field, `normalised_search_text`: their text folded by
`core.arabic.normalise_for_search`. Queries are folded the same way, so
"الأسرة", "الاسره" and "الأُسـرة" all meet. Works with Wagtail's database
backend on SQLite and PostgreSQL (and any other backend).
"""

import functools
import html
import re

from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.arabic import normalise_for_search


def page_text(page) -> str:
    """The readable text of a page: title, then every text field its own model adds."""
    parts = [page.title, page.search_description]
    for field in type(page)._meta.get_fields():
        if not getattr(field, "concrete", False) or field.is_relation or field.model is Page or field.name in ("slug",):
            continue  # (a relation is never text: reading it would only cost a query)
        value = getattr(page, field.name, None)
        if isinstance(field, StreamField):
            parts.extend(str(text) for text in stream_text(field.stream_block, value.raw_data))
        elif isinstance(field, (RichTextField, models.TextField, models.CharField)) and not field.choices:
            parts.append(strip_tags(value or ""))
    extra = getattr(page, "extra_search_text", None)
    if extra:
        parts.append(extra())
    return " ".join(html.unescape(part) for part in parts if part)


def stream_text(stream_block, raw_blocks) -> list:
    """What `StreamField.get_searchable_content()` gives, from a stream's raw data, without
    converting its choosers (of pages, documents, images, snippets): they hold no text, and
    converting one costs a query (a list of search results would cost one per result)."""
    content = []
    for raw in raw_blocks:
        block = stream_block.child_blocks.get(raw.get("type"))
        if block is not None:
            content.extend(_block_text(block, raw.get("value")))
    return content


def _block_text(block, raw) -> list:
    if isinstance(block, blocks.ChooserBlock) or not getattr(block, "search_index", True):
        return []
    if isinstance(block, blocks.StreamBlock):
        return stream_text(block, raw or [])
    if isinstance(block, blocks.StructBlock):
        content = []
        for name, child in block.child_blocks.items():
            if isinstance(raw, dict) and name in raw:
                content.extend(_block_text(child, raw[name]))
            else:
                content.extend(child.get_searchable_content(child.get_default()))
        return content
    if isinstance(block, blocks.ListBlock):
        content = []
        for item in raw or []:
            # As ListBlock.to_python: items are {"type": "item", "value": …, "id": …}, or bare (older data).
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            content.extend(_block_text(block.child_block, item))
        return content
    return block.get_searchable_content(block.to_python(raw))


class NormalisedSearchMixin:
    """Add to a page model and list `*NormalisedSearchMixin.search_fields` in its own."""

    search_fields = [index.SearchField("normalised_search_text")]

    def normalised_search_text(self) -> str:
        return normalise_for_search(page_text(self))


def search_terms(query: str) -> list[str]:
    return [term for term in normalise_for_search(query).split() if term]


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    # Folding is per character: a page's few hundred distinct ones are folded once per process.
    return normalise_for_search(char)


class _Positions:
    """For each character of a folded text, the index in the original it came from: folding
    turns each character into one or none (diacritics, tatweel), so it is its own index moved
    past the dropped characters before it."""

    def __init__(self, dropped: list[int]):
        self.dropped = dropped  # indices of the dropped characters, in order

    def __getitem__(self, index: int) -> int:
        for position in self.dropped:
            if position > index:
                break
            index += 1
        return index


def _folded_with_positions(text: str) -> tuple[str, _Positions]:
    """The folded text, and for each of its characters the index it came from."""
    folded = normalise_for_search(text)
    if len(folded) == len(text):
        return folded, _Positions([])
    dropped = "".join(re.escape(char) for char in set(text) if not _fold_char(char))
    return folded, _Positions([match.start() for match in re.finditer(f"[{dropped}]", text)])


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
            while end < len(text) and not _fold_char(text[end]):
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
