"""The whole path of a help request through research and the committee, in Arabic: the applicant files it on the
public form; its social researcher writes the report on a 412 px phone, recommending acceptance, and sends it to
the committee; on a desktop the committee's secretary makes a session, puts the request on its agenda, records who
attends, opens the session, records the acceptance and closes it, and downloads the minutes made on closing; the
applicant's personal link then shows the request accepted. Axe finds nothing on any page, and no phone page scrolls
sideways.

Everything here is the test's own (its request, with an ID no other test uses, its staff and its session), so the
other browser tests on the same demo site neither see nor change it."""

import datetime
import io
import re
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from beneficiaries.identity import national_id_for
from tests.support.browser import (
    ADMIN_PASSWORD,
    answer_every_question,
    run_axe,
    run_on_site,
    save_screenshot,
    scrolls_sideways,
    sign_in_admin,
)

RESEARCHER_KEY = "3737373737373737373737373737373737373737"  # noqa: S105 - the test researcher's authenticator app
SECRETARY_KEY = "3838383838383838383838383838383838383838"  # noqa: S105 - the test secretary's
PHONE_412 = {"width": 412, "height": 915}
DESKTOP = {"width": 1280, "height": 900}
APPLICANT_NUMBER = 72700031  # national_id_for gives the applicant an ID no other test uses
MEMBERS = ["خالد الاختبار", "منى الاختبار"]  # the chair and the other member invited, by their full names

# The applicant files through the public form (its POST, as test_followup files one); verification refers the
# request to the test's researcher; the secretary and the two members invited are the test's own staff.
FILE_AND_REFER = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from beneficiaries.identity import national_id_for
from forms.models import Notification, Submission
from inbox import services
from inbox.lifecycle import Status
from tests.support.forms import help_request_data
User = get_user_model()
def person(username, first_name, group, key=None):
    user, _ = User.objects.get_or_create(username=username, defaults={{"first_name": first_name,
                                                                       "last_name": "الاختبار"}})
    user.set_password("{password}")
    user.save()
    user.groups.add(Group.objects.get(name=group))
    if key:
        TOTPDevice.objects.get_or_create(user=user, name="app", defaults={{"key": key, "confirmed": True}})
    return user
researcher = person("path-researcher", "ريم", "Social researchers", "{researcher_key}")
person("path-secretary", "أمل", "Committee secretaries", "{secretary_key}")
person("path-chair", "خالد", "Research committee")
person("path-member", "منى", "Research committee")
data = help_request_data(full_name="مريم عبدالرحمن القرني", national_id=national_id_for({applicant_number}))
response = Client().post("/ar/help-request/", data)
assert response.status_code == 302, response.status_code
submission = Submission.objects.order_by("-pk").first()
admin = User.objects.get(username="admin")
services.make_move(submission.pk, Status.VERIFICATION, user=admin)
services.make_move(submission.pk, Status.RESEARCH, user=admin, researcher=researcher,
                  reason="زيارة منزلية لتقدير الحاجة")
print("CASE=%s" % submission.pk)
print("REFERENCE=%s" % submission.reference)
print("SMS=" + Notification.objects.get(submission=submission, event="acknowledgement", channel="applicant_sms").body)
"""


def context_of(browser, viewport, **phone):
    # bypass_csp: axe is injected into the page (the site's own scripts are files)
    return browser.new_context(locale="ar-SA", viewport=viewport, bypass_csp=True, **phone)


def file_and_refer():
    output = run_on_site(FILE_AND_REFER.format(password=ADMIN_PASSWORD, researcher_key=RESEARCHER_KEY,
                                               secretary_key=SECRETARY_KEY,
                                               applicant_number=APPLICANT_NUMBER))  # fmt: skip
    found = {key: re.search(rf"^{key}=(.*)$", output, re.M).group(1) for key in ("CASE", "REFERENCE", "SMS")}
    link = re.search(r"https?://[^/\s]+(/ar/track-request/link/[0-9]+-[0-9a-f]{32}/)", found["SMS"])
    assert link, found["SMS"]
    return {"case": found["CASE"], "reference": found["REFERENCE"], "status_path": link.group(1)}


@pytest.fixture
def phone_412(browser):
    context = context_of(browser, PHONE_412, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = context_of(browser, DESKTOP)
    yield context.new_page()
    context.close()


def test_a_request_goes_from_the_researcher_s_phone_through_a_session_to_the_applicant_s_link(
    phone_412, desktop, site_url
):
    filed = file_and_refer()
    report_and_send_to_committee(phone_412, site_url, filed)
    hold_a_session_that_accepts(desktop, site_url, filed)
    applicant_sees_the_acceptance(phone_412, site_url, filed)


def report_and_send_to_committee(phone_412, site_url, filed):
    page, case = phone_412, filed["case"]
    sign_in_admin(page, site_url, username="path-researcher", key=RESEARCHER_KEY, next_path=f"/admin/inbox/{case}/")
    page.get_by_role("link", name="اكتب تقرير البحث").click()
    page.wait_for_url(f"**/admin/research/requests/{case}/reports/*/")
    answer_every_question(page)
    page.locator("input[name=recommendation][value=accept]").check()
    page.select_option("select[name=service]", index=1)
    page.fill("input[name=amount]", "١٬٥٠٠")
    page.fill("input[name=duration_months]", "١٢")
    assert not scrolls_sideways(page)
    assert run_axe(page) == []
    page.get_by_role("button", name="إرسال التقرير").click()
    page.wait_for_url(f"**/admin/inbox/{case}/")
    assert "القبول" in page.locator("section.research-reports").inner_text()

    # With the report in, the researcher sends the request to the committee from its page.
    to_committee = page.locator("form.inbox-move:has(input[name=to][value=committee])")
    to_committee.locator("button[type=submit]").click()
    to_committee.wait_for(state="detached")  # the page came back with the request moved on
    assert not scrolls_sideways(page)
    assert run_axe(page) == []


def hold_a_session_that_accepts(desktop, site_url, filed):
    page, reference = desktop, filed["reference"]
    sign_in_admin(page, site_url, username="path-secretary", key=SECRETARY_KEY, next_path="/admin/committee/new/")
    page.fill("input[name=date]", (datetime.date.today() + datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=place]", "قاعة الاجتماعات الصغرى")
    for name in MEMBERS:
        page.get_by_label(name, exact=True).check()
    page.select_option("select[name=chair]", label=MEMBERS[0])
    assert run_axe(page) == []
    page.locator("form[action$='/committee/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/committee/\d+/$"))
    session_url = page.url

    waiting = page.locator("ul.committee-waiting li", has_text=reference)
    waiting.locator("input[name=case]").check()
    assert run_axe(page) == []
    page.get_by_role("button", name="إضافة إلى جدول الأعمال").click()
    page.wait_for_url(session_url)
    item = page.locator("li.committee-item", has_text=reference)
    assert "القبول" in item.inner_text()  # the researcher's recommendation, on the agenda

    page.locator("form[action$='/open/'] button").click()
    page.wait_for_url(session_url)
    page.get_by_role("link", name="تسجيل الحضور").click()
    for name in MEMBERS:
        page.get_by_label(name, exact=True).check()
    assert run_axe(page) == []
    page.get_by_role("button", name="تسجيل الحضور").click()
    page.wait_for_url(session_url)

    page.locator("li.committee-item", has_text=reference).get_by_role("link", name="تسجيل القرار").click()
    page.locator("input[name=outcome][value=accept]").check()
    page.select_option("select[name=service]", index=1)
    page.fill("input[name=amount]", "١٥٠٠")
    page.fill("input[name=months]", "١٢")
    page.select_option("select[name=fund]", index=1)
    page.fill("input[name=starts_on]", (datetime.date.today() + datetime.timedelta(days=10)).isoformat())
    page.locator("input[name=unanimous]").check()
    assert run_axe(page) == []
    page.locator("button[name=decide]").click()
    page.wait_for_url(re.compile(re.escape(session_url) + r"#item-\d+$"))

    page.get_by_role("link", name="إغلاق الجلسة أو رفعها").click()
    assert run_axe(page) == []
    page.get_by_role("button", name="إغلاق الجلسة وتنفيذ قراراتها").click()
    page.wait_for_url(session_url)
    decision = page.locator("li.committee-item", has_text=reference).locator(".committee-decision")
    assert re.search(r"\d{4}/\d+/1", decision.inner_text()), decision.inner_text()
    assert "قبول" in decision.inner_text()
    # The minutes, made once the session closed (in-process here, as in the embedded default): the PDF read back
    # holds the request's reference and the decision in Arabic, and never the applicant's ID.
    page.reload()
    assert page.locator("[data-minutes=made]").is_visible()
    href = page.get_by_role("link", name="تنزيل المحضر (PDF)").get_attribute("href")
    download = page.request.get(urljoin(page.url, href))
    assert download.ok and download.body().startswith(b"%PDF")
    text = "\n".join(part.extract_text() for part in PdfReader(io.BytesIO(download.body())).pages)
    assert reference in text and "قبول" in text and national_id_for(APPLICANT_NUMBER) not in text
    assert run_axe(page) == []
    save_screenshot(page, "committee-session-ar.png")


def applicant_sees_the_acceptance(phone_412, site_url, filed):
    page = phone_412
    page.goto(site_url + filed["status_path"])
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("[data-stage=decided]").is_visible()
    assert "قُبل طلبك." in page.content()
    assert not scrolls_sideways(page)
    assert run_axe(page) == []
    save_screenshot(page, "applicant-decision-ar.png")
