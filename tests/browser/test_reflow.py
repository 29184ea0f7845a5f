"""Every public page type, in both languages, fits a phone from 320 to 412 px wide (WCAG 2.1 1.4.10, Reflow).

One phone context visits each page once and is resized between widths. The width
compared is the one emulated, not `window.innerWidth`: on a mobile viewport
Chromium widens the layout viewport to what overflows (and zooms out), so
`innerWidth` grows with the page and a comparison against it always passes.
"""

import json
import re

import pytest

from tests.support.browser import run_axe, run_on_site, scrolls_sideways

WIDTHS = (320, 360, 375, 390, 412)
PHONE_HEIGHT = 800

# Runs in the test server's project: one page of each type, every form page, and the views around the tree.
PREPARE = r"""
import json
from urllib.parse import urlsplit
from django.test import Client
from wagtail.models import Page
from followup import tokens
from forms.models import FormPage, Submission
from tests.support.forms import help_request_data

client = Client()
response = client.post("/ar/help-request/", help_request_data())
assert response.status_code == 302, response.status_code
submission = Submission.objects.order_by("-pk").first()
pages, kinds = {}, set()
for page in Page.objects.live().filter(depth__gt=1, locale__language_code="ar").specific().order_by("path"):
    kind = type(page).__name__
    if isinstance(page, FormPage):
        pages[page.slug] = page.url  # every form: each has its own fields
    elif kind not in kinds:
        kinds.add(kind)
        pages[kind] = page.url
print("REFLOW_DATA=" + json.dumps({
    "pages": pages,
    "thanks": urlsplit(response["Location"]).path,
    "status": f"/ar/track-request/link/{tokens.status_token(submission.case)}/",
    "reference": submission.reference,
}))
"""

# The document's width and, when it overflows, the first few elements sticking out (to say what to fix).
MEASURE = """(width) => {
  const outside = Array.from(document.body.querySelectorAll('*')).filter(element => {
    const box = element.getBoundingClientRect();
    const hidden = element.closest('.visually-hidden, .hp, .skip-link');
    const spills = getComputedStyle(element).overflowX === 'visible' && element.scrollWidth > element.clientWidth + 1;
    const sticksOut = box.left < -1 || box.right > width + 1 || (spills && !element.matches('input, textarea'));
    return box.width && sticksOut && !hidden;
  });
  const innermost = outside.filter(element => !outside.some(other => other !== element && element.contains(other)));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    outside: innermost.slice(0, 5).map(element => `${element.tagName.toLowerCase()}.${element.className}`),
  };
}"""

MEASURED: dict = {}  # "page:language" -> {width: scrollWidth}, for a report


@pytest.fixture(scope="module")
def public(site_url):
    output = run_on_site(PREPARE)
    return json.loads(re.search(r"^REFLOW_DATA=(.*)$", output, re.M).group(1))


@pytest.fixture(scope="module")
def narrow(browser):
    """One phone page for the whole module, resized between widths."""
    context = browser.new_context(
        locale="ar-SA", viewport={"width": WIDTHS[-1], "height": PHONE_HEIGHT}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def overflows(page, name):
    """What sticks out of the page at each width: {"name at 320px": (scrollWidth, elements)}, empty when it fits."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
        measured = page.evaluate(MEASURE, width)
        MEASURED.setdefault(name, {})[width] = measured["scrollWidth"]
        if measured["scrollWidth"] > width:
            found[f"{name} at {width}px"] = (measured["scrollWidth"], measured["outside"])
    return found


def english(path):
    return "/en/" + path[len("/ar/") :]


def visit_in_both_languages(page, site_url, name, path):
    failures = {}
    for language, localized in (("ar", path), ("en", english(path))):
        response = page.goto(site_url + localized)
        assert response.status == (404 if name == "not-found" else 200), localized
        failures.update(overflows(page, f"{name}:{language}"))
    return failures


PAGE_TYPES = [
    "HomePage", "StandardPage", "ServiceIndexPage", "ServicePage", "PolicyIndexPage", "PolicyPage",
    "GovernanceIndexPage", "BoardPage", "GeneralAssemblyPage", "DisclosurePage", "StatusLookupPage",
    "help-request", "volunteer", "complaints", "satisfaction-survey",
]  # fmt: skip


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_fits_every_phone(narrow, site_url, public, kind):
    assert kind in public["pages"], sorted(public["pages"])
    assert visit_in_both_languages(narrow, site_url, kind, public["pages"][kind]) == {}


@pytest.mark.parametrize("view", ["thanks", "status", "search", "not-found", "privacy"])
def test_views_around_the_tree_fit_every_phone(narrow, site_url, public, view):
    path = {
        "thanks": public["thanks"],
        "status": public["status"],
        "search": "/ar/search/?q=خدمة",
        "not-found": "/ar/no-such-page-" + "x" * 60 + "/",
        "privacy": "/ar/privacy/",
    }[view]
    assert visit_in_both_languages(narrow, site_url, view, path) == {}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_form_with_its_errors_and_a_lookup_result_fit_every_phone(narrow, site_url, public, language):
    narrow.goto(f"{site_url}/{language}/help-request/")
    narrow.locator("form.request-form").evaluate("form => { form.noValidate = true; form.requestSubmit(); }")
    narrow.wait_for_selector(".error-summary")
    failures = overflows(narrow, f"form-errors:{language}")
    narrow.goto(f"{site_url}/{language}/track-request/")
    narrow.fill("#id_reference", public["reference"])
    narrow.fill("#id_mobile", "0505550123")
    narrow.locator("form.followup__form button[type=submit]").click()
    narrow.wait_for_selector("[data-stage]")
    failures.update(overflows(narrow, f"lookup-result:{language}"))
    assert failures == {}


# What an editor or a visitor can put on a page that has no place to break: a web address,
# an email address and a request reference, placed where they would appear.
LONG_WORDS = [
    "https://www.example.org/ar/services/family-support/applications/2026/supporting-documents-checklist.pdf",
    "beneficiary.services.and.complaints.office@nakhlat-alataa-community-association.org.sa",
    "HR-2026-000013-HR-2026-000014-HR-2026-000015",
]
PLACE_LONG_WORDS = """(words) => {
  const places = ['main h1', 'main p', 'main li', '.site-footer address', '.site-footer li'];
  for (const selector of places) {
    const element = document.querySelector(selector);
    if (!element) continue;
    for (const word of words) {
      const link = document.createElement('a');
      link.href = '#';
      link.textContent = word;
      element.append(' ', link);
    }
  }
}"""


@pytest.mark.parametrize("kind", ["StandardPage", "ServicePage", "PolicyPage", "BoardPage"])
def test_long_addresses_and_references_wrap_instead_of_widening_the_page(narrow, site_url, public, kind):
    failures = {}
    for language, path in (("ar", public["pages"][kind]), ("en", english(public["pages"][kind]))):
        narrow.goto(site_url + path)
        narrow.evaluate(PLACE_LONG_WORDS, LONG_WORDS)
        failures.update(overflows(narrow, f"{kind}+long:{language}"))
    assert failures == {}


def test_a_search_for_one_long_word_fits(narrow, site_url):
    failures = {}
    for language in ("ar", "en"):
        narrow.goto(f"{site_url}/{language}/search/?q={'مساعدة' * 30}")
        failures.update(overflows(narrow, f"search-long:{language}"))
    assert failures == {}


def tab_until(page, selector, presses=15):
    """Tab forward until `selector` has the focus; False when it never does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return True
    return False


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_narrow_header_keeps_search_languages_and_menu_in_keyboard_reach(narrow, site_url, language):
    narrow.set_viewport_size({"width": WIDTHS[0], "height": PHONE_HEIGHT})
    narrow.goto(f"{site_url}/{language}/")
    toggle = narrow.locator(".menu-toggle")
    menu = narrow.locator("#main-nav-list")
    assert toggle.is_visible() and toggle.get_attribute("aria-controls") == "main-nav-list"
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    # In reading order: the language switch, the search box, then the menu's button.
    narrow.locator(".brand").focus()
    assert tab_until(narrow, ".language-switcher a")
    assert tab_until(narrow, "#header-search-query", presses=2)
    assert tab_until(narrow, ".menu-toggle", presses=2)
    narrow.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    narrow.keyboard.press("Tab")
    assert narrow.evaluate("document.activeElement.closest('#main-nav-list') !== null"), "the menu's links come next"
    assert not scrolls_sideways(narrow)
    narrow.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert narrow.evaluate("document.activeElement.classList.contains('menu-toggle')"), "focus back on the button"
    narrow.keyboard.press("Space")
    assert menu.is_visible()
    # Wide enough, the menu is always open and the button gone.
    narrow.set_viewport_size({"width": 1024, "height": PHONE_HEIGHT})
    narrow.keyboard.press("Escape")
    assert menu.is_visible() and not toggle.is_visible()


def test_without_javascript_the_menu_stays_open_and_fits(browser, site_url):
    context = browser.new_context(
        locale="ar-SA", viewport={"width": WIDTHS[0], "height": PHONE_HEIGHT}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    for language in ("ar", "en"):
        page.goto(f"{site_url}/{language}/")
        assert not page.locator(".menu-toggle").is_visible()
        assert page.locator("#main-nav-list a").first.is_visible()
        assert overflows(page, f"home-without-script:{language}") == {}
    context.close()


def test_the_narrow_header_has_no_serious_accessibility_violation(browser, site_url):
    context = browser.new_context(
        locale="ar-SA", viewport={"width": WIDTHS[0], "height": PHONE_HEIGHT}, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    for language in ("ar", "en"):
        page.goto(f"{site_url}/{language}/")
        assert run_axe(page) == [], f"{language}, menu folded"
        page.locator(".menu-toggle").click()
        assert run_axe(page) == [], f"{language}, menu open"
    context.close()
