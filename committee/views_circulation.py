"""Circulation in the admin: the list (what waits for this member's answer; for the secretary, every open one),
a new circulation (the secretary or an administrator), and one circulation with its answers, where a member asked
answers once.

A circulation is reached within the association of the admin's host (another's is a 404), and only by the members
asked and those who may open one (the secretary, administrators)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from committee import circulation, closing
from committee.circulation_forms import AnswerForm, CirculationForm
from committee.models import Circulation, CirculationStatus
from committee.permissions import PREPARE, SEE, require, site_of


def circulation_url(row) -> str:
    return reverse("committee:circulation", args=[row.pk])


def circulation_list(request):
    require(request.user, SEE)
    site = site_of(request)
    context = {"waiting": list(circulation.waiting_for(request.user, site)), "may_open": request.user.has_perm(PREPARE)}
    if context["may_open"]:
        rows = Circulation.objects.filter(site=site).select_related("case__submission").order_by("-opened_at", "-pk")
        context["circulations"] = list(rows[:100])
    return TemplateResponse(request, "committee/circulations.html", context)


def circulation_new(request):
    require(request.user, PREPARE)
    site = site_of(request)
    form = CirculationForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            row = circulation.open_circulation(form.save(), form.cleaned_data["members"], user=request.user)
        except circulation.CirculationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The circulation was sent to the members."))
            return redirect(circulation_url(row))
    return TemplateResponse(request, "committee/circulation_new.html", {"form": form})


def circulation_detail(request, pk):
    require(request.user, SEE)
    row = get_object_or_404(
        Circulation.objects.select_related("case__submission", "service", "reason", "fund"), pk=pk,
        site=site_of(request),
    )  # fmt: skip
    asked = row.members.filter(pk=request.user.pk).exists()
    if not asked and not request.user.has_perm(PREPARE):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                circulation.answer(row.pk, request.user, form.cleaned_data["answer"])
            except (circulation.CirculationError, closing.ClosingError) as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your answer was recorded."))
                return redirect(circulation_url(row))
        else:
            messages.error(request, _("Choose your answer."))
        return redirect(circulation_url(row))
    answers = list(row.answers.select_related("member").order_by("answered_at", "pk"))
    context = {
        "circulation": row, "answers": answers, "form": form,
        "may_answer": asked and row.status == CirculationStatus.OPEN
        and request.user.pk not in {answer.member_id for answer in answers},
        "members": list(row.members.order_by("first_name", "last_name", "username")),
    }  # fmt: skip
    return TemplateResponse(request, "committee/circulation.html", context)


urlpatterns = [
    path("circulations/", circulation_list, name="circulations"),
    path("circulations/new/", circulation_new, name="circulation_new"),
    path("circulations/<int:pk>/", circulation_detail, name="circulation"),
]
