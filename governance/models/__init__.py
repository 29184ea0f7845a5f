"""Governance and disclosure (الحوكمة والشفافية): the pages, the structured board
data, the published documents and the list of what must be published.

Readers' texts live in translatable snippets (wagtail-localize); dates and
numbers are synchronised, so both languages always agree on them. Pages point
at the Arabic originals and show the reader's translation, as services do.

Every name is importable from `governance.models` (migrations name some of them by that path).
"""

# In this order, models register (and get their content types) as they did in one module.
# isort: off
from governance.models.settings import GovernanceSettings, fiscal_calendar
from governance.models.items import Area, DisclosureItem, source_items
from governance.models.dates import DualDateMixin, clean_fiscal_year
from governance.models.snippets import (
    AssemblyMeeting,
    BoardMember,
    Committee,
    DisclosureDocument,
    ExecutiveMember,
    localized_in,
    source_locale_only,
)
from governance.models.notices import DisclosureNotice
from governance.models.pages import (
    BOARD_CONTEXT,
    BoardPage,
    DisclosureListMixin,
    DisclosurePage,
    GeneralAssemblyPage,
    GovernanceIndexPage,
)

# isort: on
from governance.admin_forms import SameLocaleChoicesForm
from governance.pdf import check_pdf, document_details

__all__ = [
    "BOARD_CONTEXT",
    "Area",
    "AssemblyMeeting",
    "BoardMember",
    "BoardPage",
    "Committee",
    "DisclosureDocument",
    "DisclosureItem",
    "DisclosureListMixin",
    "DisclosureNotice",
    "DisclosurePage",
    "DualDateMixin",
    "ExecutiveMember",
    "GeneralAssemblyPage",
    "GovernanceIndexPage",
    "GovernanceSettings",
    "SameLocaleChoicesForm",
    "check_pdf",
    "clean_fiscal_year",
    "document_details",
    "fiscal_calendar",
    "localized_in",
    "source_items",
    "source_locale_only",
]
