"""A staff member works a request in the Arabic admin: filters the overdue ones, opens one,
downloads its attachment and sends it to the research committee."""

from tests.support.browser import run_on_site, save_screenshot, sign_in_admin

FILE_AN_OVERDUE_REQUEST = """
import datetime
from django.test import Client
from django.utils import timezone
from forms.models import Submission
from inbox.models import Case
from tests.support.forms import help_request_data
response = Client().post("/ar/help-request/", help_request_data())
assert response.status_code == 302, response.status_code
submission = Submission.objects.order_by("-pk").first()
Case.objects.filter(pk=submission.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
print(submission.reference)
"""


def test_staff_work_an_overdue_request_in_arabic(page, site_url):
    reference = run_on_site(FILE_AN_OVERDUE_REQUEST).splitlines()[-1]
    run_on_site("import inbox.demo; inbox.demo.create_fake_requests(40)")
    sign_in_admin(page, site_url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(site_url + "/admin/inbox/?overdue=true")
    row = page.locator("tr", has_text=reference)
    assert row.is_visible()
    assert "1••••••••8" in row.inner_text() and "1000000008" not in page.content()
    save_screenshot(page, "inbox-ar.png")

    row.get_by_role("link", name=reference).click()
    page.wait_for_url("**/admin/inbox/*/")
    assert "سداد إيجار ثلاثة أشهر" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="id-copy.pdf").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The buttons carry translated labels; pick them by the move they make.
    page.locator("form.inbox-move:has(input[name=to][value=verification]) button").click()
    page.wait_for_load_state()
    page.locator("form.inbox-move:has(input[name=to][value=committee]) button").click()
    page.wait_for_load_state()
    assert page.locator(".inbox-facts [data-status=committee]").is_visible()
    assert page.locator(".inbox-timeline li[data-kind=download]").count() == 1
    assert page.locator(".inbox-timeline li[data-kind=move]").count() == 2
    save_screenshot(page, "inbox-case-ar.png")
