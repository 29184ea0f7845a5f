"""A returning family in the Arabic admin (the demo's returning applicant): its new request shows the family's
file, and a staff member records what the family received from there; the file's page then lists it, with axe
finding nothing."""

from tests.support.browser import run_axe, run_on_site, save_screenshot, sign_in_admin

A_RETURNING_FAMILY_FILES_AGAIN = """
from django.test import Client
from beneficiaries.demo import RETURNING_APPLICANT_ID, RETURNING_APPLICANT_NAME
from beneficiaries.models import BeneficiaryFile, FileRequest
from core.arabic import to_arabic_indic_digits
from forms.models import Submission
from tests.support.forms import help_request_data
family = BeneficiaryFile.objects.get(head_id=RETURNING_APPLICANT_ID)
arabic_digits = to_arabic_indic_digits(RETURNING_APPLICANT_ID)
typed = help_request_data(national_id=arabic_digits, full_name=RETURNING_APPLICANT_NAME)
response = Client().post("/ar/help-request/", typed)
assert response.status_code == 302, response.status_code
submission = Submission.objects.order_by("-pk").first()
assert FileRequest.objects.get(case_id=submission.pk).file_id == family.pk
print(submission.pk, family.pk, family.income_per_person())
"""


def test_a_returning_familys_request_shows_its_file_and_staff_record_a_delivery(page, site_url):
    case_pk, file_pk, per_person = run_on_site(A_RETURNING_FAMILY_FILES_AGAIN).splitlines()[-1].split()
    sign_in_admin(page, site_url)
    page.goto(f"{site_url}/admin/inbox/{case_pk}/")
    family = page.locator("section.inbox-family")
    assert family.is_visible() and "مريم صالح الجهني" in family.inner_text()  # the demo's returning applicant
    assert f"{per_person} ريال شهريًا" in family.inner_text()
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
