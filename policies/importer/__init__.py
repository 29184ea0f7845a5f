"""Read a beneficiary relationship policy from a .txt, .docx or .pdf file.

Associations keep their policies as Word files made from a letterhead
template, and as PDFs exported from them. What comes out of such a file is
messy: the letterhead and the memo header (number, date, subject,
attachments) repeated on every page, a table of contents, words stretched
with kashida, Arabic presentation forms, a heading's colon at the wrong end,
list markers on either side of the item, justified lines whose words come out
in reverse order, headings broken over two lines, spelling variants.

The importer works in three steps:

1. read the file into text (`reading`);
2. normalise it, once, line by line (`arabic`, with `markers` for list markers);
3. recognise the sections by what their headings mean (`headings`) and, for a
   heading it does not know, by what the section holds (`contents`), read the
   board approval (`approval`), and keep whatever it cannot place in a marked
   block at the end (`parser`).

Every failure is a `PolicyImportError` (`results`) whose message is one
translated sentence; `report` says, per section, what was found and what was
not; `drafts` writes the draft page. `folding` holds the text comparisons they
all share. This package re-exports the public names of its modules.
"""

from policies.importer.approval import (
    HIJRI_OUT_OF_RANGE,
    approval_fields,
    meeting_number,
    ordinal_value,
    parse_approval,
)
from policies.importer.arabic import normalise_line, normalise_lines, repair_pdf_line
from policies.importer.contents import (
    CHANNEL_KEYWORDS,
    channel_kind,
    form_page_for,
    kind_by_content,
    period_days,
    step_role,
)
from policies.importer.drafts import create_draft, import_file, index_for
from policies.importer.folding import fit, fold
from policies.importer.headings import concept_of, heading_kind
from policies.importer.markers import split_bullet
from policies.importer.parser import parse
from policies.importer.reading import MAX_BYTES, MAX_DOCX_XML, MAX_PDF_PAGES, read_document, read_text
from policies.importer.report import report_lines
from policies.importer.results import (
    KIND_LABELS,
    LETTERHEAD_MARK,
    SECTION_KINDS,
    ParsedPolicy,
    PolicyImportError,
    SectionReport,
)

__all__ = [
    "CHANNEL_KEYWORDS",
    "HIJRI_OUT_OF_RANGE",
    "KIND_LABELS",
    "LETTERHEAD_MARK",
    "MAX_BYTES",
    "MAX_DOCX_XML",
    "MAX_PDF_PAGES",
    "SECTION_KINDS",
    "ParsedPolicy",
    "PolicyImportError",
    "SectionReport",
    "approval_fields",
    "channel_kind",
    "concept_of",
    "create_draft",
    "fit",
    "fold",
    "form_page_for",
    "heading_kind",
    "import_file",
    "index_for",
    "kind_by_content",
    "meeting_number",
    "normalise_line",
    "normalise_lines",
    "ordinal_value",
    "parse",
    "parse_approval",
    "period_days",
    "read_document",
    "read_text",
    "repair_pdf_line",
    "report_lines",
    "split_bullet",
    "step_role",
]
