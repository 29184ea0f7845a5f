"""A researcher's visit to a family (at home or at the office), and every rescheduling of it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core import message_events
from research.models.tasks import ResearchTask

# What the applicant is told of a visit (research.visits sends them), with the date in both calendars.
VISIT_PLACEHOLDERS = ("visit_date", "visit_date_hijri", "visit_from", "visit_to", "visit_place")
VISIT_PLANNED = message_events.register("visit_planned", _("A research visit planned"), placeholders=VISIT_PLACEHOLDERS)
VISIT_RESCHEDULED = message_events.register(
    "visit_rescheduled", _("A research visit rescheduled"), placeholders=VISIT_PLACEHOLDERS
)


class VisitPlace(models.TextChoices):
    HOME = "home", _("At the family's home")
    OFFICE = "office", _("At the association's office")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Visit(models.Model):
    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(ResearchTask, verbose_name=_("research task"), on_delete=models.CASCADE,
                             related_name="visits")  # fmt: skip
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    place = models.CharField(_("place"), max_length=8, choices=VisitPlace.choices, default=VisitPlace.HOME)
    status = models.CharField(_("status"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by every change, checked in the UPDATE: of two people changing one visit at once, one wins.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="research_visit_window")]

    def __str__(self):
        return f"{self.date} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class VisitChange(models.Model):
    """A rescheduling: the old date and window, the new, who, when and why."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="changes")
    old_date = models.DateField()
    old_starts_at = models.TimeField()
    old_ends_at = models.TimeField()
    new_date = models.DateField()
    new_starts_at = models.TimeField()
    new_ends_at = models.TimeField()
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visit rescheduled")
        verbose_name_plural = _("visits rescheduled")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.old_date} → {self.new_date}"
