"""The Content-Security-Policy each kind of response carries, and templates that need nothing inline.

The browser test (tests/browser/test_content_security_policy.py) visits every
public page and counts the violations Chromium reports; these check the headers
and the templates without a browser.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["website", "home", "policies", "services", "forms", "followup", "governance", "inbox", "organisation"]
# An email's HTML is read by mail programs, which want inline styles and ignore CSP.
EMAIL_TEMPLATES = re.compile(r"/email/")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def templates():
    for app in APPS:
        yield from sorted((ROOT / app).glob("templates/**/*.html"))


def test_templates_hold_no_inline_script_style_or_handler():
    found = []
    checked = 0
    for path in templates():
        name = str(path.relative_to(ROOT))
        if EMAIL_TEMPLATES.search(name):
            continue
        checked += 1
        text = path.read_text(encoding="utf-8")
        for what, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("style attribute", STYLE_ATTRIBUTE),
            ("<style> element", STYLE_ELEMENT),
            ("event handler attribute", EVENT_HANDLER),
            ("javascript: URL", JAVASCRIPT_URL),
        ]:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}: {match.group(0)[:80]}")
    assert checked > 40
    assert found == [], "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ar/", "/en/about/", "/ar/help-request/", "/en/track-request/", "/ar/search/?q=x", "/ar/no-such-page/"]
)
def test_public_responses_allow_nothing_inline(client, site_pages, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert directive(policy, "script-src") == ["'self'"]
    assert directive(policy, "style-src") == ["'self'"]
    assert directive(policy, "object-src") == ["'none'"]


@pytest.mark.django_db
def test_the_admin_keeps_what_wagtail_needs(client, site_pages):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in directive(policy, "script-src")
    assert "'unsafe-inline'" in directive(policy, "style-src")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ar/help-request/", "/en/complaints/"])
def test_only_a_page_showing_recaptcha_allows_style_attributes(client, site_pages, settings, path):
    """Google's widget writes style attributes; its scripts still come only from the listed origins."""
    settings.RECAPTCHA_PUBLIC_KEY = "site-key-for-tests"
    settings.RECAPTCHA_PRIVATE_KEY = "secret-for-tests"  # noqa: S105
    with_widget = client.get(path)["Content-Security-Policy"]
    assert "'unsafe-inline'" in directive(with_widget, "style-src")
    assert "'unsafe-inline'" not in directive(with_widget, "script-src")
    elsewhere = client.get("/ar/about/")["Content-Security-Policy"]
    assert directive(elsewhere, "style-src") == ["'self'"]
    settings.RECAPTCHA_PUBLIC_KEY = settings.RECAPTCHA_PRIVATE_KEY = ""
    assert directive(client.get(path)["Content-Security-Policy"], "style-src") == ["'self'"]
