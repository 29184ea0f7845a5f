"""Service catalog: models, validation, filters, search and the apply link."""

import re

import pytest
from django.core.exceptions import ValidationError

from organisation.factories import translate
from organisation.models import OrganisationSettings
from services.models import BeneficiaryGroup, ServicePage
from services.models.catalog import search_service_ids
from tests.support.catalogue import CATALOGUE_ENGLISH
from tests.support.services import service, service_index, stand_in_form

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'class="service-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


# --- Models and validation --------------------------------------------------------


@pytest.mark.demo  # the demo seed's own catalogue
def test_demo_has_six_services_in_both_languages(site_pages):
    for language in ("ar", "en"):
        assert ServicePage.objects.live().filter(locale__language_code=language).count() == 6
    english = service("food-basket", "en")
    assert english.title == "Monthly food basket"
    assert english.category.name == "Financial and in-kind aid"
    assert english.category.locale.language_code == "en"


def test_a_paused_service_needs_a_reason(catalogue):
    page = service("food-basket")
    page.status = ServicePage.Status.PAUSED
    page.pause_reason = "  "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "pause_reason" in error.value.message_dict


@pytest.mark.parametrize("days", [0, 366])
def test_the_reply_period_is_positive_and_bounded(catalogue, days):
    page = service("food-basket")
    page.reply_period_days = days
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "reply_period_days" in error.value.message_dict


def test_a_service_with_fees_says_what_they_are(catalogue):
    page = service("food-basket")
    page.is_free = False
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "fees" in error.value.message_dict
    page.fees = "٥٠ ريالًا"
    page.full_clean()


def test_reply_period_defaults_to_the_site_setting(catalogue):
    page = service("food-basket")
    assert page.reply_period_days is None
    assert page.effective_reply_period_days == 14
    settings = OrganisationSettings.for_site(catalogue.site)
    settings.default_reply_period_days = 30
    settings.save()
    assert service("food-basket").effective_reply_period_days == 30
    assert service("rent-and-bills").effective_reply_period_days == 30  # its own period
    assert service("family-counselling").effective_reply_period_days == 7


def test_a_paused_service_cannot_be_applied_for(catalogue):
    form = stand_in_form()
    page = service("eid-clothing")
    page.request_form = form
    page.save_revision().publish()
    assert page.status == ServicePage.Status.PAUSED
    assert not page.accepts_requests
    assert page.apply_url is None
    html = _get(page)
    assert "?service=" not in html
    assert "يفتح التسجيل قبل شهر رمضان بأسبوعين." in html
    assert "هذه الخدمة متوقفة حاليًا." in html


def _get(page):
    from django.test import Client

    return Client().get(page.url).content.decode()


def test_groups_point_at_the_source_language_and_read_in_the_readers(catalogue, client):
    english = service("food-basket", "en")
    assert {group.locale.language_code for group in english.beneficiary_groups.all()} == {"ar"}
    html = client.get(english.url).content.decode()
    assert "Families in need" in html and "الأسر المحتاجة" not in html


# --- The apply link carries the service --------------------------------------------------


def test_apply_button_carries_the_service_to_the_form(catalogue, client):
    form = stand_in_form()
    page = service("food-basket")
    page.request_form = form
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert f'href="/ar/help-request/?service={page.pk}"' in html
    assert "قدّم طلب السلة الغذائية الشهرية" in html


def test_english_apply_button_carries_the_english_service(catalogue, client):
    form = stand_in_form()
    page = service("food-basket")
    page.request_form = form
    page.save_revision().publish()
    # The English copy links the form's English translation, and carries its own id.
    english = translate(page, CATALOGUE_ENGLISH)
    assert english.request_form_id == form.pk
    html = client.get(english.url).content.decode()
    assert f'href="/en/help-request/?service={english.pk}"' in html


def test_a_service_without_a_form_points_to_offline_channels(catalogue, client):
    page = service("food-basket")
    page.request_form = None
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "?service=" not in html
    assert "تُطلب هذه الخدمة في فروعنا أو بالهاتف" in html
    assert "0115550789" in html  # its phone channel
    assert "فرع الخرج" in html  # the branches


# --- Filters and search ----------------------------------------------------------------------


def test_index_lists_every_service_without_javascript(catalogue, client):
    response = client.get(service_index().url)
    assert len(titles(response)) == 6
    html = response.content.decode()
    assert 'method="get"' in html and "<script" not in html.split("</head>")[1]


def test_filter_by_category(catalogue, client):
    response = client.get(service_index().url, {"category": "financial-aid"})
    assert sorted(titles(response)) == sorted(["السلة الغذائية الشهرية", "المساعدة في الإيجار والفواتير"])


def test_filter_by_group_in_english(catalogue, client):
    response = client.get(service_index("en").url, {"group": "disabilities"})
    assert titles(response) == ["Rehabilitation for people with disabilities"]


def test_filters_combine(catalogue, client):
    response = client.get(service_index().url, {"category": "empowerment", "group": "widows"})
    assert titles(response) == ["التدريب والتوظيف"]


def test_an_unknown_filter_value_is_ignored_not_an_error(catalogue, client):
    response = client.get(service_index().url, {"category": "nope", "group": "orphans"})
    assert response.status_code == 200
    assert "كسوة العيد" in titles(response) and "التأهيل لذوي الإعاقة" not in titles(response)


def test_filter_choices_are_in_the_readers_language(catalogue, client):
    html = client.get(service_index("en").url).content.decode()
    assert '<option value="orphans">Orphans</option>' in html
    assert '<option value="seasonal">Seasonal programmes</option>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("السلة", "السلة الغذائية الشهرية"),
        ("السله", "السلة الغذائية الشهرية"),  # haa for taa marbuta
        ("السلّة", "السلة الغذائية الشهرية"),  # with shadda
        ("الارشاد", "الإرشاد الأسري"),  # no hamza under the alef
        ("الإرشاد", "الإرشاد الأسري"),
        ("الايجار", "المساعدة في الإيجار والفواتير"),
        ("الإيجـــار", "المساعدة في الإيجار والفواتير"),  # tatweel
        ("الفواتير", "المساعدة في الإيجار والفواتير"),  # written "والفواتير" in the title
        ("فواتير", "المساعدة في الإيجار والفواتير"),  # without "ال"
        ("غذائيه", "السلة الغذائية الشهرية"),
    ],
)
def test_search_finds_spelling_variants(catalogue, client, query, expected):
    response = client.get(service_index().url, {"q": query})
    assert expected in titles(response)


def test_search_text_keeps_shorter_forms_of_joined_words():
    from services.search import searchable_text

    assert searchable_text("الإيجار والفواتير").split() == ["الايجار", "والفواتير", "ايجار", "الفواتير", "فواتير"]


def test_search_in_english(catalogue, client):
    assert titles(client.get(service_index("en").url, {"q": "rent"})) == ["Help with rent and bills"]


def test_search_stays_in_the_pages_language(catalogue):
    arabic = service_index()
    assert search_service_ids("rent", arabic.locale_id) == []


def test_search_with_no_match_says_so(catalogue, client):
    response = client.get(service_index().url, {"q": "طائرة"})
    assert titles(response) == []
    assert "لا توجد خدمة تطابق بحثك" in response.content.decode()


def test_search_and_filter_together(catalogue, client):
    response = client.get(service_index().url, {"q": "الاسري", "category": "family-counselling"})
    assert titles(response) == ["الإرشاد الأسري"]


def test_group_snippets_are_translatable(catalogue):
    orphans = BeneficiaryGroup.objects.get(slug="orphans", locale__language_code="ar")
    english = orphans.get_translation(orphans.get_translations().first().locale)
    assert english.name == "Orphans" and english.slug == "orphans"


# --- Editors ----------------------------------------------------------------------------------


def test_editors_can_open_the_service_editor_and_snippets(catalogue, admin_client):
    page = service("food-basket")
    for url in (
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/add/services/servicepage/{service_index().pk}/",
        f"/admin/pages/{catalogue.home_ar.pk}/edit/",
        "/admin/snippets/services/beneficiarygroup/",
        "/admin/snippets/services/servicecategory/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    # Only the source-language groups are offered: services point at those.
    sources = BeneficiaryGroup.objects.filter(locale__language_code="ar").count()
    assert html.count('name="beneficiary_groups"') == sources


@pytest.mark.parametrize("query", ['"', "(", "*", "AND", "NEAR(", "OR -", "'; DROP TABLE x; --", "ـــ", "١٨"])
def test_odd_queries_never_break_the_catalog(catalogue, client, query):
    assert client.get(service_index().url, {"q": query}).status_code == 200
