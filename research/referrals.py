"""Research tasks follow the request's moves (the inbox's `case_moved` signal, after the move committed): a
referral to research opens one, assigned to the researcher the referral named and due after the period of
the request's service; leaving research closes it (done when the request goes on, cancelled when it ends)."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from beneficiaries.linking import site_id_of
from inbox import services
from inbox.lifecycle import Status
from research import assignment
from research.models import ResearchSettings, ResearchTask, TaskStatus, VisitStatus

logger = logging.getLogger(__name__)

# Leaving research for one of these ends the request without the research: the task is cancelled.
ENDS_WITHOUT_RESEARCH = {Status.SPAM, Status.WITHDRAWN}


def service_key(case):
    """The translation key of the request's service (one query), or None."""
    service = case.submission.service
    return service.translation_key if service is not None else None


def settings_for(site_id) -> ResearchSettings:
    return ResearchSettings.for_site(Site(pk=site_id))


def due_date_for(case, site_id, today: datetime.date | None = None) -> datetime.date:
    config = settings_for(site_id)
    return (today or timezone.localdate()) + datetime.timedelta(days=config.days_for(service_key(case)))


def follow_the_move(sender, case, from_status, to_status, user=None, **kwargs):
    if to_status == Status.RESEARCH:
        open_task(case, user)
    elif from_status == Status.RESEARCH or to_status in ENDS_WITHOUT_RESEARCH:
        close_tasks(case, TaskStatus.CANCELLED if to_status in ENDS_WITHOUT_RESEARCH else TaskStatus.DONE)


@transaction.atomic
def open_task(case, user=None) -> ResearchTask:
    open_task = ResearchTask.objects.select_for_update().filter(case=case, status=TaskStatus.OPEN).first()
    if open_task is not None:  # the signal sent twice: one task
        return open_task
    site_id = site_id_of(case)
    task = ResearchTask.objects.create(
        site_id=site_id, case=case, assignee_id=case.researcher_id, due_date=due_date_for(case, site_id),
        outside_rule=assignment.outside_rule(case, site_id, case.researcher_id),
    )  # fmt: skip
    if task.outside_rule and user is not None:
        # Visible on the request's timeline and panel: the referral stands (the rule is the association's
        # guidance, not a lock), but whoever reads the request sees it broke the rule.
        try:
            services.add_note(case.pk, str(RULE_NOTE), user=user)
        except services.InboxError:
            logger.warning("Could not note the assignment rule on request %s", case.pk)
    return task


RULE_NOTE = _(
    "This household is headed by a woman, and the researcher chosen is not among those the association names "
    "for such households (the assignment rule in the research settings)."
)


@transaction.atomic
def close_tasks(case, status) -> int:
    now = timezone.now()
    tasks = list(ResearchTask.objects.select_for_update().filter(case=case, status=TaskStatus.OPEN))
    for task in tasks:
        task.status, task.closed_at = status, now
        task.save(update_fields=["status", "closed_at"])
        if status == TaskStatus.CANCELLED:
            task.visits.filter(status=VisitStatus.PLANNED).update(status=VisitStatus.CANCELLED)
    return len(tasks)


def suggested_researchers(request, case):
    """The inbox's `inbox_suggested_researchers` hook: the rule's researchers for a household headed by a woman,
    offered first (and the first preselected) where the request is referred."""
    if case.status not in (Status.VERIFICATION, Status.WAITING, Status.COMMITTEE):
        return []
    return [person.pk for person in assignment.rule_applies(case, site_id_of(case))]
