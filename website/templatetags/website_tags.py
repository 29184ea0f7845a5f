from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from website.arabic import to_arabic_indic_digits

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, each to *this* page in that language.

    A Wagtail page links to its translation (or, if it has none yet, to that
    language's home page); any other view links to the same URL under the other
    language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    urls = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translation.locale.language_code] = translation.get_url(request)
        missing = [code for code, _name in settings.LANGUAGES if code not in urls]
        if missing:
            site_root = page.get_site().root_page if page.get_site() else None
            if site_root:
                for translation in site_root.get_translations(inclusive=True).live().select_related("locale"):
                    urls.setdefault(translation.locale.language_code, translation.get_url(request))
    path = request.get_full_path() if request else "/"
    return [
        {
            "code": code,
            "name": name,
            "url": urls.get(code) or translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.filter
def local_digits(value):
    """Write numbers in Arabic-Indic digits on Arabic pages, Western digits otherwise."""
    text = "" if value is None else str(value)
    return to_arabic_indic_digits(text) if get_language() == "ar" else text


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Top-level pages marked "show in menus", in the reader's language."""
    request = context.get("request")
    site = getattr(request, "_wagtail_site", None) if request else None
    if site is None and request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page.localized
    return list(home.get_children().live().in_menu().specific(defer=True))
