"""The public site as a visitor meets it, in headless Chromium."""

import pytest

from tests.support.browser import run_axe, save_screenshot


def test_arabic_home_is_right_to_left_and_arabic(page, site_url):
    page.goto(site_url + "/")
    assert page.url == site_url + "/ar/"  # Accept-Language ar-SA
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "جمعية نخلة العطاء الأهلية" in page.locator(".brand__name").inner_text()
    # The header starts at the right edge in Arabic.
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    assert brand["x"] > switcher["x"]
    # The self-hosted Arabic typeface is loaded and used.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans Arabic\"', 'جمعية')")
    assert "IBM Plex Sans Arabic" in page.evaluate("getComputedStyle(document.body).fontFamily")
    save_screenshot(page, "home-ar.png")


def test_switcher_reaches_the_same_page_in_english(page, site_url):
    page.goto(site_url + "/ar/about/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(site_url + "/en/about/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "About us"
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(site_url + "/ar/about/")
    assert page.locator("h1").inner_text() == "من نحن"


def test_keyboard_focus_is_visible(page, site_url):
    page.goto(site_url + "/ar/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    skip = page.locator(".skip-link")
    box = skip.bounding_box()
    assert box["y"] >= 0, "the skip link comes into view when focused"
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline[0] != "none" and float(outline[1].rstrip("px")) >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next stops are real links, each with a visible focus ring.
    for _ in range(3):
        page.keyboard.press("Tab")
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert page.evaluate("document.activeElement.tagName") == "A"
        assert style != "none"


@pytest.mark.parametrize(
    "path", ["/ar/", "/en/", "/ar/about/", "/en/about/", "/ar/privacy/", "/en/privacy/", "/ar/no-such-page/"]
)
def test_no_serious_accessibility_violations(axe_page, site_url, path):
    axe_page.goto(site_url + path)
    assert run_axe(axe_page) == []


def test_no_request_leaves_the_site(page, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "/ar/")
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(site_url) or url.startswith("data:") for url in requests), requests


def test_pages_break_no_content_security_policy(page, site_url):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in ("/ar/", "/en/about/", "/ar/privacy/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
