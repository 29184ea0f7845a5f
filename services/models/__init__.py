"""The service catalog: categories and beneficiary groups (translatable
snippets), the catalog's index page and one page per service.

Every model is importable from `services.models`, and `source_locale_only`, which migrations name by that path.
"""

from services.models.catalog import ServiceIndexPage
from services.models.facets import BeneficiaryGroup, Facet, ServiceCategory, source_locale_only
from services.models.service_page import ServicePage

__all__ = [
    "BeneficiaryGroup",
    "Facet",
    "ServiceCategory",
    "ServiceIndexPage",
    "ServicePage",
    "source_locale_only",
]
