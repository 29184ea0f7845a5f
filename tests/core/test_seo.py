"""What search engines and link previews read: JSON-LD, canonical and hreflang, sitemap, robots.txt."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from organisation.factories import english
from organisation.models import OrganisationSettings
from tests.support.catalogue import EMAIL, POSTAL_CODE, SOCIAL_ACCOUNT
from tests.support.services import service

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def head_links(html, rel):
    return dict(re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html))


def names(site):
    """The association's name by language."""
    profile = OrganisationSettings.for_site(site).profile
    return {"ar": profile.name, "en": profile.get_translation(english()).name}


def test_every_page_describes_the_organisation_as_an_ngo(client, catalogue):
    for path, name in (("/ar/", names(catalogue.site)["ar"]), ("/en/about/", names(catalogue.site)["en"])):
        organisation = next(item for item in json_ld(client.get(path).content.decode()) if item["@type"] == "NGO")
        assert organisation["@context"] == "https://schema.org"
        assert organisation["name"] == name
        assert organisation["email"] == EMAIL
        assert organisation["address"]["postalCode"] == POSTAL_CODE
        assert len(organisation["location"]) == 2
        assert SOCIAL_ACCOUNT in organisation["sameAs"]


def test_a_service_page_describes_the_service(client, catalogue):
    page = service("food-basket", "en")
    items = json_ld(client.get(page.url).content.decode())
    described = next(item for item in items if item["@type"] == "Service")
    organisation = next(item for item in items if item["@type"] == "NGO")
    assert described["name"] == "Monthly food basket"
    assert described["url"] == "http://testserver/en/services/food-basket/"
    assert described["serviceType"] == "Financial and in-kind aid"
    assert described["provider"]["@id"] == organisation["@id"]
    assert {"@type": "Audience", "audienceType": "Orphans"} in described["audience"]
    assert described["offers"]["price"] == "0"


def test_json_ld_cannot_close_its_script_element(client, catalogue):
    page = service("food-basket")
    page.title = "</script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    described = next(item for item in json_ld(html) if item["@type"] == "Service")
    assert described["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("slug", ["", "about/", "services/", "services/food-basket/", "services/eid-clothing/"])
def test_hreflang_pairs_point_at_each_other(client, catalogue, slug):
    arabic_url, english_url = f"http://testserver/ar/{slug}", f"http://testserver/en/{slug}"
    arabic = client.get(f"/ar/{slug}").content.decode()
    english = client.get(f"/en/{slug}").content.decode()
    assert head_links(arabic, "alternate") == {"ar": arabic_url, "en": english_url, "x-default": arabic_url}
    assert head_links(english, "alternate") == head_links(arabic, "alternate")
    assert f'<link rel="canonical" href="{arabic_url}">' in arabic
    assert f'<link rel="canonical" href="{english_url}">' in english


def test_canonical_drops_the_filters(client, catalogue):
    html = client.get("/ar/services/?category=seasonal&q=عيد").content.decode()
    assert '<link rel="canonical" href="http://testserver/ar/services/">' in html


def test_open_graph_and_twitter_cards(client, catalogue):
    html = client.get(service("rent-and-bills", "en").url).content.decode()
    assert '<meta property="og:title" content="Help with rent and bills">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta property="og:locale:alternate" content="ar_SA">' in html
    assert '<meta property="og:url" content="http://testserver/en/services/rent-and-bills/">' in html
    assert f'<meta property="og:site_name" content="{names(catalogue.site)["en"]}">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+">', html)
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="description" content="We help pay overdue rent' in html


def test_sitemap_lists_both_languages_with_alternates(client, catalogue):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    entries = {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }
    assert "http://testserver/ar/services/food-basket/" in entries
    assert "http://testserver/en/services/food-basket/" in entries
    # per language: home, about, four forms, policy index and three policies, service index and six services,
    # the request-tracking page
    assert len(entries) == 2 * (1 + 1 + 4 + 1 + 3 + 1 + 6 + 1)
    for location, alternates in entries.items():
        assert set(alternates) == {"ar", "en", "x-default"}, location
        assert location in alternates.values()
        for other in alternates.values():
            assert other in entries  # every alternate is itself listed, and lists this one back
            assert entries[other] == alternates


def test_sitemap_leaves_out_drafts(client, catalogue):
    page = service("food-basket")
    page.unpublish()
    assert "/ar/services/food-basket/" not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_points_to_the_sitemap(client, site_pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_non_page_views_get_hreflang_too(client, site_pages):
    html = client.get("/en/privacy/").content.decode()
    assert head_links(html, "alternate") == {
        "ar": "http://testserver/ar/privacy/",
        "en": "http://testserver/en/privacy/",
        "x-default": "http://testserver/ar/privacy/",
    }
