"""Test factories for the service catalogue: categories and beneficiary groups (translatable snippets) of an
association (`site=`, default the default site), the catalogue's index page and service pages."""

import factory
from wagtail.models import Page

from organisation.factories import TranslatablePageFactory, TranslatableSnippetFactory, home_of, site_or_default
from services.models import BeneficiaryGroup, ServiceCategory, ServiceIndexPage, ServicePage

ENGLISH = {
    "تصنيف": "Category",
    "فئة": "Group",
    "خدماتنا": "Our services",
    "خدمة": "Service",
    "كل ما نقدمه للأسر المحتاجة.": "Everything we offer families in need.",
    "سلة غذائية شهرية للأسرة.": "A monthly food basket for the family.",
    "<p>تسلّم السلة من أقرب فرع.</p>": "<p>The basket is handed over at the nearest branch.</p>",
    "تسلّم السلة من أقرب فرع.": "The basket is handed over at the nearest branch.",
    "أن يكون المتقدم من سكان الرياض": "The applicant lives in Riyadh",
    "صورة الهوية": "A copy of the ID",
    "قدّم الطلب": "Send the request",
    "ندرس الطلب ونجيبك.": "We study the request and answer you.",
}


class FacetFactory(TranslatableSnippetFactory):
    """A category or beneficiary group of the association on `site` (default: the default site)."""

    class Meta:
        abstract = True

    site = factory.LazyFunction(site_or_default)


class ServiceCategoryFactory(FacetFactory):
    class Meta:
        model = ServiceCategory

    _english = ENGLISH

    name = factory.Sequence(lambda n: f"تصنيف {n}")
    slug = factory.Sequence(lambda n: f"category-f{n}")


class BeneficiaryGroupFactory(FacetFactory):
    class Meta:
        model = BeneficiaryGroup

    _english = ENGLISH

    name = factory.Sequence(lambda n: f"فئة {n}")
    slug = factory.Sequence(lambda n: f"group-f{n}")


def _site_of(page):
    """The site a page being made goes on: `site=`, else its parent's."""
    return page.site or page.parent.get_site() or site_or_default()


class ServiceIndexPageFactory(TranslatablePageFactory):
    """The catalogue (خدماتنا) under the home page of `site`."""

    class Meta:
        model = ServiceIndexPage

    _english = ENGLISH

    title = "خدماتنا"
    slug = factory.Sequence(lambda n: f"services-f{n}")
    intro = "كل ما نقدمه للأسر المحتاجة."


def catalogue_of(site=None) -> Page:
    """The service catalogue of `site` (default: the default site): its own, made when it has none."""
    home = home_of(site)
    return ServiceIndexPage.objects.child_of(home).first() or ServiceIndexPageFactory(parent=home)


class ServicePageFactory(TranslatablePageFactory):
    """A service in the catalogue of `site` (or under `parent=`), with a category of its own, conditions,
    documents and steps; `beneficiary_groups=[...]` (Arabic originals) and `request_form=` as editors choose."""

    class Meta:
        model = ServicePage

    _english = ENGLISH

    title = factory.Sequence(lambda n: f"خدمة {n}")
    slug = factory.Sequence(lambda n: f"service-f{n}")
    parent = factory.LazyAttribute(lambda page: catalogue_of(page.site))
    summary = "سلة غذائية شهرية للأسرة."
    description = "<p>تسلّم السلة من أقرب فرع.</p>"
    # A category of the page's own association: `site=`, else the parent's site.
    category = factory.SubFactory(
        ServiceCategoryFactory, site=factory.LazyAttribute(lambda category: _site_of(category.factory_parent))
    )
    eligibility = factory.LazyFunction(lambda: [("condition", "أن يكون المتقدم من سكان الرياض")])
    required_documents = factory.LazyFunction(
        lambda: [("document", {"name": "صورة الهوية", "required": True, "note": ""})]
    )
    steps = factory.LazyFunction(lambda: [("step", {"title": "قدّم الطلب", "description": "ندرس الطلب ونجيبك."})])
    beneficiary_groups = factory.LazyFunction(list)
