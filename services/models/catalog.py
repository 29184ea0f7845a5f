"""The catalog (خدماتنا): its index page, with filters and search.

Every listing here costs a fixed number of queries, however many services
there are (tests/website/test_page_queries.py holds it to that): the catalog is kept
by each worker as plain values and filtered in memory.
"""

import re

from django import forms as django_forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from core import site_facts
from core.arabic import normalise_for_search
from core.headless import FrontEndPreviewMixin
from core.routing import RememberedViewRestrictionsMixin
from services.models.facets import facets, page_site_id
from services.models.service_page import ServicePage


class ServiceIndexPage(RememberedViewRestrictionsMixin, FrontEndPreviewMixin, Page):
    """خدماتنا: every service, filterable and searchable."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(self, request))
        return context


class ServiceFilterForm(django_forms.Form):
    q = django_forms.CharField(label=_("Search"), required=False, max_length=100)
    category = django_forms.ChoiceField(label=_("Category"), required=False)
    group = django_forms.ChoiceField(label=_("Beneficiary group"), required=False)

    def __init__(self, *args, categories=(), groups=(), **kwargs):
        """`categories` and `groups`: (slug, name) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["category"].choices = [("", _("All categories")), *categories]
        self.fields["group"].choices = [("", _("All groups")), *groups]


def search_service_ids(query: str, locale_id: int) -> list[int]:
    """Ids of the services in a language whose folded text matches the folded query."""
    # Words only: quotes and brackets are query syntax to the search backends.
    folded = " ".join(re.sub(r"[^\w\s]", " ", normalise_for_search(query)).split())
    if not folded:
        return []
    results = ServicePage.objects.live().filter(locale_id=locale_id).search(folded)
    return [page.pk for page in results]


def listing(index_page, request=None) -> tuple[dict, ...]:
    """Every live, public service of the catalog, as plain values, kept by each worker until
    content changes (core/site_facts.py): filtering them costs no query (but a search's)."""
    key = ("service-listing", site_facts.site_id(request), index_page.pk)
    return site_facts.remembered(request, key, lambda: _listing(index_page, request))


def _listing(index_page, request) -> tuple[dict, ...]:
    services = site_facts.public(
        ServicePage.objects.child_of(index_page)
        .live()
        .select_related("category")
        .prefetch_related("beneficiary_groups")
        .defer_streamfields()
        .order_by("path"),
        request,
    )
    names = facets(index_page.locale_id, request, page_site_id(index_page, request))["group_names"]
    return tuple(
        {
            "pk": service.pk,
            "title": service.title,
            "url": service.get_url(request),
            "summary": service.summary,
            "category_slug": service.category.slug if service.category else "",
            "category_name": service.category.name if service.category else "",
            # Services point at the source-language groups (slugs are shared); readers see translations.
            "group_slugs": tuple(group.slug for group in service.beneficiary_groups.all()),
            "group_names": tuple(names.get(g.translation_key, g.name) for g in service.beneficiary_groups.all()),
            "accepts_requests": service.accepts_requests,
        }
        for service in services
    )


def catalog_context(index_page, request) -> dict:
    locale_id = index_page.locale_id
    # The filters offer the catalogue's own association's categories and groups.
    known = facets(locale_id, request, page_site_id(index_page, request))
    form = ServiceFilterForm(request.GET or None, categories=known["categories"], groups=known["groups"])
    form.is_valid()  # an unknown value only drops its own filter
    chosen = getattr(form, "cleaned_data", {})

    services = listing(index_page, request)
    if chosen.get("category"):
        services = [service for service in services if service["category_slug"] == chosen["category"]]
    if chosen.get("group"):
        services = [service for service in services if chosen["group"] in service["group_slugs"]]
    if chosen.get("q"):
        found = set(search_service_ids(chosen["q"], locale_id))
        services = [service for service in services if service["pk"] in found]
    return {
        "filter_form": form,
        "services": list(services),
        "filtered": any(chosen.get(name) for name in ("q", "category", "group")),
    }
