"""The governance and disclosure section in Chromium: right to left, on a phone, accessible in both languages."""

import pytest

from tests.support.browser import run_axe, save_screenshot, scrolls_sideways

SECTION = [
    "", "licence/", "bylaws/", "board/", "general-assembly/", "executive-management/", "organisation-chart/",
    "financial-statements/", "annual-reports/", "plans/", "policies/",
]  # fmt: skip


def test_arabic_index_reads_right_to_left_and_leads_to_every_area(page, site_url):
    page.goto(site_url + "/ar/governance/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "الحوكمة والشفافية"
    assert page.locator(".governance-sections li").count() == 10
    # The first card starts at the right edge in Arabic.
    card = page.locator(".governance-sections li").first.bounding_box()
    article = page.locator("article.page").bounding_box()
    assert card["x"] + card["width"] > article["x"] + article["width"] - 40
    save_screenshot(page, "governance-ar.png")
    page.get_by_role("link", name="القوائم المالية").click()
    page.wait_for_url("**/ar/governance/financial-statements/")
    assert page.locator(".disclosure-documents--archive .disclosure-document").count() >= 1


def test_a_document_downloads_as_a_pdf(page, site_url):
    page.goto(site_url + "/ar/governance/financial-statements/")
    link = page.locator(".disclosure-document__download").first
    assert "PDF" in link.inner_text()
    response = page.request.get(site_url + link.get_attribute("href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF")


@pytest.mark.parametrize("path", ["financial-statements/", "board/", "general-assembly/"])
def test_the_section_fits_a_phone(phone, site_url, path):
    phone.goto(site_url + "/ar/governance/" + path)
    assert not scrolls_sideways(phone)
    outside = phone.evaluate(
        """() => Array.from(document.querySelectorAll('article.governance *')).filter(element => {
               const box = element.getBoundingClientRect();
               return box.width && (box.left < -1 || box.right > document.documentElement.clientWidth + 1);
           }).map(element => element.className)"""
    )
    assert outside == [], path
    if path == "board/":
        save_screenshot(phone, "governance-board-ar-phone.png")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_serious_accessibility_violation_in_the_section(axe_page, site_url, language):
    for path in SECTION:
        axe_page.goto(f"{site_url}/{language}/governance/{path}")
        assert run_axe(axe_page) == [], path
