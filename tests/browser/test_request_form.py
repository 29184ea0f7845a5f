"""A help request filled in Arabic on a phone, with the keyboard only, as a beneficiary would."""

import re

import pytest

from tests.support.browser import run_axe, save_screenshot, scrolls_sideways
from tests.support.forms import PDF


def tab_to(page, name, limit=60):
    """Press Tab until the field called `name` has focus (it must be reachable by keyboard)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            return
    raise AssertionError(f"{name} cannot be reached with the keyboard")


def fill_by_keyboard(page, pdf_path):
    for name, text in [
        ("full_name", "سارة محمد عبدالله العتيبي"),
        ("national_id", "١٠٠٠٠٠٠٠٠٨"),
        ("mobile", "٠٥٠ ٥٥٥ ٠١٢٣"),
    ]:
        tab_to(page, name)
        page.keyboard.type(text)
    tab_to(page, "city")
    page.keyboard.press("ArrowDown")  # first city
    tab_to(page, "marital_status")
    page.keyboard.press("Space")  # first choice of the radio group
    for name, text in [("family_size", "٥"), ("monthly_income", "٣٠٠٠"), ("needs", "سداد إيجار ثلاثة أشهر")]:
        tab_to(page, name)
        page.keyboard.type(text)
    tab_to(page, "documents")
    # Choosing a file opens the system's dialog; the test hands the file to the focused input.
    page.locator("input[name=documents]").set_input_files(str(pdf_path))
    tab_to(page, "privacy_consent")
    page.keyboard.press("Space")


def test_help_request_on_a_phone_with_the_keyboard(phone, site_url, tmp_path):
    pdf_path = tmp_path / "id-copy.pdf"
    pdf_path.write_bytes(PDF)
    phone.goto(site_url + "/ar/help-request/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert not scrolls_sideways(phone)

    fill_by_keyboard(phone, pdf_path)
    # The declaration is forgotten on purpose: the error must be announced.
    phone.locator(".request-form button[type=submit]").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_load_state()
    summary = phone.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "لم يُرسل النموذج" in summary.inner_text()
    assert phone.evaluate("document.activeElement.classList.contains('error-summary')"), "errors get focus"
    declaration = phone.locator("input[name=declaration]")
    assert declaration.get_attribute("aria-invalid") == "true"
    assert phone.locator("#" + declaration.get_attribute("aria-describedby").split()[-1]).is_visible()
    # Typed answers are still there (the file has to be chosen again).
    assert phone.locator("input[name=full_name]").input_value() == "سارة محمد عبدالله العتيبي"
    save_screenshot(phone, "help-request-errors-ar-phone.png")

    tab_to(phone, "documents")
    phone.locator("input[name=documents]").set_input_files(str(pdf_path))
    tab_to(phone, "declaration")
    phone.keyboard.press("Space")
    tab_to(phone, "privacy_consent")
    if not phone.locator("input[name=privacy_consent]").is_checked():
        phone.keyboard.press("Space")
    phone.locator(".request-form button[type=submit]").focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    if phone.locator(".error-summary").count():
        raise AssertionError(phone.locator(".error-summary").inner_text())
    phone.wait_for_url(re.compile(r".*/ar/help-request/thanks/HR-\d{4}-\d{6}-[0-9a-f]+/$"))
    reference = phone.locator(".thanks__reference").inner_text().strip()
    assert re.fullmatch(r"HR-\d{4}-\d{6}", reference)
    assert "هـ" in phone.locator(".thanks").inner_text()
    save_screenshot(phone, "help-request-thanks-ar-phone.png")

    # Back and refresh never send it twice: the thank-you page is a GET.
    phone.reload()
    assert phone.locator(".thanks__reference").inner_text().strip() == reference


@pytest.mark.parametrize("path", ["/ar/help-request/", "/en/complaints/", "/ar/satisfaction-survey/"])
def test_form_pages_have_no_serious_accessibility_violations(axe_page, site_url, path):
    axe_page.goto(site_url + path)
    assert run_axe(axe_page) == []


def test_form_page_breaks_no_content_security_policy(page, site_url):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(site_url + "/ar/volunteer/")
    page.wait_for_load_state("networkidle")
    assert violations == []
