"""The organisation's details that every public page repeats, kept by each worker (core/site_facts.py)."""

from django.utils.translation import get_language

from core import site_facts
from organisation.models import OrganisationSettings


def organisation(request) -> dict:
    """The organisation's details in the reader's language, for the requesting host's site."""
    return site_facts.remembered(
        request, ("organisation", site_facts.site_id(request), get_language()), lambda: _organisation(request)
    )


def _organisation(request) -> dict:
    settings = OrganisationSettings.for_request(request)
    profile = settings.localized_profile
    return {
        "has_profile": profile is not None,
        "name": profile.name if profile else "",
        "ministry": profile.ministry if profile else "",
        "registration_number": settings.registration_number,
        "default_reply_period_days": settings.default_reply_period_days,
        "phone": settings.phone,
        "mobile": settings.mobile,
        "email": settings.email,
        "branches": tuple(
            {name: block.value.get(name) or "" for name in ("name", "city", "address", "working_hours", "phone")}
            for block in (profile.branches if profile else ())
        ),
    }
