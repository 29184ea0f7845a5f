"""The inbox listing's filters and search, and the listing as they narrow it (exports, bulk actions)."""

import re

import django_filters
from django import forms as django_forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Page

from core import bidi
from core.arabic import normalise_for_search, to_western_digits
from core.localization import default_locale_id
from forms.kinds import FormKind
from forms.models import FormPage
from forms.references import normalise_reference
from forms.saudi import clean_saudi_mobile
from inbox import services
from inbox.lifecycle import CLOCK_STOPPED, Status
from inbox.models import Case, Escalation
from organisation.associations import pages_in_trees_of


def own_pages(pages, site_id):
    """`pages` of the association worked in (every association's without one: a management command's)."""
    return pages if site_id is None else pages_in_trees_of(site_id, pages)


def form_choices(site_id=None):
    """Each form of the association once (its page in the site's main language), keyed by its translation key:
    another association's forms are neither offered nor read, however many associations there are."""
    forms = own_pages(FormPage.objects.filter(locale_id=default_locale_id()), site_id)
    return [(str(key), title) for key, title in forms.order_by("title").values_list("translation_key", "title")]


def service_choices(site_id=None):
    services_of_site = own_pages(
        Page.objects.filter(locale_id=default_locale_id(), content_type__model="servicepage"), site_id
    )
    return list(services_of_site.order_by("title").values_list("pk", "title"))


def assignee_choices(site_id=None):
    return [("mine", _("Mine")), ("unassigned", _("Unassigned"))] + [
        (str(user.pk), user.get_full_name() or user.get_username()) for user in services.staff_in_inbox(site_id)
    ]


class CaseFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="submission__kind", choices=FormKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    form = django_filters.ChoiceFilter(label=_("Form"), field_name="submission__form_key", choices=form_choices)
    service = django_filters.ChoiceFilter(
        label=_("Service"), field_name="submission__service_id", choices=service_choices
    )
    assignee = django_filters.ChoiceFilter(label=_("Assigned to"), choices=assignee_choices, method="filter_assignee")
    language = django_filters.ChoiceFilter(
        label=_("Language"), field_name="submission__language", choices=settings.LANGUAGES
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), method="filter_overdue", choices=[("true", _("Overdue only")), ("false", _("Not overdue"))]
    )
    escalated = django_filters.ChoiceFilter(
        label=_("Escalated"), method="filter_escalated",
        choices=[(Escalation.Level.SUPERVISOR, _("Escalated (to the supervisors)")),
                 (Escalation.Level.DIRECTOR, _("Escalated to the executive director"))],
    )  # fmt: skip
    received = django_filters.DateFromToRangeFilter(
        label=_("Received between"), field_name="submission__submitted_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # The staff of the association worked in, only.
        site_id = getattr(getattr(request, "user", None), "working_site_id", None)
        self.filters["assignee"].extra["choices"] = lambda: assignee_choices(site_id)
        self.filters["form"].extra["choices"] = lambda: form_choices(site_id)
        self.filters["service"].extra["choices"] = lambda: service_choices(site_id)

    def filter_assignee(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(assignee=self.request.user)
        if value == "unassigned":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def filter_escalated(self, queryset, name, value):
        """Every escalated complaint reached the supervisors first; some went on to the executive director."""
        return queryset.filter(pk__in=Escalation.objects.filter(level=value).values("case_id"))

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        overdue = Q(answered_at__isnull=True, due_date__lt=timezone.localdate()) & ~Q(status__in=CLOCK_STOPPED)
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)


class AssignForm(django_forms.Form):
    assignee = django_forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args, site_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody (unassign)"))] + [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in services.staff_in_inbox(site_id)
        ]


# --- search and the listing ------------------------------------------------------------------


def search_cases(queryset, query: str):
    """Reference, national ID, mobile (any digit set, any usual Saudi spelling) or name,
    each on an indexed column of the submission. Direction marks copied with a reference from
    an Arabic message (core.bidi) are dropped."""
    text = to_western_digits(bidi.strip_controls(query or "")).strip()
    if not text:
        return queryset
    if reference := normalise_reference(text):
        return queryset.filter(submission__reference=reference)
    digits = re.sub(r"[\s\-()+]", "", text)
    if digits.isdigit():
        if len(digits) == 10 and digits[0] in "12":
            return queryset.filter(submission__applicant_national_id=digits)
        try:
            return queryset.filter(submission__applicant_mobile=clean_saudi_mobile(text))
        except ValidationError:  # a reference's number typed alone
            return queryset.filter(submission__reference__endswith=f"-{int(digits):06d}")
    for word in normalise_for_search(text).split():  # every word, in any order
        queryset = queryset.filter(submission__applicant_name_search__contains=word)
    return queryset


def filtered_cases(request, params=None):
    """The cases of the listing as filtered and searched by `params` (the request's query by
    default): for exports, and for bulk actions on "every request in the listing"."""
    params = request.GET if params is None else params
    visible = services.visible_cases(request.user).select_related("submission", "assignee")
    filters = CaseFilterSet(params, queryset=visible, request=request)
    queryset = filters.qs if filters.is_valid() else visible
    return search_cases(queryset, params.get("q", ""))
