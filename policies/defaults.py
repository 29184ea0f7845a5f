"""The policy categories every association starts with, in Arabic with their English translations:
`create_default_categories(site)` gives a new association its own (the demo seeds the same)."""

from django.db import transaction
from wagtail.models import Locale, Site

from core.localization import translate_with
from policies.models import PolicyCategory

# (key, Arabic, English): the key names a category for the demo's policies, it is stored nowhere.
CATEGORIES = [
    ("governance", "الحوكمة", "Governance"),
    ("beneficiaries", "المستفيدون", "Beneficiaries"),
    ("finance", "المالية", "Finance"),
    ("hr", "الموارد البشرية", "Human resources"),
]


def create_default_categories(site: Site) -> dict[str, PolicyCategory]:
    """The standard policy categories of the association on `site`, {key: category} (the Arabic rows): each
    made when the association has none of that name, with its English translation when missing. Running it
    again changes nothing."""
    source = Locale.get_default()
    english = Locale.objects.filter(language_code="en").first()
    found = {}
    with transaction.atomic():
        for order, (key, arabic, in_english) in enumerate(CATEGORIES, start=1):
            category = PolicyCategory.objects.for_site(site).filter(locale=source, name=arabic).first()
            if category is None:
                category = PolicyCategory.objects.create(site=site, locale=source, name=arabic, sort_order=order)
            if english is not None and category.get_translation_or_none(english) is None:
                translate_with(category, "en", {arabic: in_english})
            found[key] = category
    return found
