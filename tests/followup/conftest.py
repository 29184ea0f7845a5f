"""Requests filed through the real forms, the demo's lookup page, and staff of every role."""

import pytest

from tests.inbox.conftest import file_help_request, finish, make_case, staff  # noqa: F401

MOBILE = "+966505550123"  # what the demo help request's "٠٥٠ ٥٥٥ ٠١٢٣" is stored as


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
def lookup_page(demo):
    from followup.models import StatusLookupPage

    return StatusLookupPage.objects.get(locale__language_code="ar", slug="track-request")


@pytest.fixture
def help_case(client, demo):
    return file_help_request(client)


def deliver(case, people):
    """Take a help request from received to delivered, as staff would; returns it."""
    from inbox import services
    from inbox.lifecycle import Status

    services.make_move(case.pk, Status.VERIFICATION, user=people["relations"])
    services.make_move(case.pk, Status.COMMITTEE, user=people["relations"])
    services.make_move(case.pk, Status.ACCEPTED, user=people["committee"])
    services.make_move(case.pk, Status.REGISTERED, user=people["relations"])
    case, _event = services.make_move(case.pk, Status.DELIVERED, user=people["relations"])
    return case


def status_path(case, language="ar"):
    from followup import tokens

    prefix = "/ar/track-request/" if language == "ar" else "/en/track-request/"
    return f"{prefix}link/{tokens.status_token(case)}/"
