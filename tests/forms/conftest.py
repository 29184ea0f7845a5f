"""The service catalogue the forms' tests apply through, built with the factories.

`services`: two services of the default site's catalogue, in Arabic and English, whose request form is
the association's help request form: `.available` (its own reply period of 30 days, like the demo's
"rent-and-bills") and `.paused` (not taking requests, like the demo's "eid-clothing"). Made once per
module; each test reads them fresh.
"""

from types import SimpleNamespace

import pytest

from organisation.factories import english
from services.factories import ServiceCategoryFactory, ServiceIndexPageFactory, ServicePageFactory
from services.models import ServicePage
from tests.support.association import association
from tests.support.db import built_once

REPLY_PERIOD_DAYS = 30
ENGLISH = {
    "المساعدة في الإيجار والفواتير": "Help with rent and bills",
    "كسوة العيد": "Eid clothing",
    "يفتح التسجيل قبل شهر رمضان بأسبوعين.": "Registration opens two weeks before Ramadan.",
}


def build_services():
    """The two services, by primary key of their Arabic pages."""
    catalogue = ServiceIndexPageFactory(slug="services", english=True)
    form = association().forms["help-request"]
    category = ServiceCategoryFactory(english=True)
    available = ServicePageFactory(
        parent=catalogue, slug="rent-and-bills", title="المساعدة في الإيجار والفواتير", category=category,
        request_form=form, reply_period_days=REPLY_PERIOD_DAYS, english=ENGLISH,
    )  # fmt: skip
    paused = ServicePageFactory(
        parent=catalogue, slug="eid-clothing", title="كسوة العيد", category=category, request_form=form,
        status=ServicePage.Status.PAUSED, pause_reason="يفتح التسجيل قبل شهر رمضان بأسبوعين.", english=ENGLISH,
    )  # fmt: skip
    return {"available": available.pk, "paused": paused.pk}


@pytest.fixture(scope="module")
def _service_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_services)


@pytest.fixture
def services(db, _service_rows):
    """`.available` and `.paused` (Arabic), each with `.english` (its English translation)."""
    found = SimpleNamespace()
    for name, pk in _service_rows.items():
        page = ServicePage.objects.get(pk=pk)
        page.english = page.get_translation(english())
        setattr(found, name, page)
    return found
