"""The public side by host: each association's search, sitemap and pages API list only its own pages."""

import pytest

from home.factories import SiteFactory, StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]
SECOND = "second.localhost"


@pytest.fixture
def second(site_pages):
    site = SiteFactory(hostname=SECOND)
    StandardPageFactory(parent=site.root_page, title="صفحة الثانية عن الأيتام", slug="second-orphans")
    StandardPageFactory(parent=site_pages["home_ar"], title="صفحة الأولى عن الأيتام", slug="first-orphans")
    return site


def test_search_lists_only_the_host_s_pages(client, second):
    first = client.get("/ar/search/?q=الأيتام").content.decode()
    other = client.get("/ar/search/?q=الأيتام", HTTP_HOST=SECOND).content.decode()
    assert "صفحة الأولى" in first and "صفحة الثانية" not in first
    assert "صفحة الثانية" in other and "صفحة الأولى" not in other


def test_the_sitemap_lists_only_the_host_s_pages(client, second):
    first = client.get("/sitemap.xml").content.decode()
    other = client.get("/sitemap.xml", HTTP_HOST=SECOND).content.decode()
    assert "first-orphans" in first and "second-orphans" not in first and SECOND not in first
    assert "second-orphans" in other and "first-orphans" not in other


def test_the_pages_api_lists_only_the_host_s_pages(client, second):
    def titles(host=None):
        extra = {"HTTP_HOST": host} if host else {}
        response = client.get("/api/v3/pages/?type=home.StandardPage&limit=20", **extra)
        assert response.status_code == 200, response.content
        return " ".join(item["title"] for item in response.json()["items"])

    assert "صفحة الأولى" in titles() and "صفحة الثانية" not in titles()
    assert "صفحة الثانية" in titles(SECOND) and "صفحة الأولى" not in titles(SECOND)
