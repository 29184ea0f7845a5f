"""Wagtail API v3 serves the catalog in both languages, every field, filterable by category."""

import pytest

from services.models import BeneficiaryGroup, ServiceCategory
from tests.support.services import service, stand_in_form

pytestmark = pytest.mark.django_db
SERVICE_FIELDS = {
    "summary", "description", "category", "category_details", "beneficiary_groups", "beneficiary_group_details",
    "eligibility", "required_documents", "steps", "channels", "list_branches", "reply_period_days",
    "effective_reply_period_days", "is_free", "fees", "status", "pause_reason", "accepts_requests",
    "related_policy", "request_form", "request_form_details",
}  # fmt: skip


def test_services_in_both_locales(client, catalogue):
    for language, title in (("ar", "السلة الغذائية الشهرية"), ("en", "Monthly food basket")):
        data = client.get(f"/api/v3/pages/?type=services.ServicePage&locale={language}").json()
        assert data["count"] == 6
        assert title in [item["title"] for item in data["items"]]


def test_service_detail_has_every_field_in_english(client, catalogue):
    page = service("training-and-employment", "en")
    data = client.get(f"/api/v3/pages/{page.pk}/").json()
    assert set(data) >= SERVICE_FIELDS
    category = ServiceCategory.objects.get(slug="empowerment", locale__language_code="en")
    assert data["category"]["id"] == category.pk
    assert data["category_details"] == {
        "id": category.pk, "slug": "empowerment", "name": "Rehabilitation and empowerment", "locale": "en",
    }  # fmt: skip
    assert [group["name"] for group in data["beneficiary_group_details"]] == [
        "Families in need", "Orphans", "Widows and divorced women",
    ]  # fmt: skip
    sources = BeneficiaryGroup.objects.filter(locale__language_code="ar", slug__in=["families", "widows", "orphans"])
    assert sorted(data["beneficiary_groups"]) == sorted(group.pk for group in sources)
    assert data["is_free"] is False
    assert data["fees"].startswith("A token fee of 50 riyals")
    assert data["required_documents"][0]["value"] == {
        "name": "A copy of the applicant's national ID or residence permit", "required": True, "note": "",
    }  # fmt: skip
    assert data["steps"][1]["value"]["title"] == "Interview"
    assert data["effective_reply_period_days"] == 14
    assert data["accepts_requests"] is True


def test_service_detail_in_arabic_with_its_form(client, catalogue):
    form = stand_in_form()
    page = service("food-basket")
    page.request_form = form
    page.save_revision().publish()
    data = client.get(f"/api/v3/pages/{page.pk}/").json()
    assert data["request_form"]["id"] == form.pk
    assert data["request_form_details"] == {
        "id": form.pk, "title": "طلب مساعدة", "url": "/ar/help-request/",
        "apply_url": f"/ar/help-request/?service={page.pk}",
    }  # fmt: skip
    assert data["category_details"]["name"] == "المساعدات المالية والعينية"


def test_paused_service_in_the_api(client, catalogue):
    data = client.get(f"/api/v3/pages/{service('eid-clothing', 'en').pk}/").json()
    assert data["status"] == "paused"
    assert data["accepts_requests"] is False
    assert data["pause_reason"] == "Registration opens two weeks before Ramadan."


def test_filter_services_by_category(client, catalogue):
    for language, count in (("ar", 2), ("en", 2)):
        category = ServiceCategory.objects.get(slug="financial-aid", locale__language_code=language)
        data = client.get(f"/api/v3/pages/?type=services.ServicePage&locale={language}&category={category.pk}").json()
        assert data["count"] == count
        assert {item["meta"]["slug"] for item in data["items"]} == {"food-basket", "rent-and-bills"}


def test_filter_services_by_group(client, catalogue):
    group = BeneficiaryGroup.objects.get(slug="disabilities", locale__language_code="ar")
    data = client.get(f"/api/v3/pages/?type=services.ServicePage&locale=en&beneficiary_groups={group.pk}").json()
    assert [item["meta"]["slug"] for item in data["items"]] == ["rehabilitation"]


def test_service_index_in_the_api(client, catalogue):
    data = client.get("/api/v3/pages/?type=services.ServiceIndexPage&locale=en").json()
    assert [item["title"] for item in data["items"]] == ["Our services"]
