"""A returning family's request shows its file on the request's page: household, income per person,
verification, earlier requests and their outcomes."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.factories import BeneficiaryFileFactory, ExpenseFactory, HouseholdMemberFactory, IncomeFactory
from beneficiaries.models import FileRequest, LinkedBy
from scripts.signin import sign_in
from tests.support.inbox import file_help_request, make_case

pytestmark = pytest.mark.django_db
SARA = "1000000008"


def request_page(client, case):
    response = client.get(reverse("inbox:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_returning_familys_request_shows_its_file(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_name="سارة العتيبي", head_id=SARA, next_verification=timezone.localdate())
    HouseholdMemberFactory(file=family)
    IncomeFactory(file=family, monthly_amount=Decimal("3000"))
    ExpenseFactory(file=family, monthly_amount=Decimal("1000"))
    earlier = make_case()
    FileRequest.objects.create(file=family, case=earlier, linked_by=LinkedBy.STAFF)

    case = file_help_request(client)
    sign_in(client, staff["relations"])
    page = request_page(client, case)
    assert "ملف الأسرة" in page and "سارة العتيبي" in page
    assert earlier.submission.reference in page
    assert "1000.00 ريال شهريًا" in page  # (3000 - 1000) / 2, a month
    assert reverse("beneficiaries:inspect", args=[family.pk]) in page


def test_a_first_request_says_the_family_has_no_file_yet(client, site_pages, staff):
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    assert "لا يوجد ملف للأسرة بعد" in request_page(client, case)


def test_other_kinds_of_request_show_no_family_panel(client, site_pages, staff):
    case = make_case("complaints")
    sign_in(client, staff["relations"])
    assert "ملف الأسرة" not in request_page(client, case)


def test_a_possible_duplicate_of_the_familys_file_is_flagged_on_the_request(client, site_pages, staff):
    family = BeneficiaryFileFactory(head_name="سارة العتيبي", head_id=SARA, mobile="+966505550777")
    twin = BeneficiaryFileFactory(head_name="أخرى", mobile="+966505550777")
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    page = request_page(client, case)
    assert reverse("beneficiaries:inspect", args=[twin.pk]) in page and "رقم الجوال نفسه" in page
    assert FileRequest.objects.get(case=case).file == family
