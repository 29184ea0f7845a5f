from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import SafeData
from django.utils.translation import get_language
from wagtail.models import Page

from core import bidi, site_facts
from core.arabic import to_arabic_indic_digits
from organisation import facts as organisation_facts
from organisation import suspension

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
        found = site_facts.translation_urls(page, request)
        urls = {**found["fallback"], **found["own"]}
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


@register.filter
def ltr_runs(value):
    """Plain text, escaped, with its references, links, phone numbers, amounts and dates kept whole
    and in order inside Arabic text (core/bidi.py). Links are not made clickable: the text
    may be what someone typed. HTML already made safe is returned as it is."""
    if isinstance(value, SafeData):
        return value
    return bidi.mark("" if value is None else str(value))


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Top-level pages marked "show in menus", in the reader's language: pk, title and url each."""
    return site_facts.menu(context.get("request"))


@register.simple_tag(takes_context=True)
def organisation(context):
    """The organisation's name and contact details in the reader's language (core/site_facts.py)."""
    return organisation_facts.organisation(context.get("request"))


@register.inclusion_tag("includes/association_notice.html", takes_context=True)
def association_notice(context):
    """The notice a suspended association's public pages show (organisation/suspension.py)."""
    request = context.get("request")
    suspended = request is not None and suspension.host_suspended(request)
    return {"notice": suspension.public_notice() if suspended else ""}


@register.tag("remembered")
def remembered(parser, token):
    """{% remembered "name" [more keys…] %}…{% endremembered %}: the enclosed part of a template,
    rendered once per worker and kept until content changes (core/site_facts.py).

    The kept HTML is keyed by the name and any further values given, the site, the language,
    and the scheme and host. Wrap only what is the same for every visitor and every page those
    keys name: never a form with a CSRF token, the user, or anything from the query string.
    Previews are never kept.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% remembered %} needs a name")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class RememberedNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist = nodelist
        self.keys = keys

    def render(self, context):
        request = context.get("request")
        # Previews show a draft under the live page's id: never kept (as Wagtail's {% wagtailpagecache %}).
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = tuple(str(key.resolve(context)) for key in self.keys)
        key = ("fragment", site_facts.site_id(request), get_language(), site_facts.base_url(request), *parts)
        return site_facts.remembered(request, key, lambda: self.nodelist.render(context))
