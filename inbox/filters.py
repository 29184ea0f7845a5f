"""The inbox listing's filters."""

import django_filters
from django import forms as django_forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from forms.kinds import FormKind
from inbox.lifecycle import CLOCK_STOPPED, Status
from inbox.models import Case


def form_choices():
    """Each form once (its page in the site's main language), keyed by its translation key."""
    from core.localization import default_locale_id
    from forms.models import FormPage

    return [
        (str(key), title)
        for key, title in FormPage.objects.filter(locale_id=default_locale_id())
        .order_by("title")
        .values_list("translation_key", "title")
    ]


def service_choices():
    from wagtail.models import Page

    from core.localization import default_locale_id

    return list(
        Page.objects.filter(locale_id=default_locale_id(), content_type__model="servicepage")
        .order_by("title")
        .values_list("pk", "title")
    )


def assignee_choices():
    from inbox.services import staff_in_inbox

    return [("mine", _("Mine")), ("unassigned", _("Unassigned"))] + [
        (str(user.pk), user.get_full_name() or user.get_username()) for user in staff_in_inbox()
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
    received = django_filters.DateFromToRangeFilter(
        label=_("Received between"), field_name="submission__submitted_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Case
        fields = []

    def filter_assignee(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(assignee=self.request.user)
        if value == "unassigned":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        overdue = Q(answered_at__isnull=True, due_date__lt=timezone.localdate()) & ~Q(status__in=CLOCK_STOPPED)
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)


class AssignForm(django_forms.Form):
    assignee = django_forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from inbox.services import staff_in_inbox

        self.fields["assignee"].choices = [("", _("Nobody (unassign)"))] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in staff_in_inbox()
        ]
