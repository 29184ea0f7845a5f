"""Head tags for search engines and link previews: canonical, hreflang,
Open Graph, Twitter card and schema.org JSON-LD."""

import json
import logging

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from core import site_facts
from core.seo import alternates

logger = logging.getLogger(__name__)
register = template.Library()

# As Django's json_script: these never close the <script> element early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
OG_LOCALES = {"ar": "ar_SA", "en": "en_GB"}


def json_ld(data) -> str:
    """A <script type="application/ld+json"> element: data, never executed, so CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.inclusion_tag("includes/seo.html", takes_context=True)
def seo_head(context):
    request = context.get("request")
    page = context.get("page")
    language = get_language()
    data = {"og_locale": OG_LOCALES.get(language, language), "og_alternates": []}
    if request is None:
        return data
    if isinstance(page, Page):
        translations = site_facts.translation_urls(page, request)["own"]
        data["canonical"] = request.build_absolute_uri(page.get_url(request))
        data["alternates"] = alternates(translations, request.build_absolute_uri)
        specific = page.specific_deferred if type(page) is Page else page
        data["description"] = (
            page.search_description or getattr(specific, "summary", "") or getattr(specific, "intro", "")
        )
    elif request.resolver_match and request.resolver_match.url_name not in (None, "wagtail_serve"):
        path = request.path
        translated = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        data["canonical"] = request.build_absolute_uri(path)
        data["alternates"] = alternates(translated, request.build_absolute_uri)
    data["og_alternates"] = [
        OG_LOCALES.get(entry["lang_code"], entry["lang_code"])
        for entry in data.get("alternates", [])
        if entry["lang_code"] not in ("x-default", language)
    ]
    return data


def organisation_data(request, organisation, profile) -> dict:
    """schema.org NGO for the association, in the reader's language."""
    home = request.build_absolute_uri(f"/{get_language()}/")
    data = {"@context": "https://schema.org", "@type": "NGO", "@id": home + "#organisation", "url": home}
    if profile:
        data.update(name=profile.name, address={"@type": "PostalAddress", "streetAddress": profile.address})
        if profile.short_name:
            data["alternateName"] = profile.short_name
        branches = [
            {
                "@type": "Place",
                "name": branch.value["name"],
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": branch.value["address"],
                    "addressLocality": branch.value["city"],
                    "addressCountry": "SA",
                },
                **({"telephone": branch.value["phone"]} if branch.value.get("phone") else {}),
            }
            for branch in profile.branches
        ]
        if branches:
            data["location"] = branches
    if organisation.po_box:
        data.setdefault("address", {"@type": "PostalAddress"})["postOfficeBoxNumber"] = organisation.po_box
    if organisation.postal_code:
        data.setdefault("address", {"@type": "PostalAddress"})["postalCode"] = organisation.postal_code
    if "address" in data:
        data["address"]["addressCountry"] = "SA"
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone:
        data["telephone"] = organisation.phone
    if organisation.logo_id:
        try:
            data["logo"] = request.build_absolute_uri(organisation.logo.get_rendition("max-512x512").url)
        except SourceImageIOError:  # the bucket unreachable or the file gone: the page goes on without it
            logger.warning("The organisation's logo could not be read for its JSON-LD")
    same_as = [account.value["url"] for account in organisation.social_accounts]
    if same_as:
        data["sameAs"] = same_as
    return data


@register.simple_tag(takes_context=True)
def organisation_json_ld(context, organisation, profile):
    request = context.get("request")
    if request is None or organisation is None:
        return ""
    return json_ld(organisation_data(request, organisation, profile))


@register.simple_tag(takes_context=True)
def service_json_ld(context, page):
    """schema.org Service for a service page, provided by the association."""
    request = context["request"]
    url = request.build_absolute_uri(page.get_url(request))
    home = request.build_absolute_uri(f"/{get_language()}/")
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": url + "#service",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": get_language(),
        "provider": {"@id": home + "#organisation"},
        "areaServed": {"@type": "Country", "name": "SA"},
    }
    organisation = context.get("organisation") or {}
    if organisation.get("has_profile"):
        data["provider"].update({"@type": "NGO", "name": organisation["name"]})
    category = context.get("category_name", None)
    if category is None and page.category_id:
        category = page.category.name
    if category:
        data["serviceType"] = category
    groups = context.get("groups") or []
    if groups:
        data["audience"] = [{"@type": "Audience", "audienceType": group["name"]} for group in groups]
    if page.is_free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "SAR"}
    apply_url = context.get("apply_url", False)
    if apply_url is False:  # not worked out by the page's context
        apply_url = page.apply_url
    if apply_url:
        data["potentialAction"] = {"@type": "ApplyAction", "target": request.build_absolute_uri(apply_url)}
    return json_ld(data)
