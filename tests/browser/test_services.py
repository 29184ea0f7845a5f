"""The service catalog and the home page on a phone, in Arabic, in headless Chromium."""

import pytest

from tests.support.browser import PHONE, run_axe, save_screenshot, scrolls_sideways


def test_home_on_a_phone(phone, site_url):
    phone.goto(site_url + "/ar/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("h1").inner_text() == "جمعية نخلة العطاء الأهلية"
    assert not scrolls_sideways(phone)
    cards = phone.locator("section", has_text="خدمات مختارة").locator(".card-grid > li")
    assert cards.count() == 4
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert second["y"] > first["y"] and abs(second["x"] - first["x"]) < 1, "cards stack in one column on a phone"
    assert first["width"] > PHONE["width"] * 0.8
    save_screenshot(phone, "home-ar-phone.png")


def test_filter_and_search_without_javascript(browser, site_url):
    context = browser.new_context(locale="ar-SA", viewport=PHONE, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/ar/services/")
    assert page.locator(".service-card").count() == 6
    assert not scrolls_sideways(page)
    page.select_option("#id_group", "disabilities")
    page.get_by_role("button", name="اعرض الخدمات").click()
    page.wait_for_url("**/ar/services/?*group=disabilities*")
    assert page.locator(".service-card h2").all_inner_texts() == ["التأهيل لذوي الإعاقة"]
    page.get_by_role("link", name="اعرض جميع الخدمات").click()
    page.fill("#id_q", "الاسره")  # typed without hamza, with haa
    page.get_by_role("button", name="اعرض الخدمات").click()
    assert "السلة الغذائية الشهرية" in page.locator(".service-card h2").all_inner_texts()
    context.close()


def test_service_page_on_a_phone(phone, site_url):
    phone.goto(site_url + "/ar/services/")
    save_screenshot(phone, "services-ar-phone.png")
    phone.get_by_role("link", name="المساعدة في الإيجار والفواتير").click()
    phone.wait_for_url("**/ar/services/rent-and-bills/")
    assert phone.locator("h1").inner_text() == "المساعدة في الإيجار والفواتير"
    assert "٣٠ يومًا" in phone.locator(".service__facts").inner_text()
    assert phone.locator(".documents .badge").first.inner_text() == "إلزامي"
    assert not scrolls_sideways(phone)
    save_screenshot(phone, "service-ar-phone.png")


def test_paused_service_shows_why_not_a_button(phone, site_url):
    phone.goto(site_url + "/ar/services/eid-clothing/")
    box = phone.locator(".apply-box")
    assert "يفتح التسجيل قبل شهر رمضان بأسبوعين." in box.inner_text()
    assert box.locator("a").count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/ar/services/",
        "/en/services/",
        "/ar/services/?category=financial-aid&q=zzz",
        "/ar/services/food-basket/",
        "/en/services/training-and-employment/",
        "/ar/services/eid-clothing/",
    ],
)
def test_no_serious_accessibility_violations(axe_page, site_url, path):
    axe_page.goto(site_url + path)
    assert run_axe(axe_page) == []


def test_catalog_breaks_no_content_security_policy(page, site_url):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ("/ar/services/", "/ar/services/food-basket/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
