"""A research task: a request referred to a social researcher, who owes its research by a due date.

Opened by the inbox's `case_moved` signal when a request reaches research (research.tasks), closed when it
leaves: done when it goes on (to the committee, or waiting for the applicant's documents), cancelled when it
ends without research (spam, withdrawn). A request sent back to research opens a new task.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ResearchTaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TaskStatus.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class ResearchTask(models.Model):
    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        "inbox.Case", verbose_name=_("request"), on_delete=models.CASCADE, related_name="research_tasks"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social researcher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    due_date = models.DateField(_("research due by"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The referral went to a researcher outside the association's rule (a household headed by a woman).
    outside_rule = models.BooleanField(_("assigned outside the rule"), default=False)

    objects = ResearchTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("research task")
        verbose_name_plural = _("research tasks")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["assignee", "status", "due_date"], name="research_task_assignee_due")]
        constraints = [
            # One open task per request: a second referral while one is open would owe the research twice.
            models.UniqueConstraint(fields=["case"], condition=Q(status="open"), name="research_one_open_task")
        ]

    def __str__(self):
        return str(self.case)

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()
