"""The import report: per section what was found, then what was not, shortened or left unplaced."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policies.importer.folding import fit
from policies.importer.results import KIND_LABELS, SECTION_KINDS, ParsedPolicy


def report_lines(parsed: ParsedPolicy) -> list[tuple[str, str]]:
    """(level "info" | "warning", sentence) lines: per section what was found, then what was not."""
    lines: list[tuple[str, str]] = []
    add = lines.append
    if parsed.removed.get("letterhead"):
        add(
            (
                "info",
                _("Letterhead and memo header: %(count)d lines removed.") % {"count": parsed.removed["letterhead"]},
            )
        )
    if parsed.removed.get("contents"):
        add(
            (
                "info",
                _n(
                    "Table of contents: %(count)d line removed.",
                    "Table of contents: %(count)d lines removed.",
                    parsed.removed["contents"],
                ),
            )
        )
    for section in parsed.sections:
        label = KIND_LABELS.get(section.kind, section.kind)
        counts = section.counts
        if section.kind == "objectives":
            detail = ", ".join(
                (
                    _n("%(count)d objective", "%(count)d objectives", counts["objectives"]),
                    _n("%(count)d sub-point", "%(count)d sub-points", counts["sub_points"]),
                )
            )
        elif section.kind == "channels":
            detail = ", ".join(
                (
                    _n("%(count)d channel", "%(count)d channels", counts["channels"]),
                    _n(
                        "%(count)d linked to this site's forms",
                        "%(count)d linked to this site's forms",
                        counts["linked"],
                    ),
                )
            )
        elif section.kind == "tools":
            detail = _n("%(count)d tool", "%(count)d tools", counts["tools"])
        elif section.kind == "procedure":
            detail = ", ".join(
                (
                    _n("%(count)d step", "%(count)d steps", counts["steps"]),
                    _n("%(count)d with a period", "%(count)d with a period", counts["periods"]),
                )
            )
        elif section.kind == "signatures":
            detail = _n("%(count)d line after the approval", "%(count)d lines after the approval", counts["lines"])
        elif section.kind == "approval":
            detail = _approval_detail(parsed.approval)
        else:
            detail = _n("%(count)d paragraph", "%(count)d paragraphs", counts.get("paragraphs", 0))
        how = _(" (recognised by its content)") if section.by_content else ""
        heading = f" “{section.heading}”" if section.heading and section.kind != "signatures" else ""
        add(("info", f"{label}{heading}{how}: {detail}"))
    found = {section.kind for section in parsed.sections}
    missing = [str(KIND_LABELS[kind]) for kind in SECTION_KINDS if kind not in found]
    if "approval" not in found:
        missing.append(str(KIND_LABELS["approval"]))
    if missing:
        add(("warning", _("Not found: %(sections)s.") % {"sections": ", ".join(missing)}))
    if "approval" in found:
        absent = [
            str(label)
            for key, label in (
                ("meeting_number", _("meeting number")),
                ("decision_number", _("decision number")),
                ("approval_date", _("date")),
            )
            if not parsed.approval.get(key)
        ]
        if absent:
            add(("warning", _("Board approval without: %(fields)s.") % {"fields": ", ".join(absent)}))
    for what, limit in parsed.shortened:
        add(
            (
                "warning",
                _("%(what)s was longer than %(limit)d characters: it was shortened at a word boundary.")
                % {"what": what.capitalize(), "limit": limit},
            )
        )
    if parsed.unplaced:
        add(
            (
                "warning",
                _n(
                    "%(count)d piece of text could not be placed; it is in the last block of the draft:",
                    "%(count)d pieces of text could not be placed; they are in the last block of the draft:",
                    len(parsed.unplaced),
                ),
            )
        )
        for piece in parsed.unplaced:
            add(("warning", "  – " + fit(piece, 80)))
    for warning in parsed.warnings:
        add(("warning", warning))
    return lines


def _n(singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count) % {"count": count}


def _approval_detail(approval: dict) -> str:
    parts = []
    if approval.get("approving_body"):
        parts.append(approval["approving_body"])
    if approval.get("meeting_number"):
        parts.append(_("meeting %(number)s") % {"number": approval["meeting_number"]})
    if approval.get("decision_number"):
        parts.append(_("decision %(number)s") % {"number": approval["decision_number"]})
    if approval.get("approval_date_hijri"):
        parts.append(_("%(date)s AH") % {"date": approval["approval_date_hijri"]})
    if approval.get("approval_date"):
        parts.append(_("%(date)s CE") % {"date": approval["approval_date"].isoformat()})
    return ", ".join(parts) or _("nothing read")
