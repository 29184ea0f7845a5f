"""The operator's screen: the associations with their health (counts only), creating one, suspending,
resuming and removing one (after an export: hosting.transfer.removal). Only for holders of
hosting.operate_associations (the deployment-wide Operators group)."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import log_actions

from hosting import health
from hosting.creation import AssociationRefused, create_association
from hosting.forms import AssociationForm, RemoveForm
from hosting.models import OPERATE_PERMISSION
from hosting.transfer.exporting import TransferRefused
from hosting.transfer.removal import remove_association
from organisation.models import Association

logger = logging.getLogger(__name__)


def can_operate(user) -> bool:
    return user.is_active and user.has_perm(OPERATE_PERMISSION)


def _operator_only(request):
    if not can_operate(request.user):
        raise PermissionDenied


def associations(request):
    _operator_only(request)
    rows = [
        (association, health.overdue_requests(association.site), health.disclosure_percentage(association.site))
        for association in Association.objects.select_related("site__root_page").order_by("site__hostname")
    ]
    return TemplateResponse(
        request,
        "hosting/associations.html",
        {
            "rows": rows,
            "last_backup": health.last_backup(),
            "page_title": _("Associations"),
            "header_icon": "site",
        },
    )


def create(request):
    _operator_only(request)
    form = AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = create_association(**form.cleaned_data)
        except AssociationRefused as refused:
            form.add_error(None, str(refused))
        else:
            if result.created:
                log_actions.log(result.association, "hosting.create", user=request.user)
                messages.success(
                    request,
                    _("The association on %(domain)s is up. Its administrator was emailed a link to set a password.")
                    % {"domain": result.site.hostname},
                )
            else:
                messages.info(request, _("That association already exists: nothing changed."))
            return redirect("hosting_associations")
    return TemplateResponse(
        request,
        "hosting/create.html",
        {"form": form, "page_title": _("New association"), "header_icon": "site"},
    )


def _set_status(request, pk, status, done):
    _operator_only(request)
    association = get_object_or_404(Association.objects.select_related("site"), pk=pk)
    if association.status != status:
        association.status = status
        association.save(update_fields=["status"])
        log_actions.log(association, f"hosting.{status}", user=request.user)
    messages.success(request, done % {"name": str(association)})
    return redirect("hosting_associations")


@require_POST
def suspend(request, pk):
    return _set_status(request, pk, Association.Status.SUSPENDED, _("%(name)s is suspended."))


@require_POST
def resume(request, pk):
    return _set_status(request, pk, Association.Status.ACTIVE, _("%(name)s is active again."))


def remove(request, pk):
    """A confirmation page: removing needs an export made since the association's last change."""
    _operator_only(request)
    association = get_object_or_404(Association.objects.select_related("site"), pk=pk)
    form = RemoveForm(request.POST or None, expected=association.site.hostname)
    if request.method == "POST" and form.is_valid():
        name, domain = str(association), association.site.hostname
        try:
            remove_association(domain, form.cleaned_data["export_directory"])
        except TransferRefused as refused:
            form.add_error(None, str(refused))
        else:
            # Not in Wagtail's history: an entry about the removed site would travel with a later import.
            logger.info("association %s removed by operator %s", domain, request.user.pk)
            messages.success(request, _("%(name)s was removed from this deployment.") % {"name": name})
            return redirect("hosting_associations")
    return TemplateResponse(
        request,
        "hosting/remove.html",
        {"form": form, "association": association, "page_title": _("Remove an association"), "header_icon": "site"},
    )
