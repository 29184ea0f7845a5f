"""One session in the admin: its agenda (the secretary adds the waiting requests, orders and removes them until
it opens), attendance, stand-asides and the decision on each item, opening, and closing or adjourning.

Every view reaches the session within the association of the admin's host and an item within its session: an id
of another association's session or of another session's item is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee import agenda, closing, sessions
from committee.decision_forms import AttendanceForm, DecisionForm, StandAsideForm
from committee.minutes_page import minutes_context
from committee.models import AgendaItem, CommitteeSession, Decision
from committee.permissions import PREPARE, RECORD, SEE, require, site_of


def session_url(session) -> str:
    return reverse("committee:session", args=[session.pk])


def session_or_404(request, pk, permission) -> CommitteeSession:
    require(request.user, permission)
    return get_object_or_404(CommitteeSession.objects.select_related("site", "chair"), pk=pk, site=site_of(request))


def item_or_404(session, item_pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("case__submission"), pk=item_pk, session=session)


def version_seen(request) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1


def session_page(request, pk):
    """The session: its date in both calendars, who attends, the agenda with each family's summary and the
    research recommendation, and what the secretary may do next."""
    session = session_or_404(request, pk, SEE)
    language = translation.get_language() or "ar"
    user = request.user
    items = agenda.agenda_rows(session)
    attendance = list(session.attendance.select_related("member").order_by("member__first_name", "member__pk"))
    context = {
        "session": session,
        "hijri": session.hijri_display(language),
        "gregorian": session.gregorian_display(language),
        "items": items,
        "members": list(session.members.order_by("first_name", "last_name", "username")),
        "attendance": attendance,
        "present": sum(1 for row in attendance if row.present),
        "quorum": sessions.quorum_of(session),
        "may_prepare": user.has_perm(PREPARE) and session.is_preparing,
        "may_record": user.has_perm(RECORD) and session.is_open,
        "may_open": user.has_perm(RECORD) and session.is_preparing and bool(items),
    }
    context.update(minutes_context(request, session))
    if context["may_prepare"]:
        context["waiting"] = list(agenda.waiting_requests(session.site)[:200])
    return TemplateResponse(request, "committee/session.html", context)


@require_POST
def add_requests(request, pk):
    session = session_or_404(request, pk, PREPARE)
    ids = [int(value) for value in request.POST.getlist("case") if value.isdigit()]
    try:
        added = agenda.add_requests(session, ids)
    except agenda.AgendaError as error:
        messages.error(request, str(error))
    else:
        if added:
            messages.success(request, _("%(count)s requests were added to the agenda.") % {"count": added})
        else:
            messages.error(request, _("Choose the waiting requests to add to the agenda."))
    return redirect(session_url(session))


@require_POST
def remove_item(request, pk, item_pk):
    session = session_or_404(request, pk, PREPARE)
    item = item_or_404(session, item_pk)
    try:
        agenda.remove_item(session, item)
    except agenda.AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Request %(reference)s was removed from the agenda: it waits for a session.")
                         % {"reference": item.case.submission.reference})  # fmt: skip
    return redirect(session_url(session))


@require_POST
def move_item(request, pk, item_pk):
    session = session_or_404(request, pk, PREPARE)
    item = item_or_404(session, item_pk)
    try:
        agenda.move_item(session, item, -1 if request.POST.get("direction") == "up" else 1)
    except agenda.AgendaError as error:
        messages.error(request, str(error))
    return redirect(f"{session_url(session)}#item-{item.pk}")


@require_POST
def open_session(request, pk):
    session = session_or_404(request, pk, RECORD)
    try:
        sessions.open_session(session, expected_version=version_seen(request))
    except sessions.SessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The session is open: record who attends, then each decision."))
    return redirect(session_url(session))


def attendance(request, pk):
    """Who of the members invited attended."""
    session = session_or_404(request, pk, RECORD)
    present = session.attendance.filter(present=True).values_list("member_id", flat=True)
    form = AttendanceForm(request.POST or None, session=session, initial={"present": list(present)})
    if request.method == "POST" and form.is_valid():
        try:
            sessions.record_attendance(session, [member.pk for member in form.cleaned_data["present"]])
        except sessions.SessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The attendance was recorded."))
        return redirect(session_url(session))
    return TemplateResponse(
        request, "committee/attendance.html", {"session": session, "form": form, "quorum": sessions.quorum_of(session)}
    )


def decision(request, pk, item_pk):
    """The decision on one item, and the members standing aside from it (recorded before the vote)."""
    session = session_or_404(request, pk, RECORD)
    item = item_or_404(session, item_pk)
    if not session.is_open:
        messages.error(request, _("Decisions are recorded while the session is open."))
        return redirect(session_url(session))
    existing = Decision.objects.filter(item=item).first()
    aside_form = StandAsideForm(
        request.POST if "aside" in request.POST else None, session=session,
        initial={"standing_aside": list(item.standing_aside.all())},
    )  # fmt: skip
    form = DecisionForm(request.POST if "decide" in request.POST else None, item=item, instance=existing)
    if "aside" in request.POST and aside_form.is_valid():
        item.standing_aside.set(aside_form.cleaned_data["standing_aside"])
        messages.success(request, _("The members standing aside were recorded."))
        return redirect(reverse("committee:decision", args=[session.pk, item.pk]))
    if "decide" in request.POST and form.is_valid():
        recorded = form.save(commit=False)
        recorded.recorded_by = request.user
        recorded.save()
        messages.success(request, _("Decision %(number)s was recorded.") % {"number": recorded.number})
        return redirect(f"{session_url(session)}#item-{item.pk}")
    context = {
        "session": session, "item": item, "form": form, "aside_form": aside_form,
        "voters": len(form.voters), "recommendation": agenda.recommendation_for(item.case),
    }  # fmt: skip
    return TemplateResponse(request, "committee/decision.html", context)


def close(request, pk):
    """Close the session (every decision applied together) or adjourn it (its requests carried)."""
    session = session_or_404(request, pk, RECORD)
    if request.method == "POST":
        adjourn = request.POST.get("adjourn") == "1"
        try:
            closing.close_session(session.pk, user=request.user, expected_version=version_seen(request),
                                  adjourn=adjourn)  # fmt: skip
        except closing.ClosingError as error:
            messages.error(request, str(error))
        else:
            if adjourn:
                messages.success(request, _("The session was adjourned: its requests are carried to the next one."))
            else:
                messages.success(request, _("The session was closed and its decisions applied."))
            return redirect(session_url(session))
    context = {
        "session": session, "quorum": sessions.quorum_of(session), "has_quorum": sessions.has_quorum(session),
        "undecided": session.items.filter(decision__isnull=True).count(),
    }  # fmt: skip
    return TemplateResponse(request, "committee/close.html", context)


urlpatterns = [
    path("<int:pk>/", session_page, name="session"),
    path("<int:pk>/agenda/add/", add_requests, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", remove_item, name="agenda_remove"),
    path("<int:pk>/agenda/<int:item_pk>/move/", move_item, name="agenda_move"),
    path("<int:pk>/open/", open_session, name="open"),
    path("<int:pk>/attendance/", attendance, name="attendance"),
    path("<int:pk>/items/<int:item_pk>/", decision, name="decision"),
    path("<int:pk>/close/", close, name="close"),
]
