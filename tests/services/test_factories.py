"""services.factories: categories and beneficiary groups in both languages, each site's catalogue, services."""

import pytest

from forms.factories import FormPageFactory
from forms.kinds import FormKind
from home.factories import SiteFactory
from organisation.factories import english
from services.factories import (
    BeneficiaryGroupFactory,
    ServiceCategoryFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    catalogue_of,
)
from services.models import ServiceIndexPage, ServicePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory_class", [ServiceCategoryFactory, BeneficiaryGroupFactory])
def test_facets_are_translated_with_their_slug_kept(factory_class):
    facet = factory_class(english=True)
    facet.full_clean()
    translated = facet.english
    assert translated.locale == english() and translated.translation_key == facet.translation_key
    assert translated.slug == facet.slug and translated.sort_order == facet.sort_order
    assert translated.name != facet.name and "[en]" not in translated.name


def test_a_service_in_its_sites_catalogue_in_both_languages(client):
    site = SiteFactory()
    groups = [BeneficiaryGroupFactory(english=True), BeneficiaryGroupFactory()]
    form = FormPageFactory(site=site, kind=FormKind.HELP_REQUEST, english=True)
    ServiceIndexPageFactory(site=site, english=True)
    service = ServicePageFactory(site=site, beneficiary_groups=groups, request_form=form,
                                 category=ServiceCategoryFactory(english=True), english=True)  # fmt: skip
    service.full_clean()
    assert service.get_parent().specific_class is ServiceIndexPage and service.get_site() == site
    assert set(service.beneficiary_groups.all()) == set(groups)
    assert service.accepts_requests and service.apply_url == f"{form.url}?service={service.pk}"
    translated = service.english
    assert translated.summary == "A monthly food basket for the family."
    assert translated.get_parent().pk == service.get_parent().get_translation(english()).pk
    assert set(translated.beneficiary_groups.all()) == set(groups)  # the Arabic originals, as in the admin
    assert translated.localized_request_form.pk == form.english.pk
    response = client.get(f"/en/{translated.get_parent().slug}/{translated.slug}/", HTTP_HOST=site.hostname)
    assert response.status_code == 200 and "A monthly food basket" in response.content.decode()


def test_each_site_has_its_own_catalogue():
    first, second = SiteFactory(organisation=False), SiteFactory(organisation=False)
    one, other = ServicePageFactory(site=first), ServicePageFactory(site=second)
    assert one.get_parent().pk == catalogue_of(first).pk != catalogue_of(second).pk == other.get_parent().pk
    assert ServicePageFactory(site=first).get_parent().pk == one.get_parent().pk  # the catalogue is reused
    assert ServicePage.objects.child_of(catalogue_of(second)).count() == 1


def test_a_paused_service():
    paused = ServicePageFactory(status=ServicePage.Status.PAUSED, pause_reason="يفتح التسجيل قبل رمضان.")
    assert not paused.accepts_requests and paused.apply_url is None
