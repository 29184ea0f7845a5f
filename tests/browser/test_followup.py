"""An applicant on a phone, in Arabic, follows a request from the acknowledgement's link, sends a missing
document and answers the survey; a staff member reads the report with its charts."""

import re

from tests.support.browser import run_on_site, save_screenshot, scrolls_sideways, sign_in_admin
from tests.support.forms import PDF

FILE_A_REQUEST = """
from django.test import Client
from forms.models import Notification, Submission
from tests.support.forms import help_request_data
response = Client().post("/ar/help-request/", help_request_data())
assert response.status_code == 302, response.status_code
submission = Submission.objects.order_by("-pk").first()
print("CASE=%s" % submission.pk)
print("SMS=" + Notification.objects.get(submission=submission, event="acknowledgement", channel="applicant_sms").body)
"""

STAFF_MOVES = """
from django.contrib.auth import get_user_model
from inbox import services
admin = get_user_model().objects.get(username="admin")
case_id = {case_id}
for to, reason in {moves!r}:
    services.make_move(case_id, to, user=admin, reason=reason)
"""

SURVEY_LINK = """
from forms.models import Notification
print(Notification.objects.get(submission_id={case_id}, event="survey_invitation", channel="applicant_sms").body)
"""


def path_of(text, pattern):
    match = re.search(r"https?://[^/\s]+(/" + pattern + r")", text)
    assert match, text
    return match.group(1)


def test_an_applicant_follows_a_request_and_answers_the_survey_on_a_phone(phone, site_url, tmp_path):
    output = run_on_site(FILE_A_REQUEST)  # after the shell's own banner
    case_id = re.search(r"^CASE=(\d+)$", output, re.M).group(1)
    sms = re.search(r"^SMS=(.*)$", output, re.M).group(1)
    status = path_of(sms, r"ar/track-request/link/[0-9]+-[0-9a-f]{32}/")

    phone.goto(site_url + status)
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("[data-stage=received]").is_visible()
    assert phone.locator("[data-followup=due]").is_visible()
    assert "سارة" not in phone.content()  # no name, no answers
    assert not scrolls_sideways(phone)
    save_screenshot(phone, "followup-status-ar-phone.png")

    run_on_site(STAFF_MOVES.format(case_id=case_id, moves=[("verification", ""), ("waiting", "صورة عقد الإيجار")]))
    phone.reload()
    assert phone.locator("[data-stage=waiting_for_you]").is_visible()
    assert "صورة عقد الإيجار" in phone.content()
    document = tmp_path / "lease.pdf"
    document.write_bytes(PDF)  # a PDF a reader can open: unreadable ones are refused
    phone.set_input_files("#id_documents", str(document))
    phone.locator("form[action$='/documents/'] button[type=submit]").click()
    phone.wait_for_selector("[data-followup=documents-sent], [data-followup=documents-error]")
    assert phone.locator("[data-followup=documents-sent]").is_visible(), phone.content()[-3000:]
    assert phone.locator("[data-stage=in_review]").is_visible()

    run_on_site(STAFF_MOVES.format(case_id=case_id, moves=[
        ("committee", ""), ("accepted", ""), ("registered", ""), ("delivered", ""),
    ]))  # fmt: skip
    survey = path_of(run_on_site(SURVEY_LINK.format(case_id=case_id)), r"ar/track-request/survey/[0-9]+-[0-9a-f]{32}/")
    phone.goto(site_url + survey)
    for key, rating in (("overall", "5"), ("speed", "4"), ("staff", "5")):
        phone.locator(f"label[for=id_{key}_{int(rating) - 1}]").click()  # a tap on the number
        assert phone.locator(f"input[name={key}][value='{rating}']").is_checked()
    phone.fill("textarea[name=comments]", "خدمة ممتازة")
    save_screenshot(phone, "followup-survey-ar-phone.png")
    phone.locator("form.request-form button[type=submit]").click()
    phone.wait_for_selector("[data-followup=survey-thanks], .error-summary")
    assert phone.locator("[data-followup=survey-thanks]").is_visible()

    phone.goto(site_url + survey)  # the link took its one answer
    assert phone.locator("[data-followup=survey-used]").is_visible()
    assert phone.locator("a[href='/ar/satisfaction-survey/']").is_visible()


def test_a_staff_member_reads_the_report_in_arabic(page, site_url):
    run_on_site("import inbox.demo; inbox.demo.create_fake_requests(60)")
    sign_in_admin(page, site_url)
    page.goto(site_url + "/admin/followup/report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.wait_for_selector("#chart-by_month[data-drawn=true]")
    options = page.evaluate("""() => {
        const chart = document.getElementById('chart-by_month').reportChart;
        return {legend: chart.options.plugins.legend.rtl, tooltip: chart.options.plugins.tooltip.rtl,
                reverse: chart.options.scales.x.reverse, position: chart.options.scales.y.position,
                received: chart.data.datasets[0].data};
    }""")
    assert options["legend"] and options["tooltip"] and options["reverse"] and options["position"] == "right"
    save_screenshot(page, "followup-report-ar.png")
    cells = page.locator("[data-table=by_month] tbody tr td:nth-child(2)").all_inner_texts()
    assert [int(value) for value in cells] == options["received"]  # the chart's numbers are the table's
    with page.expect_download() as download:
        page.locator("[data-table=by_month] a[download]").click()
    assert download.value.suggested_filename == "by_month.csv"
