"""Wagtail's site history, each association's own: entries about records of another association (a row with
its `site`, a site setting, a staff group, a person) are left out for all but superusers. Pages are already
left out by page permissions (given on each association's own root pages), family files and requests by
their own log models. Served in front of Wagtail's own view at the same address (website.urls)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry, Site

from organisation.associations import working_site_id


def _keys(queryset):
    return queryset.annotate(key=Cast("pk", CharField())).values("key")


def records_here(model, site_id):
    """The rows of `model` that belong to association `site_id`; None for a model of no association."""
    if model is get_user_model():
        return model._default_manager.filter(groups__association_link__site_id=site_id)
    if model is Group:
        return model._default_manager.filter(association_link__site_id=site_id)
    try:
        field = model._meta.get_field("site")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a model without _meta fields of that name
        return None
    if getattr(field, "related_model", None) is not Site:
        return None
    return model._default_manager.filter(site_id=site_id)


def elsewhere(site_id) -> Q | None:
    """Model log entries about records of associations other than `site_id` (None: there are none)."""
    excluded = None
    used = ModelLogEntry.objects.order_by().values_list("content_type_id", flat=True).distinct()
    for content_type_id in used:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        ours = records_here(model, site_id) if model is not None and model in apps.get_models() else None
        if ours is not None:
            clause = Q(content_type_id=content_type_id) & ~Q(object_id__in=_keys(ours))
            excluded = clause if excluded is None else excluded | clause
    return excluded


class AssociationLogEntriesView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry and not self.request.user.is_superuser:
            if not hasattr(self, "_elsewhere"):
                self._elsewhere = elsewhere(working_site_id(self.request))
            if self._elsewhere is not None:
                queryset = queryset.exclude(self._elsewhere)
        return queryset


urlpatterns = [
    path(
        "reports/site-history/",
        require_admin_access(never_cache(AssociationLogEntriesView.as_view())),
        name="organisation_site_history",
    ),
    path(
        "reports/site-history/results/",
        require_admin_access(never_cache(AssociationLogEntriesView.as_view(results_only=True))),
        name="organisation_site_history_results",
    ),
]
