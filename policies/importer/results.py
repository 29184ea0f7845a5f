"""What the importer gives back: its one error, the parsed policy and the report's section kinds."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

LETTERHEAD_MARK = "\ue000"  # a line the file itself says is letterhead (a Word header), not text


class PolicyImportError(Exception):
    """The file cannot become a policy; the message says why, for the person importing."""


SECTION_KINDS = ["preamble", "general_objective", "objectives", "channels", "tools", "procedure"]
KIND_LABELS = {
    "preamble": gettext_lazy("Preamble"),
    "general_objective": gettext_lazy("General objective"),
    "objectives": gettext_lazy("Detailed objectives"),
    "channels": gettext_lazy("Channels"),
    "tools": gettext_lazy("Tools"),
    "procedure": gettext_lazy("Procedure"),
    "approval": gettext_lazy("Board approval"),
    "signatures": gettext_lazy("Signatures"),
    "section": gettext_lazy("Other section"),
    "unplaced": gettext_lazy("Text not placed"),
}


@dataclass
class SectionReport:
    kind: str
    heading: str
    counts: dict = field(default_factory=dict)
    by_content: bool = False  # recognised by what it holds, not by its heading


@dataclass
class ParsedPolicy:
    title: str
    body: list = field(default_factory=list)  # (block type, value) pairs
    approval: dict = field(default_factory=dict)  # PolicyPage field values
    recognised: list = field(default_factory=list)  # section kinds, in document order
    warnings: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # SectionReport, in document order
    unplaced: list = field(default_factory=list)  # pieces of text kept in the last block
    shortened: list = field(default_factory=list)  # (what, limit) of values cut to fit
    removed: dict = field(default_factory=dict)  # "letterhead" / "contents": lines taken out
    source: str = "txt"
