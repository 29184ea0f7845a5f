"""The headless side: Wagtail API v3 serves pages and the association's identity."""

import pytest
from django.test import Client

from home.factories import ENGLISH as HOME_ENGLISH
from home.factories import SiteFactory
from organisation.factories import translate
from services.factories import ServiceIndexPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def test_organisation_in_arabic_by_default(visitor, association):
    data = visitor.get("/api/v3/organisation/").json()
    assert data["locale"] == "ar"
    assert data["name"] == "جمعية نخلة العطاء الأهلية"
    assert data["registration_number"] == "4821"
    assert data["default_reply_period_days"] == 14
    assert data["iban"] == "SA0380000000608010167519"
    assert [branch["name"] for branch in data["branches"]] == ["المقر الرئيسي", "فرع الخرج"]
    assert "ما نجمعه ولماذا" in data["privacy_notice_html"]
    assert data["logo"]["url"].startswith(f"http://{association.hostname}/")
    assert {account["platform"] for account in data["social_accounts"]} == {"x", "instagram", "whatsapp"}


def test_organisation_in_english(visitor):
    data = visitor.get("/api/v3/organisation/?locale=en").json()
    assert data["locale"] == "en"
    assert data["name"] == "Nakhlat Al-Ataa Community Association"
    assert data["ministry"] == "Ministry of Human Resources and Social Development"
    assert [branch["city"] for branch in data["branches"]] == ["Riyadh", "Al-Kharj"]
    assert data["registration_number"] == "4821"


def test_organisation_unknown_locale_is_a_clear_404(visitor):
    response = visitor.get("/api/v3/organisation/?locale=fr")
    assert response.status_code == 404


def test_organisation_is_in_the_openapi_document(client):
    schema = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/organisation/" in schema["paths"]
    assert schema["paths"]["/api/v3/organisation/"]["get"]["operationId"] == "organisation_detail"


def test_pages_in_both_locales(visitor):
    for locale, title in (("ar", "الرئيسية"), ("en", "Home")):
        data = visitor.get(f"/api/v3/pages/?locale={locale}&type=home.HomePage").json()
        assert [item["title"] for item in data["items"]] == [title]


def test_home_page_detail_has_its_fields(db):
    site = SiteFactory(organisation=False)
    home = site.root_page.specific
    catalogue = ServiceIndexPageFactory(site=site)
    featured = {"heading": "خدمات مختارة", "services": [ServicePageFactory(parent=catalogue)], "index_page": catalogue}
    home.body = [("heading", {"text": "من نحن"}), ("featured_services", featured)]
    home.save_revision().publish()
    page_id = translate(home, HOME_ENGLISH).pk
    data = Client(HTTP_HOST=site.hostname).get(f"/api/v3/pages/{page_id}/").json()
    assert data["intro"].startswith("A community association")
    types = [block["type"] for block in data["body"]]
    assert "heading" in types and "featured_services" in types
