"""Latin runs inside Arabic text: references, links, phone numbers, amounts and dates.

In a right-to-left paragraph the bidirectional algorithm lets the neutral
characters around such a run (a link's last slash, the spaces of a phone
number, a hyphen at the end of a line) take the Arabic direction, and line
breaking may split a reference at its hyphen: "HR-" on one line, "2026-000013"
on the next, or a link's trailing slash shown before its start. So every such
run is marked once, here, for every message and page that quotes them:

- HTML: a left-to-right isolate (`<span dir="ltr">`) that does not wrap; a link
  is a real `<a href>` whose text may wrap only after a slash (a `<wbr>`), never
  at a hyphen, and is broken elsewhere only when one segment is wider than the
  line (`overflow-wrap: anywhere`, the last resort).
- Plain text (text email, subject, SMS): LRI U+2066 … PDI U+2069 around each
  run. Nothing is put *inside* a run (no non-breaking hyphen, no joiner), so a
  reference copied from a message is the reference as typed. A link's isolate
  closes after a space: phones make links of what follows "https://" up to the
  next space, and a PDI taken into the link would lead to a page that does not exist.

Pages style the classes (website/static/css/site.css, inbox/static/inbox/inbox.css);
an email has no stylesheet, so its marks carry the same rules inline.
"""

import re

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"  # pop directional isolate
# Every bidirectional formatting character: marks, embeddings, overrides and isolates.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

_ALNUM = "A-Za-z0-9"  # ASCII only: Arabic-Indic digits read right in Arabic text already
_URL = r"https?://[^\s<>\"'\u2066-\u2069]+"
_EMAIL = rf"[{_ALNUM}._%+-]+@[{_ALNUM}-]+(?:\.[{_ALNUM}-]+)+"
# Digit groups parted by single spaces: "+966 50 123 4567", "055 123 4567".
_SPACED_NUMBER = r"\+?[0-9]{2,4}(?: [0-9]{2,4}){2,3}(?![0-9])"
# Letters and digits joined by - / . : , _ without spaces: HR-2026-000013, 2026-01-05, 1,500.50, 10:30, +966501234567.
_TOKEN = rf"\+?[{_ALNUM}]+(?:[-/.:,_][{_ALNUM}]+)*%?"
RUN = re.compile(
    rf"(?<![{_ALNUM}])(?:(?P<link>{_URL})|(?P<email>{_EMAIL})|(?P<number>{_SPACED_NUMBER})|(?P<token>{_TOKEN}))"
)
HAS_DIGIT = re.compile("[0-9]")
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Punctuation that ends a sentence rather than a link: "…/link/17-ab/." or "…/17-ab/،".
_URL_TAIL = ".,;:!?'\"،؛)]}"

# The rules of the page stylesheets, written on each mark for email clients. A link's text is a
# little smaller there: its longest segment (the personal link's token) then fits a phone's line.
EMAIL_STYLE = {
    "run": "unicode-bidi:isolate;white-space:nowrap",
    "link": "unicode-bidi:isolate;overflow-wrap:anywhere;word-wrap:break-word;font-size:14px",
    "glue": "white-space:nowrap",
}


def strip_controls(text: str) -> str:
    """`text` without bidirectional formatting characters (a name cannot reverse the message around it)."""
    return BIDI_CONTROLS.sub("", text or "")


def runs(text: str):
    """(start, end, kind) of each run in `text`; kind is "link", "email", "number" or "token"."""
    for match in RUN.finditer(text or ""):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "link":
            end = start + len(_trim_url(match.group()))
        elif kind == "token" and not HAS_DIGIT.search(match.group()):
            continue  # a Latin word reads right on its own: only runs with digits are marked
        yield start, end, kind


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def isolate(text: str) -> str:
    """Plain text with each run between LRI and PDI (a run isolated already is left as it is)."""
    text = text or ""
    pieces, position = [], 0
    for start, end, kind in runs(text):
        closing = " " + PDI if kind == "link" else PDI
        if text[start - 1 : start] == LRI and text[end : end + len(closing)] == closing:
            continue
        pieces += [text[position:start], LRI, text[start:end], closing]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def reads_left_to_right(text: str) -> bool:
    """Whether `text` is a run with no right-to-left letter ("HR-2026-000013", "'+966505550123"): such a
    spreadsheet cell is given a left-to-right reading order, as its text cannot carry isolates."""
    return not RTL_LETTER.search(text or "") and any(runs(text))


def isolate_if_rtl(text: str) -> str:
    """`isolate(text)` in a right-to-left language (the active one); left-to-right text as it is."""
    return isolate(text) if translation.get_language_bidi() else text


def _attributes(css_class: str, inline_styles: bool) -> str:
    style = f' style="{EMAIL_STYLE[css_class]}"' if inline_styles else ""
    return f' class="ltr-{css_class}"{style}'


def _link_text(url: str, inline_styles: bool) -> str:
    """The link's text: a wrap opportunity after each slash, none after a hyphen."""
    glue = _attributes("glue", inline_styles)
    segments = []
    for segment in re.split(r"(?<=/)(?!/)", url):  # "https://" stays one segment
        if not segment:
            continue
        # "-a" kept together: the line cannot end at the hyphen, and the text stays as typed.
        parts = segment.split("-")
        marked = escape(parts[0])
        for part in parts[1:]:
            marked += f"<span{glue}>-{escape(part[:1])}</span>{escape(part[1:])}"
        segments.append(marked)
    return "<wbr>".join(segments)


def mark(text: str, *, links: bool = False, inline_styles: bool = False) -> SafeString:
    """Escaped HTML of plain `text` with every run marked; links become `<a href>` when `links`
    (only for text the association wrote: never make links of what an applicant typed)."""
    text = text or ""
    pieces, position = [], 0
    for start, end, kind in runs(text):
        pieces.append(escape(text[position:start]))
        run = text[start:end]
        if kind == "link":
            marked = _link_text(run, inline_styles)
            if links:
                pieces.append(f'<a href="{escape(run)}" dir="ltr"{_attributes("link", inline_styles)}>{marked}</a>')
            else:
                pieces.append(f'<span dir="ltr"{_attributes("link", inline_styles)}>{marked}</span>')
        else:
            pieces.append(f'<span dir="ltr"{_attributes("run", inline_styles)}>{escape(run)}</span>')
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of `text` was escaped above
