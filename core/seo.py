"""What search engines and link previews read: the sitemap with language
alternates, robots.txt, and schema.org data (JSON-LD)."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.models import Page

X_DEFAULT = settings.LANGUAGE_CODE  # Arabic answers readers of any other language


class PagesSitemap(WagtailSitemap):
    """Every live public page of the site in every language, each listing the
    others as hreflang alternates (Wagtail's own sitemap follows one tree only)."""

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").select_related("locale").defer_streamfields()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        by_key = defaultdict(dict)
        for item in items:
            by_key[item.translation_key][item.locale.language_code] = item
        urls = []
        for item in items:
            urls.append(
                {
                    "item": item,
                    "location": self._absolute(item, protocol, domain),
                    "lastmod": item.last_published_at,
                    "alternates": alternates(
                        by_key[item.translation_key], lambda p: self._absolute(p, protocol, domain)
                    ),
                }
            )
        return urls

    def _absolute(self, page, protocol, domain):
        return f"{protocol}://{domain}{page.get_url(self.request)}"


def alternates(pages_by_language: dict, absolute) -> list[dict]:
    """hreflang entries for one page's translations, plus x-default."""
    entries = [{"lang_code": code, "location": absolute(page)} for code, page in sorted(pages_by_language.items())]
    if X_DEFAULT in pages_by_language:
        entries.append({"lang_code": "x-default", "location": absolute(pages_by_language[X_DEFAULT])})
    return entries if len(pages_by_language) > 1 else []


def sitemap(request):
    return django_sitemap(request, sitemaps={"pages": PagesSitemap(request)})


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /documents/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
