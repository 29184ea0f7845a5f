"""Reading the catalog: filters, search and the localisation of groups.

Every listing here costs a fixed number of queries, however many services
there are (tests/test_services_queries.py holds it to that).
"""

import re

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from services.models import BeneficiaryGroup, ServiceCategory, ServicePage
from website.arabic import normalise_for_search


def localized_groups(groups, locale):
    """`groups` (source-language rows) as their translations into `locale`, in one query."""
    groups = list(groups)
    locale_id = locale.pk if isinstance(locale, Locale) else locale
    translated = {
        group.translation_key: group
        for group in BeneficiaryGroup.objects.filter(
            translation_key__in=[group.translation_key for group in groups], locale_id=locale_id
        ).select_related("locale")
    }
    return [translated.get(group.translation_key, group) for group in groups]


class ServiceFilterForm(django_forms.Form):
    q = django_forms.CharField(label=_("Search"), required=False, max_length=100)
    category = django_forms.ChoiceField(label=_("Category"), required=False)
    group = django_forms.ChoiceField(label=_("Beneficiary group"), required=False)

    def __init__(self, *args, categories=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["category"].choices = [("", _("All categories"))] + [(c.slug, c.name) for c in categories]
        self.fields["group"].choices = [("", _("All groups"))] + [(g.slug, g.name) for g in groups]


def search_service_ids(query: str, locale_id: int) -> list[int]:
    """Ids of the services in a language whose folded text matches the folded query."""
    # Words only: quotes and brackets are query syntax to the search backends.
    folded = " ".join(re.sub(r"[^\w\s]", " ", normalise_for_search(query)).split())
    if not folded:
        return []
    results = ServicePage.objects.live().filter(locale_id=locale_id).search(folded)
    return [page.pk for page in results]


def catalog_context(index_page, request) -> dict:
    locale_id = index_page.locale_id
    categories = list(ServiceCategory.objects.filter(locale_id=locale_id))
    groups = localized_groups(BeneficiaryGroup.objects.filter(locale=Locale.get_default()), locale_id)
    form = ServiceFilterForm(request.GET or None, categories=categories, groups=groups)
    form.is_valid()  # an unknown value only drops its own filter
    chosen = getattr(form, "cleaned_data", {})

    services = (
        ServicePage.objects.child_of(index_page)
        .live()
        .public()
        .select_related("category")
        .prefetch_related("beneficiary_groups")
        .order_by("path")
    )
    if chosen.get("category"):
        services = services.filter(category__slug=chosen["category"])
    if chosen.get("group"):
        # Services point at the source-language groups; slugs are shared.
        services = services.filter(beneficiary_groups__slug=chosen["group"]).distinct()
    if chosen.get("q"):
        services = services.filter(pk__in=search_service_ids(chosen["q"], locale_id))
    services = list(services)

    names = {group.translation_key: group.name for group in groups}
    for service in services:
        service.group_names = [names.get(g.translation_key, g.name) for g in service.beneficiary_groups.all()]
    return {
        "filter_form": form,
        "services": services,
        "filtered": any(chosen.get(name) for name in ("q", "category", "group")),
    }
