"""The categories and beneficiary groups every association starts with, in Arabic with their English
translations: `create_default_facets(site)` gives a new association its own (the demo seeds the same)."""

from typing import NamedTuple

from django.db import transaction
from wagtail.models import Locale, Site

from core.localization import translate_with
from services.models import BeneficiaryGroup, ServiceCategory


class T(NamedTuple):
    ar: str
    en: str


CATEGORIES = [
    (
        "financial-aid",
        T("المساعدات المالية والعينية", "Financial and in-kind aid"),
        T("عون مباشر يسد حاجة الأسرة الأساسية.", "Direct help that covers a family's basic needs."),
    ),
    (
        "family-counselling",
        T("الإرشاد الأسري", "Family counselling"),
        T("جلسات مع مختصين تحفظ تماسك الأسرة.", "Sessions with specialists that keep families together."),
    ),
    (
        "empowerment",
        T("التأهيل والتمكين", "Rehabilitation and empowerment"),
        T("برامج تعين المستفيد على الاعتماد على نفسه.", "Programmes that help beneficiaries stand on their own feet."),
    ),
    (
        "seasonal",
        T("البرامج الموسمية", "Seasonal programmes"),
        T(
            "برامج في رمضان والأعياد وبداية العام الدراسي.",
            "Programmes for Ramadan, the Eids and the start of the school year.",
        ),
    ),
]
GROUPS = [
    ("families", T("الأسر المحتاجة", "Families in need")),
    ("orphans", T("الأيتام", "Orphans")),
    ("widows", T("الأرامل والمطلقات", "Widows and divorced women")),
    ("disabilities", T("ذوو الإعاقة", "People with disabilities")),
    ("patients", T("المرضى", "Patients")),
    ("elderly", T("كبار السن", "Older people")),
]


def _facet(model, site: Site, source: Locale, order: int, slug: str, name: T, description: T | None = None):
    """The association's facet of `slug` in Arabic, made when missing (one an administrator renamed is left
    as it is), with its English translation made when missing."""
    item = model.objects.for_site(site).filter(locale=source, slug=slug).first()
    if item is None:
        item = model(site=site, locale=source, slug=slug, name=name.ar, sort_order=order)
        item.description = description.ar if description else ""
        item.full_clean()
        item.save()
    english = Locale.objects.filter(language_code="en").first()
    if english is not None and item.get_translation_or_none(english) is None:
        strings = {name.ar: name.en}
        if description:
            strings[description.ar] = description.en
        translate_with(item, "en", strings)
    return item


def create_default_facets(site: Site) -> dict[str, dict]:
    """The standard categories and beneficiary groups of the association on `site`: {"categories": {slug:
    category}, "groups": {slug: group}} (the Arabic rows). Running it again changes nothing."""
    source = Locale.get_default()
    with transaction.atomic():
        categories = {
            slug: _facet(ServiceCategory, site, source, order, slug, name, description)
            for order, (slug, name, description) in enumerate(CATEGORIES)
        }
        groups = {
            slug: _facet(BeneficiaryGroup, site, source, order, slug, name) for order, (slug, name) in enumerate(GROUPS)
        }
    return {"categories": categories, "groups": groups}
