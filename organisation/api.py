"""The association's identity in Wagtail's API v3 (public, read-only)."""

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from wagtail.models import Locale, Site
from wagtail.rich_text import expand_db_html

from core.headless import problem_responses
from organisation.models import OrganisationSettings

router = Router(tags=["organisation"])


class BranchOut(Schema):
    name: str
    city: str
    address: str
    working_hours: str
    phone: str
    map_url: str


class SocialAccountOut(Schema):
    platform: str
    url: str


class LogoOut(Schema):
    url: str
    width: int
    height: int


class OrganisationOut(Schema):
    site_id: int
    locale: str
    name: str
    short_name: str
    ministry: str
    registration_number: str
    address: str
    po_box: str
    postal_code: str
    phone: str
    mobile: str
    toll_free: str
    email: str
    social_accounts: list[SocialAccountOut]
    branches: list[BranchOut]
    bank_name: str
    account_holder: str
    iban: str
    default_reply_period_days: int
    privacy_notice_html: str
    logo: LogoOut | None


@router.get(
    "/",
    response=OrganisationOut,
    url_name="organisation_detail",
    summary="The association's identity, contact details and privacy notice",
    operation_id="organisation_detail",
    openapi_extra=problem_responses(404, 422),  # an unknown site or locale; a malformed query
)
def organisation_detail(request: HttpRequest, locale: str = "", site: int | None = None):
    site_obj = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    if site and site != site_obj.pk:
        # Each host answers for its own association only: another's `site` is none here.
        raise Http404("Unknown site")
    locale_obj = Locale.objects.filter(language_code=locale).first() if locale else Locale.get_default()
    if locale_obj is None:
        raise Http404("Unknown locale")
    settings = OrganisationSettings.for_site(site_obj)
    profile = None
    if settings.profile_id:
        profile = settings.profile.get_translation_or_none(locale_obj) or settings.profile
    logo = None
    if settings.logo_id:
        rendition = settings.logo.get_rendition("max-512x512|format-png")
        logo = {"url": request.build_absolute_uri(rendition.url), "width": rendition.width, "height": rendition.height}
    return {
        "site_id": site_obj.pk,
        "locale": (profile.locale.language_code if profile else locale_obj.language_code),
        "name": profile.name if profile else "",
        "short_name": profile.short_name if profile else "",
        "ministry": profile.ministry if profile else "",
        "registration_number": settings.registration_number,
        "address": profile.address if profile else "",
        "po_box": settings.po_box,
        "postal_code": settings.postal_code,
        "phone": settings.phone,
        "mobile": settings.mobile,
        "toll_free": settings.toll_free,
        "email": settings.email,
        "social_accounts": [dict(block.value) for block in settings.social_accounts],
        "branches": [
            {key: (value or "") for key, value in block.value.items()}
            for block in (profile.branches if profile else [])
        ],
        "bank_name": profile.bank_name if profile else "",
        "account_holder": profile.account_holder if profile else "",
        "iban": settings.iban,
        "default_reply_period_days": settings.default_reply_period_days,
        "privacy_notice_html": expand_db_html(profile.privacy_notice) if profile else "",
        "logo": logo,
    }
