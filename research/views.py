"""Research in the admin: the researchers' list of tasks due and overdue (their own; every task for beneficiary
relations and administrators, filtered by researcher), and a visit planned, rescheduled, done or cancelled.

Every view reaches a visit through its task, and a task only among those this person may see: a task or visit
of someone else's, or of another association, is a 404; a staff member without a research role is refused
(403), as in the inbox."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.calendars import hijri_display
from inbox.lifecycle import Role
from inbox.roles import staff_holding, staff_with_role
from organisation.associations import working_site_id
from research import access, visits
from research.models import ResearchTask, Visit, VisitStatus
from research.visit_forms import RescheduleForm, VisitForm


class ResearchPolicy(ModelPermissionPolicy):
    """Researchers and beneficiary relations open the list; what each sees in it is `access.tasks_visible_to`.
    Nobody adds, edits or deletes a task here: a referral opens it, the request's moves close it."""

    def user_has_permission(self, user, action):
        return action == "view" and access.works_research(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and access.works_research(user)

    def users_with_any_permission(self, actions, **kwargs):
        if "view" not in actions:
            return get_user_model().objects.none()
        return staff_holding(Role.RESEARCHER, Role.RELATIONS)


def researchers_here(request):
    """The researchers of the association worked in: researchers through its groups or a group tied to no
    association (in one condition: a researcher elsewhere who is in some other group here is none)."""
    return staff_with_role(Role.RESEARCHER, site_id=working_site_id(request))


class TaskFilterSet(WagtailFilterSet):
    assignee = django_filters.ModelChoiceFilter(
        label=_("social researcher"), queryset=lambda request: researchers_here(request)
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")

    class Meta:
        model = ResearchTask
        fields = ["assignee"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not access.sees_all(request.user):
            del self.filters["assignee"]  # a researcher's list is theirs alone

    def filter_overdue(self, queryset, name, value):
        late = Q(due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class DueColumn(Column):
    """The due date in both calendars, flagged when passed."""

    def get_value(self, instance):
        language = translation.get_language() or "ar"
        text = f"{instance.due_date:%Y-%m-%d} ({hijri_display(instance.due_date, language)})"
        return f"{text} — {_('Overdue')}" if instance.is_overdue else text


class TaskIndexView(IndexView):
    default_ordering = "due_date"
    page_title = _("Research tasks")

    def get_base_queryset(self):
        planned = Q(visits__status=VisitStatus.PLANNED)
        return (
            access.tasks_visible_to(self.request.user, ResearchTask.objects.open(), working_site_id(self.request))
            .select_related("case__submission", "assignee")
            .annotate(next_visit=Min("visits__date", filter=planned))
        )

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    def get_valid_orderings(self):
        return ["due_date", "-due_date", "opened_at", "-opened_at"]

    @property
    def columns(self):
        return [
            TitleColumn(
                "reference", label=_("Reference"), accessor="case.submission.reference",
                get_url=lambda task: reverse("inbox:detail", args=[task.case_id]),
            ),
            Column("applicant", label=_("Applicant"), accessor="case.submission.applicant_name"),
            Column("service", label=_("Service"), accessor="case.submission.service_title"),
            Column("assignee", label=_("social researcher"), accessor="assignee"),
            DateColumn("opened_at", label=_("opened at"), sort_key="opened_at"),
            DueColumn("due_date", label=_("research due by"), sort_key="due_date"),
            DateColumn("next_visit", label=_("next visit")),
        ]  # fmt: skip


class ResearchTaskViewSet(ModelViewSet):
    model = ResearchTask
    icon = "calendar-check"
    menu_label = _("Research tasks")
    menu_order = 205
    add_to_admin_menu = True
    url_prefix = "research/tasks"
    index_view_class = TaskIndexView
    filterset_class = TaskFilterSet
    permission_policy = ResearchPolicy(ResearchTask)
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = []
    list_per_page = 50

    def get_urlpatterns(self):
        index = [pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results")]
        return index + [
            path("<int:task_pk>/visits/new/", plan_visit, name="plan_visit"),
            path("<int:task_pk>/visits/<int:pk>/reschedule/", reschedule_visit, name="reschedule_visit"),
            path("<int:task_pk>/visits/<int:pk>/finish/", finish_visit, name="finish_visit"),
        ]


# --- visits ---------------------------------------------------------------------------------------------------
def task_or_404(request, task_pk) -> ResearchTask:
    """Never a task by id alone: only among those this person may work."""
    if not access.works_research(request.user):
        raise PermissionDenied
    queryset = access.tasks_visible_to(request.user, site_id=working_site_id(request))
    queryset = queryset.select_related("case__submission", "assignee")
    return get_object_or_404(queryset, pk=task_pk)


def visit_or_404(task, pk) -> Visit:
    return get_object_or_404(Visit, pk=pk, task=task)


def _back(task):
    return redirect(reverse("inbox:detail", args=[task.case_id]))


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _closed(request, task):
    messages.error(request, _("This research task is closed: its visits can no longer change."))
    return _back(task)


def plan_visit(request, task_pk):
    task = task_or_404(request, task_pk)
    if not task.is_open:
        return _closed(request, task)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visits.plan(task, user=request.user, **form.cleaned_data)
        except visits.VisitError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The visit was planned and the applicant told."))
            return _back(task)
    title = _("Plan a visit")
    return TemplateResponse(request, "research/visit_form.html", {"task": task, "form": form, "title": title})


def reschedule_visit(request, task_pk, pk):
    task = task_or_404(request, task_pk)
    visit = visit_or_404(task, pk)
    if not task.is_open:
        return _closed(request, task)
    initial = {field: getattr(visit, field) for field in ("date", "starts_at", "ends_at", "place")}
    form = RescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visits.reschedule(visit, user=request.user, expected_version=_version(request), **form.cleaned_data)
        except visits.VisitError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The visit was rescheduled and the applicant told."))
            return _back(task)
    context = {"task": task, "visit": visit, "form": form, "title": _("Reschedule the visit")}
    return TemplateResponse(request, "research/visit_form.html", context)


@require_POST
def finish_visit(request, task_pk, pk):
    task = task_or_404(request, task_pk)
    visit = visit_or_404(task, pk)
    try:
        visits.finish(visit, request.POST.get("status", ""), user=request.user, expected_version=_version(request))
    except visits.VisitError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The visit is now “%(status)s”.") % {"status": visit_status_label(request)})
    return _back(task)


def visit_status_label(request) -> str:
    status = request.POST.get("status", "")
    return str(VisitStatus(status).label) if status in VisitStatus.values else status
