"""The whole document: furniture out, headings mended, sections found and made blocks, lists and
paragraphs joined, the approval read, and what cannot be placed kept in a block at the end."""

import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from policies.importer.approval import approval_fields, find_dates, has_approval_data, parse_approval
from policies.importer.arabic import normalise_lines
from policies.importer.contents import channel_kind, form_page_for, kind_by_content, period_days, step_role
from policies.importer.folding import DIGIT, TERMINAL, fit, fold, strip_end
from policies.importer.headings import heading_kind, heading_text, inline_heading
from policies.importer.markers import (
    TOC_HEADINGS,
    TOC_LINE,
    TOC_LINE_PDF,
    is_latin_only,
    is_letterhead,
    memo_label,
    memo_subject,
    split_bullet,
)
from policies.importer.results import LETTERHEAD_MARK, ParsedPolicy, PolicyImportError, SectionReport


# Paragraphs and list items, joined across the lines a document broke them into.
@dataclass
class _Item:
    text: str
    marker: str | None
    indent: int
    sub: list = field(default_factory=list)


def _paragraphs(lines: list[str]) -> list[str]:
    """Join broken lines: a paragraph goes on until a line ends a sentence."""
    paragraphs, current = [], []
    for line in lines:
        if not line:
            continue
        current.append(split_bullet(line)[1] if split_bullet(line)[0] else line)
        if line.endswith(TERMINAL):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _items(raw_lines: list[tuple[int, str]]) -> list[_Item]:
    """List items with their sub-points, joining lines broken across items."""
    items: list[_Item] = []
    for indent, line in raw_lines:
        if not line:
            continue
        marker, text = split_bullet(line)
        if marker is None and items:
            items[-1].text += " " + text  # a broken line: the sentence goes on
            continue
        items.append(_Item(text, marker, indent))
    if not items:
        return []
    # A piece of a sentence the word processor made into a bullet of its own:
    # in a list whose items end with a full stop, an item without one goes on
    # in the next unnumbered item.
    ended = sum(item.text.endswith(TERMINAL) for item in items) / len(items)
    if ended >= 0.6:
        joined = [items[0]]
        for item in items[1:]:
            previous = joined[-1]
            if not previous.text.endswith(TERMINAL) and item.marker != "number":
                previous.text += " " + item.text
            else:
                joined.append(item)
        items = joined
    # Sub-points: the items after one that ends "…as follows:", or indented further.
    nested: list[_Item] = []
    parent, opens = None, False
    for item in items:
        if parent is not None:
            # Where sub-points are indented (Word's list levels), coming back to the parent's level ends them.
            indented = any(sub.indent >= parent.indent + 2 for sub in parent.sub)
            if item.indent >= parent.indent + 2 or (opens and not (indented and item.indent <= parent.indent)):
                parent.sub.append(item)
                continue
        nested.append(item)
        parent, opens = item, item.text.rstrip(" -").endswith(":")
    return nested


def _rich(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


class _Parser:
    def __init__(self, text: str, locale_code: str, source: str):
        self.locale_code = locale_code
        self.policy = ParsedPolicy(title="", source=source)
        self.lines = normalise_lines(text, source)

    # 1. Letterhead, memo header and table of contents go; the memo subject may give the title.
    def strip_furniture(self):
        counts: dict = {}
        known = {fold(line) for _indent, line in self.lines if line.startswith(LETTERHEAD_MARK)}
        self.lines = [(indent, line) for indent, line in self.lines if not line.startswith(LETTERHEAD_MARK)]
        for _indent, line in self.lines:
            if line and not split_bullet(line)[0]:
                counts[fold(line)] = counts.get(fold(line), 0) + 1
        kept, subject, in_toc, letterhead, contents = [], "", False, 0, 0
        # A memo field counts only beside another one ("التاريخ:" alone may be the approval's date).
        filled = [(i, memo_label(line)) for i, (_indent, line) in enumerate(self.lines) if line]
        memo = set()
        for position, (index, label) in enumerate(filled):
            near = filled[max(0, position - 3) : position + 4]
            if label and any(other and other != label for _i, other in near):
                memo.add(index)
        previous_letterhead = False
        for index, (indent, line) in enumerate(self.lines):
            if not line:
                kept.append((indent, line))
                continue
            key = fold(line)
            if key in TOC_HEADINGS or fold(heading_text(line)) in TOC_HEADINGS:
                in_toc, contents = True, contents + 1
                continue
            if TOC_LINE.match(line) or TOC_LINE_PDF.match(line):
                contents += 1
                continue
            if in_toc:
                # A contents entry without leaders: a section's name and its page number.
                if (
                    re.search(rf"(^|\s)\(?[{DIGIT}]{{1,3}}\)?$|^\(?[{DIGIT}]{{1,3}}\)?\s", line)
                    and len(key.split()) <= 12
                ):
                    contents += 1
                    continue
                in_toc = False
            # An English line in an Arabic document: the letterhead's, when it repeats or sits in it.
            latin = (
                is_latin_only(line) and self.locale_code == "ar" and (counts.get(key, 0) >= 2 or previous_letterhead)
            )
            if key in known or index in memo or is_letterhead(line) or latin:
                subject = subject or memo_subject(line)
                letterhead += 1
                previous_letterhead = True
                continue
            previous_letterhead = False
            # The association's name and slogan repeated at the top of every page.
            if counts.get(key, 0) >= 3 and len(key.split()) <= 10 and not heading_kind(line):
                letterhead += 1
                continue
            kept.append((indent, line))
        self.lines = kept
        self.subject = subject
        self.policy.removed = {"letterhead": letterhead, "contents": contents}

    # 2. Headings broken over two lines are joined; "heading: text" is split.
    def mend_headings(self):
        lines, i = [], 0
        source = self.lines
        while i < len(source):
            indent, line = source[i]
            following = next((j for j in range(i + 1, len(source)) if source[j][1]), None)
            if (
                line
                and following is not None
                and following - i <= 2
                and not line.endswith(TERMINAL + ("،",))
                and not split_bullet(line)[0]
                and len(line.split()) <= 8
            ):
                nxt = source[following][1]
                joined = f"{line} {nxt}"
                # The second half closes the heading (its colon) without meaning a section of its own,
                # and only the two halves together name a section.
                next_kind = heading_kind(nxt)
                closes = nxt.endswith((":", ":-", ": -")) and not split_bullet(nxt)[0] and len(nxt.split()) <= 10
                joined_kind = heading_kind(joined)
                if (
                    closes
                    and (next_kind is None or next_kind[0] == "section")
                    and joined_kind is not None
                    and joined_kind[0] != "section"
                ):
                    lines.append((indent, joined))
                    i = following + 1
                    continue
            inline = inline_heading(line) if line else None
            if inline:
                _kind, heading, rest = inline
                lines.append((indent, heading + ":"))
                lines.append((indent, rest))
                i += 1
                continue
            lines.append((indent, line))
            i += 1
        self.lines = lines

    # 3. Sections.
    def split_sections(self):
        title_lines: list[str] = []
        sections: list[list] = []  # [kind, heading, lines]
        for indent, line in self.lines:
            in_list = bool(sections) and any(split_bullet(text)[0] for _i, text in sections[-1][2][-3:] if text)
            heading = heading_kind(line, in_list=in_list) if line else None
            if heading and heading[0] == "section" and not sections:
                heading = None  # a heading before any section is the title's
            if heading and heading[0] == "contents":
                heading = None
            if heading:
                sections.append([heading[0], heading[1], []])
            elif sections:
                sections[-1][2].append((indent, line))
            elif line:
                title_lines.append(re.sub(r"^#+\s*", "", line).strip())
        # A heading repeated with nothing under it (a page header): dropped.
        sections = [s for s in sections if any(text for _i, text in s[2]) or s[0] in ("approval", "signatures")]
        return title_lines, sections

    def choose_title(self, title_lines: list[str]) -> str:
        title, rest = "", []
        start = next((i for i, line in enumerate(title_lines) if "سياسه" in fold(line)), 0 if title_lines else None)
        if start is not None:
            title = title_lines[start]
            after = start + 1
            # A title written on two lines ("سياسة" / "تنظيم العلاقة مع المستفيدين").
            if after < len(title_lines) and len(fold(title).split()) <= 3 and not title.endswith(TERMINAL):
                title = f"{title} {title_lines[after]}"
                after += 1
            rest = title_lines[:start] + title_lines[after:]
        if not title and self.subject:
            title = self.subject
        seen = {fold(title)}
        for line in rest:
            if fold(line) not in seen and fold(line) not in fold(title):
                self.policy.unplaced.append(line)
                seen.add(fold(line))
        title = strip_end(re.sub(r"^\((.*)\)$", r"\1", title)) or str(_("Imported policy"))
        if len(title) > 255:
            self.policy.shortened.append((str(_("the title")), 255))
            self.policy.unplaced.append(title)
            title = fit(title, 255)
        return title

    def run(self) -> ParsedPolicy:
        self.strip_furniture()
        self.mend_headings()
        title_lines, sections = self.split_sections()
        policy = self.policy
        if not any(kind not in ("section", "signatures") for kind, _h, _l in sections):
            raise PolicyImportError(
                _(
                    "No section of a policy was recognised (preamble, objectives, channels, procedure…)."
                    " Nothing was created."
                )
            )
        policy.title = self.choose_title(title_lines)
        title_key = fold(policy.title)
        seen: set = set()
        signatures: list[str] = []
        for kind, heading, section_lines in sections:
            # The title repeated as a page header is dropped.
            section_lines = [(i, text) for i, text in section_lines if not (text and fold(text) == title_key)]
            text_lines = [text for _i, text in section_lines]
            by_content = False
            if kind == "section" and "approval" not in seen:
                items = [split_bullet(text)[1] for text in text_lines if text and split_bullet(text)[0]]
                guessed = kind_by_content(items)
                if guessed and guessed not in seen:
                    kind, by_content = guessed, True
                elif self._approval_paragraph(text_lines):
                    kind, by_content = "approval", True
            if kind == "approval":
                rest = self.read_approval(heading, text_lines, by_content)
                seen.add("approval")
                signatures += rest
                continue
            if kind == "signatures":
                signatures += [text for text in text_lines if text]
                continue
            if kind in seen:
                kind = "section"  # a second preamble or channel list: keep it, as a free section
            block, counts = self.block(kind, heading, section_lines, text_lines)
            if block is None:
                continue
            seen.add(block[0])
            policy.recognised.append(block[0])
            policy.body.append(block)
            policy.sections.append(SectionReport(block[0], heading, counts, by_content))
        if signatures:
            self.add_signatures(signatures)
        if policy.unplaced:
            with translation.override(self.locale_code):
                heading = str(_("Text not placed: move it to its section or delete it"))
            policy.body.append(("section", {"heading": heading, "text": _rich(policy.unplaced)}))
        return policy

    def _approval_paragraph(self, text_lines: list[str]) -> bool:
        key = fold(" ".join(text_lines))
        return bool(re.search(r"\bاعتمد|\bاعتماد|\bصادق", key)) and bool(find_dates(" ".join(text_lines)))

    def read_approval(self, heading: str, text_lines: list[str], by_content: bool) -> list[str]:
        """Fill the approval fields; return the lines after the approval (signatures and names)."""
        paragraphs = _paragraphs([text for text in text_lines if text])
        data_index = [i for i, p in enumerate(paragraphs) if has_approval_data(p)]
        if not data_index:
            # Nothing to read: keep the text as a free section.
            if paragraphs:
                self.policy.body.append(("section", {"heading": heading, "text": _rich(paragraphs)}))
                self.policy.sections.append(SectionReport("section", heading, {"paragraphs": len(paragraphs)}))
                self.policy.recognised.append("section")
            return []
        first, last = data_index[0], data_index[-1]
        found = parse_approval(" ".join(paragraphs[first : last + 1]))
        self.policy.approval.update(approval_fields(found, self.policy.warnings))
        self.policy.recognised.append("approval")
        self.policy.sections.append(SectionReport("approval", heading, {}, by_content))
        self.policy.unplaced += paragraphs[:first]
        # After the approval paragraph: names, titles and signatures, one per line.
        after = []
        consumed = " ".join(paragraphs[: last + 1])
        for line in text_lines:
            if line and fold(line) not in fold(consumed):
                after.append(line)
        return after

    def add_signatures(self, lines: list[str]):
        lines = [re.sub(r"\s*[.…_]{3,}\s*", " ", line).strip(" :") for line in lines]
        lines = [line for line in lines if fold(line)]
        if not lines:
            return
        with translation.override(self.locale_code):
            heading = str(_("Signatures"))
        self.policy.body.append(("section", {"heading": heading, "text": _rich(lines)}))
        self.policy.recognised.append("signatures")
        self.policy.sections.append(SectionReport("signatures", heading, {"lines": len(lines)}))

    def heading_value(self, heading: str) -> str:
        if len(heading) > 200:
            self.policy.shortened.append((str(_("a section heading")), 200))
            self.policy.unplaced.append(heading)
            return fit(heading, 200)
        return heading

    def block(self, kind, heading, section_lines, text_lines):
        heading = self.heading_value(heading)
        if kind in ("preamble", "general_objective", "section"):
            paragraphs = _paragraphs(text_lines)
            if not paragraphs:
                return None, {}
            return (kind, {"heading": heading, "text": _rich(paragraphs)}), {"paragraphs": len(paragraphs)}
        marked = [line for _indent, line in section_lines if line and split_bullet(line)[0]]
        if not marked:
            # A list whose markers were lost (Word paragraphs, a PDF): one item a line.
            lines = [(indent, "- " + line) for indent, line in section_lines if line]
            if not lines or any(len(line.split()) > 25 for _indent, line in lines):
                paragraphs = _paragraphs(text_lines)
                if not paragraphs:
                    return None, {}
                block = ("section", {"heading": heading, "text": _rich(paragraphs)})
                return block, {"paragraphs": len(paragraphs)}
            section_lines = lines
        else:
            # An introductory sentence before the first item is kept for the editor, not made an item.
            first = next(i for i, (_indent, line) in enumerate(section_lines) if line and split_bullet(line)[0])
            intro = _paragraphs([line for _indent, line in section_lines[:first]])
            self.policy.unplaced += intro
            section_lines = section_lines[first:]
        items = _items(section_lines)
        if kind == "objectives":
            value = [{"text": strip_end(i.text), "sub_points": [strip_end(s.text) for s in i.sub]} for i in items]
            counts = {"objectives": len(value), "sub_points": sum(len(v["sub_points"]) for v in value)}
            return ("objectives", {"heading": heading, "items": value}), counts
        flat = [item for top in items for item in (top, *top.sub)]
        if kind == "channels":
            channels = []
            for item in flat:
                name, description = strip_end(item.text), ""
                if len(name) > 200:
                    self.policy.shortened.append((str(_("a channel's name")), 200))
                    name, description = fit(name, 200), name  # the whole text stays in the description
                channel_type = channel_kind(name)
                channels.append(
                    {
                        "kind": channel_type,
                        "name": name,
                        "description": description,
                        "page": form_page_for(channel_type, self.locale_code),
                        "contact": "",
                    }
                )
            counts = {"channels": len(channels), "linked": sum(c["page"] is not None for c in channels)}
            return ("channels", {"heading": heading, "channels": channels}), counts
        if kind == "tools":
            tools = [strip_end(item.text) for item in flat]
            return ("tools", {"heading": heading, "items": tools}), {"tools": len(tools)}
        steps = [
            {"text": strip_end(item.text) + ".", "role": step_role(item.text), "period_days": period_days(item.text)}
            for item in flat
        ]
        counts = {"steps": len(steps), "periods": sum(bool(step["period_days"]) for step in steps)}
        return ("procedure", {"heading": heading, "steps": steps}), counts


def parse(text: str, locale_code: str = "ar", source: str = "txt") -> ParsedPolicy:
    return _Parser(text, locale_code, source).run()
