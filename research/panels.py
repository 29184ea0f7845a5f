"""The research on a request's page (the inbox's `inbox_case_panels` hook): its tasks, the visits of each with
their reschedulings, and, to whoever works the task, the ways to plan and change a visit."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from wagtail.admin.ui.components import Component

from core.calendars import hijri_display
from forms.kinds import FormKind
from research import access
from research.models import ResearchTask, Visit, VisitChange


class ResearchPanel(Component):
    template_name = "research/case_research.html"

    def __init__(self, tasks, request):
        self.tasks = tasks
        self.request = request

    def get_context_data(self, parent_context=None):
        language = translation.get_language() or "ar"
        user = self.request.user
        for task in self.tasks:
            task.due_hijri = hijri_display(task.due_date, language)
            task.may_work = task.is_open and access.may_work(user, task)
            task.plan_url = reverse("research_tasks:plan_visit", args=[task.pk])
            for visit in task.visits.all():
                visit.hijri = hijri_display(visit.date, language)
                visit.reschedule_url = reverse("research_tasks:reschedule_visit", args=[task.pk, visit.pk])
                visit.finish_url = reverse("research_tasks:finish_visit", args=[task.pk, visit.pk])
        return {"tasks": self.tasks}


def research_summary(request, case):
    """The panel for a help request that was referred to research, to whoever may see the request."""
    if case.submission.kind != FormKind.HELP_REQUEST:
        return None
    changes = VisitChange.objects.select_related("changed_by")
    visits = Visit.objects.prefetch_related(Prefetch("changes", queryset=changes))
    tasks = list(
        ResearchTask.objects.filter(case=case)
        .select_related("assignee")
        .prefetch_related(Prefetch("visits", queryset=visits))
        .order_by("-opened_at", "-pk")
    )
    if not tasks:
        return None
    return ResearchPanel(tasks, request)
