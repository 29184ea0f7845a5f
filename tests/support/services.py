"""Helpers shared by the service catalog tests."""

from wagtail.models import Locale, Page

from services.models import BeneficiaryGroup, ServiceCategory, ServiceIndexPage, ServicePage


def service_index(language="ar") -> ServiceIndexPage:
    return ServiceIndexPage.objects.get(locale__language_code=language)


def service(slug, language="ar") -> ServicePage:
    return ServicePage.objects.get(locale__language_code=language, slug=slug)


def add_services(count, language="ar", **fields) -> list[ServicePage]:
    """Publish `count` more services, each with a category and two groups."""
    index = service_index(language)
    locale = Locale.objects.get(language_code=language)
    category = ServiceCategory.objects.filter(locale=locale).first()
    groups = list(BeneficiaryGroup.objects.filter(locale=Locale.get_default())[:2])
    pages = []
    for number in range(count):
        page = ServicePage(
            title=f"خدمة تجريبية {number}", slug=f"extra-{number}", summary="ملخص", category=category, **fields
        )
        page.beneficiary_groups = groups
        index.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    return pages


def stand_in_form(slug="help-request", language="ar") -> Page:
    """The page at `slug` under the home page: the demo's form if there is one, else a stand-in."""
    from home.models import StandardPage

    home = Page.objects.get(depth=2, locale__language_code=language)
    existing = Page.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    page = home.add_child(instance=StandardPage(title="طلب مساعدة", slug=slug))
    page.save_revision().publish()
    return page
