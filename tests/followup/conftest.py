"""The association's lookup page, and lookups counted from zero in each test."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test counts lookups from zero (the cache and this process's fallback)."""
    from django.core.cache import cache

    from followup import status

    cache.clear()
    status._local_counts.clear()
    yield
    cache.clear()


@pytest.fixture
def lookup_page(site_pages):
    from followup.models import StatusLookupPage

    return StatusLookupPage.objects.get(locale__language_code="ar", slug="track-request")
