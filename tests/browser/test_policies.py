"""A policy page in Arabic, on screen and on A4 paper, and the site search."""

from tests.support.browser import run_axe, save_screenshot

POLICY = "/ar/policies/beneficiary-relations/"


def test_arabic_policy_page_reads_right_to_left_with_its_approval(page, site_url):
    page.goto(site_url + POLICY)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "سياسة تنظيم العلاقة مع المستفيدين"
    assert page.locator(".approval-hijri").inner_text() == "٢٥ جمادى الآخرة ١٤٤٦ هـ"
    assert page.locator(".approval-gregorian").inner_text() == "٢٦ ديسمبر ٢٠٢٤ م"
    headings = page.locator(".policy-section h2").all_inner_texts()
    assert headings[:2] == ["تمهيد", "الهدف العام"]
    assert page.locator(".policy-steps li").count() == 6
    # Sections start at the right edge in Arabic.
    section = page.locator(".policy-section h2").first.bounding_box()
    article = page.locator("article.page").bounding_box()
    assert section["x"] + section["width"] > article["x"] + article["width"] - 40
    save_screenshot(page, "policy-ar.png")


def test_policy_page_has_no_serious_accessibility_violation(axe_page, site_url):
    for path in (POLICY, "/ar/policies/", "/ar/policies/beneficiary-relations-1444/", "/ar/search/?q=الشكاوي"):
        axe_page.goto(site_url + path)
        assert run_axe(axe_page) == [], path


def test_policy_prints_on_a4_without_the_site_around_it(page, site_url):
    page.goto(site_url + POLICY)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".header-search").is_visible()
    assert page.locator(".policy-approval").is_visible()
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    save_screenshot(page, "policy-ar-print.png")


def test_superseded_version_points_to_the_version_in_force(page, site_url):
    page.goto(site_url + "/ar/policies/beneficiary-relations-1444/")
    banner = page.locator(".notice--superseded")
    assert banner.is_visible()
    banner.get_by_role("link").click()
    page.wait_for_url(site_url + POLICY)


def test_search_from_the_header_finds_a_variant_spelling(page, site_url):
    page.goto(site_url + "/ar/")
    page.get_by_role("searchbox").fill("سياسه الخصوصيه")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/search/**")
    result = page.locator(".search-results a", has_text="سياسة الخصوصية")
    assert result.count() == 1
    assert page.locator(".search-results mark").count() >= 1
