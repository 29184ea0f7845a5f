"""A returning family in the Arabic admin: its new request shows the family's file, and a staff member records
what the family received from there; the file's page then lists it, with axe finding nothing."""

from tests.support.browser import run_axe, run_on_site, save_screenshot, sign_in_admin

A_RETURNING_FAMILY_FILES_AGAIN = """
from decimal import Decimal
from django.test import Client
from beneficiaries.factories import BeneficiaryFileFactory, ExpenseFactory, HouseholdMemberFactory, IncomeFactory
from beneficiaries.models import FileRequest, FileStatus
from forms.models import Submission
from tests.support.forms import help_request_data
family = BeneficiaryFileFactory(head_name="سارة محمد العتيبي", head_id="1000000008", status=FileStatus.ACTIVE)
HouseholdMemberFactory(file=family, name="ريم", relation="daughter", sex="female")
IncomeFactory(file=family, monthly_amount=Decimal("3000"))
ExpenseFactory(file=family, monthly_amount=Decimal("1500"))
response = Client().post("/ar/help-request/", help_request_data())  # her ID, typed in Arabic-Indic digits
assert response.status_code == 302, response.status_code
submission = Submission.objects.order_by("-pk").first()
assert FileRequest.objects.get(case_id=submission.pk).file_id == family.pk
print(submission.pk, family.pk)
"""


def test_a_returning_familys_request_shows_its_file_and_staff_record_a_delivery(page, site_url):
    case_pk, file_pk = run_on_site(A_RETURNING_FAMILY_FILES_AGAIN).splitlines()[-1].split()
    sign_in_admin(page, site_url)
    page.goto(f"{site_url}/admin/inbox/{case_pk}/")
    family = page.locator("section.inbox-family")
    assert family.is_visible() and "سارة محمد العتيبي" in family.inner_text()
    assert "750.00 ريال شهريًا" in family.inner_text()  # (3000 - 1500) / 2 people
    family.scroll_into_view_if_needed()  # the admin scrolls its content, not the page: show the panel
    save_screenshot(page, "family-on-request-ar.png")

    family.locator(f"a[href*='/admin/beneficiaries/{file_pk}/deliveries/new/']").click()
    page.wait_for_url(f"**/admin/beneficiaries/{file_pk}/deliveries/new/**")
    page.select_option("select[name=service]", index=1)
    page.select_option("select[name=kind]", "cash")
    page.fill("input[name=amount]", "٥٠٠")  # Arabic-Indic digits, as typed on an Arabic keyboard
    page.select_option("select[name=fund]", index=1)
    page.select_option("select[name=delivered_by]", index=1)
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url(f"**/admin/beneficiaries/inspect/{file_pk}/")
    received = page.locator("section[aria-labelledby=file-deliveries]")
    assert "500" in received.inner_text()
    assert page.locator(".family-timeline").is_visible()
    received.scroll_into_view_if_needed()
    save_screenshot(page, "family-file-ar.png")
    assert run_axe(page) == []
