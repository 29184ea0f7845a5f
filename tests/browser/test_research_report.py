"""The research report on a phone in the field (412 px, Arabic, touch): the request's researcher opens it from the
request's page, types answers, reloads the page (the connection dropped: what was typed comes back, with a
notice), submits it, and the request's page shows the recommendation; no sideways scrolling, axe finding nothing."""

import pytest

from tests.support.browser import (
    ADMIN_PASSWORD,
    answer_every_question,
    run_axe,
    run_on_site,
    save_screenshot,
    scrolls_sideways,
    sign_in_admin,
)

RESEARCHER_KEY = "3939393939393939393939393939393939393939"  # the researcher's authenticator app
PHONE_412 = {"width": 412, "height": 915}

A_REQUEST_WITH_ITS_RESEARCHER = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from forms.kinds import FormKind
from forms.pages import FormPage
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
User = get_user_model()
researcher, _ = User.objects.get_or_create(username="field-researcher", defaults={{"first_name": "نورة"}})
researcher.set_password("{password}")
researcher.save()
researcher.groups.add(Group.objects.get(name="Social researchers"))
TOTPDevice.objects.get_or_create(user=researcher, name="app", defaults={{"key": "{key}", "confirmed": True}})
form = FormPage.objects.filter(kind=FormKind.HELP_REQUEST, locale__language_code="ar").first()
case = CaseFactory(status=Status.RESEARCH, form_page=form, researcher=researcher)
assert case.researcher_id == researcher.pk
print(case.pk)
"""


@pytest.fixture
def phone_412(browser):
    context = browser.new_context(
        locale="ar-SA", viewport=PHONE_412, is_mobile=True, has_touch=True, bypass_csp=True
    )  # fmt: skip  -- axe is injected; the page's own JS is a file
    page = context.new_page()
    yield page
    context.close()


def test_a_researcher_writes_the_report_on_a_phone_and_keeps_it_through_a_reload(phone_412, site_url):
    page = phone_412
    case_pk = run_on_site(A_REQUEST_WITH_ITS_RESEARCHER.format(password=ADMIN_PASSWORD, key=RESEARCHER_KEY))
    case_pk = case_pk.splitlines()[-1]
    sign_in_admin(page, site_url, username="field-researcher", key=RESEARCHER_KEY, next_path=f"/admin/inbox/{case_pk}/")
    page.get_by_role("link", name="اكتب تقرير البحث").click()
    page.wait_for_url(f"**/admin/research/requests/{case_pk}/reports/*/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert not scrolls_sideways(page)

    first_answer = page.locator("fieldset.research-report__group textarea").first
    first_answer.fill("شقة إيجار في الدور الثاني")
    page.wait_for_timeout(200)
    page.reload()  # the page closed or the connection dropped before anything was saved on the server
    assert first_answer.input_value() == "شقة إيجار في الدور الثاني"
    assert page.locator("[data-restored-notice]").is_visible()

    answer_every_question(page)
    first_answer.fill("شقة إيجار في الدور الثاني")
    page.locator("input[name=recommendation][value=accept]").check()
    page.select_option("select[name=service]", index=1)
    page.fill("input[name=amount]", "٣٬٠٠٠")  # Arabic-Indic digits, as typed on an Arabic keyboard
    page.fill("input[name=duration_months]", "٦")
    assert not scrolls_sideways(page)
    save_screenshot(page, "research-report-phone-ar.png")
    assert run_axe(page) == []

    page.get_by_role("button", name="إرسال التقرير").click()
    page.wait_for_url(f"**/admin/inbox/{case_pk}/")
    reports = page.locator("section.research-reports")
    assert "القبول" in reports.inner_text() and "3000" in reports.inner_text()
    # Submitted: the copy kept on the device is gone.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('research-report:')).length") == 0
