"""The family's page, a request's page with the family's summary and the search by a member's ID read the same
number of queries whatever the family holds: members, requests, documents, deliveries from several funds, plans
(bench/families.py measures the same pages with 100,000 families on PostgreSQL)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from beneficiaries import deliveries
from beneficiaries.factories import (
    BeneficiaryFileFactory,
    DeliveryFactory,
    FileDocumentFactory,
    HouseholdMemberFactory,
)
from beneficiaries.models import Delivery, DeliveryKind, DeliveryPlan, DocumentType, FileRequest, localize_names
from scripts.signin import sign_in
from services.factories import ServicePageFactory
from tests.support.inbox import make_case

pytestmark = pytest.mark.django_db


def family_of(size: int, service, funds):
    """A family with `size` of everything: members, requests, documents, deliveries (two funds), plans."""
    file = BeneficiaryFileFactory()
    members = [HouseholdMemberFactory(file=file) for _ in range(size)]
    cases = [make_case(applicant_national_id=file.head_id) for _ in range(size)]  # linked on arrival
    for index in range(size):
        FileDocumentFactory(file=file, document_type=DocumentType.LEASE, expires_on=timezone.localdate())
        DeliveryFactory(file=file, service=service, fund=funds[index % 2], case=cases[index])
        plan = DeliveryPlan(
            file=file, case=cases[index], service=service, fund=funds[index % 2], kind=DeliveryKind.IN_KIND,
            quantity=Decimal(1), unit="سلة", count=3, starts_on=timezone.localdate() + datetime.timedelta(days=3),
        )  # fmt: skip
        deliveries.schedule(plan, user=None)
    assert FileRequest.objects.filter(file=file).count() == size
    return file, members[0], cases[-1]


def queries(client, path) -> int:
    client.get(path)  # warm the per-request caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_the_family_pages_queries_do_not_grow_with_what_the_family_holds(client, site_pages, staff):
    service = ServicePageFactory(title="سلة غذائية")
    funds = list(deliveries.funds_for(site_pages["site"].pk)[:2])
    small, small_member, small_case = family_of(1, service, funds)
    large, large_member, large_case = family_of(6, service, funds)
    sign_in(client, staff["relations"])  # sees the documents, the deliveries and what is due

    def family_page(file):
        return reverse("beneficiaries:inspect", args=[file.pk])

    def search(member):
        return reverse("beneficiaries:index") + f"?q={member.id_number}"

    def request_page(case):
        return reverse("inbox:detail", args=[case.pk])

    assert queries(client, family_page(large)) == queries(client, family_page(small))
    assert queries(client, request_page(large_case)) == queries(client, request_page(small_case))
    assert queries(client, search(large_member)) == queries(client, search(small_member))
    page = client.get(search(large_member)).content.decode()
    assert large.head_id in page and small.head_id not in page


def test_service_and_fund_names_are_read_in_the_staff_members_language_once_for_a_whole_list(site_pages):
    """The names a list shows are those each row would read on its own (the English translation when there is
    a live one), read in at most three queries however long the list."""
    funds = list(deliveries.funds_for(site_pages["site"].pk)[:2])
    translated, untranslated = ServicePageFactory(english=True), ServicePageFactory()
    file = BeneficiaryFileFactory()
    for index in range(4):
        DeliveryFactory(file=file, service=(translated, untranslated)[index % 2], fund=funds[index % 2])
    for language in ("en", "ar"):
        with translation.override(language):
            rows = list(Delivery.objects.filter(file=file).select_related("fund", "service"))
            one_by_one = [(row.service.localized.title, row.fund.localized.name) for row in rows]
            with CaptureQueriesContext(connection) as captured:
                localize_names(rows)
            assert [(row.service_name, row.fund.shown) for row in rows] == one_by_one
            assert len(captured) <= 3
            if language == "en":
                english = dict(one_by_one)
                assert english.get(translated.localized.title) == "Zakat" and untranslated.title in english
