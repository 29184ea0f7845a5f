"""The organisation's details that every public page repeats, kept by each worker (core/site_facts.py)."""

import hashlib

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
        **look(settings),
        "branches": tuple(
            {name: block.value.get(name) or "" for name in ("name", "city", "address", "working_hours", "phone")}
            for block in (profile.branches if profile else ())
        ),
    }


FAVICON_FILTER = "fill-64x64|format-png"


def look(settings) -> dict:
    """The association's own look: its brand colours (empty: the site's defaults), the version of its
    stylesheet (organisation/brand.py) and its favicon's address."""
    colours = {"brand_primary": settings.brand_primary, "brand_secondary": settings.brand_secondary}
    styled = any(colours.values())
    version = hashlib.sha256(f"{settings.brand_primary}|{settings.brand_secondary}".encode()).hexdigest()[:12]
    favicon = settings.favicon.get_rendition(FAVICON_FILTER).url if settings.favicon_id else ""
    return {**colours, "brand_version": version if styled else "", "favicon_url": favicon}
