"""The home page and the service index cost the same number of queries however many services there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.services_helpers import add_services, service, service_index

pytestmark = pytest.mark.django_db
CEILING = 40  # a generous absolute bound, so a slow creep is noticed too


def count_queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm the per-process caches (site root paths, locales)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def feature(home, pages):
    """Put `pages` in the home page's featured services block."""
    for block in home.body:
        if block.block_type == "featured_services":
            block.value["services"] = list(block.value["services"]) + pages
    home.save_revision().publish()


@pytest.mark.parametrize(
    ("language", "params"),
    [
        ("ar", {}),
        ("en", {}),
        ("ar", {"category": "financial-aid"}),
        ("en", {"group": "orphans", "category": "seasonal"}),
        ("ar", {"group": "orphans", "q": "خدمة"}),  # matches before and after more services arrive
        ("en", {"q": "children"}),
    ],
)
def test_service_index_does_not_grow_with_services(client, demo, django_assert_max_num_queries, language, params):
    url = service_index(language).url
    before = count_queries(client, url, params)
    assert before <= CEILING
    add_services(12, language=language)
    client.get(url, params)  # publishing cleared the caches: warm them again
    with django_assert_max_num_queries(before):
        response = client.get(url, params)
    assert response.status_code == 200
    if not params:
        assert response.content.decode().count('class="service-card"') == 18


@pytest.mark.parametrize("language", ["ar", "en"])
def test_home_does_not_grow_with_services(client, demo, django_assert_max_num_queries, language):
    home = demo[f"home_{language}"]
    url = demo[f"home_{language}"].url
    before = count_queries(client, url)
    assert before <= CEILING
    feature(home, add_services(12))
    client.get(url)  # publishing cleared the caches: warm them again
    with django_assert_max_num_queries(before):
        response = client.get(url)
    # Untranslated services are featured in their own language.
    assert response.content.decode().count("خدمة تجريبية") == 12


def test_service_page_query_count(client, demo, django_assert_max_num_queries):
    page = service("food-basket", "en")
    with django_assert_max_num_queries(CEILING):
        assert client.get(page.url).status_code == 200
