"""Front-end rules: logical CSS only, self-hosted fonts, nothing from other origins."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "website" / "static"
PHYSICAL = re.compile(
    r"(?<![\w-])(margin|padding|border)-(left|right)\b"
    r"|(?<![\w-])(left|right)\s*:"
    r"|\bfloat\s*:\s*(left|right)"
    r"|\btext-align\s*:\s*(left|right)"
    r"|\bclear\s*:\s*(left|right)"
    r"|border-(top|bottom)-(left|right)-radius"
)


def stylesheets():
    return sorted(STATIC.rglob("*.css")) + sorted(ROOT.glob("*/templates/**/*.html"))


def test_there_are_stylesheets_to_check():
    assert any(path.suffix == ".css" for path in stylesheets())


@pytest.mark.parametrize("path", stylesheets(), ids=lambda p: str(p.relative_to(ROOT)))
def test_layout_uses_logical_properties_only(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = " ".join(re.findall(r'style="([^"]*)"', text)) + " ".join(
            re.findall(r"<style>(.*?)</style>", text, re.S)
        )
    offences = [match.group(0) for match in PHYSICAL.finditer(text)]
    assert not offences, f"{path}: use inline/block start/end instead of {offences}"


def test_arabic_typeface_is_self_hosted_with_its_licence():
    fonts = STATIC / "fonts"
    woff2 = sorted(p.name for p in fonts.glob("*.woff2"))
    assert "ibm-plex-sans-arabic-arabic-400-normal.woff2" in woff2
    assert "ibm-plex-sans-arabic-arabic-700-normal.woff2" in woff2
    assert "SIL Open Font License" in (fonts / "OFL-IBM-Plex-Sans-Arabic.txt").read_text()
    css = (STATIC / "css" / "site.css").read_text()
    for name in woff2:
        assert f"../fonts/{name}" in css


def test_stylesheets_load_nothing_from_elsewhere():
    for path in STATIC.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", path.read_text()), path
        assert "@import" not in path.read_text(), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/ar/", "/en/", "/ar/about/", "/ar/privacy/", "/en/no-such-page/", "/ar/services/", "/en/services/food-basket/"],
)
def test_pages_reference_only_their_own_origin(client, site_pages, path):
    html = client.get(path).content.decode()
    found = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="((?:https?:)?//[^"]+)"', html)
    # Canonical and hreflang links are absolute, but to the site itself.
    external = [url for url in found if not url.startswith("http://testserver/")]
    assert external == []
