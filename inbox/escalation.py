"""Complaints not answered on time go up: to the supervisors once their due date has passed, then to the
executive director once it passed more than the days administrators set (InboxSettings.director_escalation_days).

Each level is reached once per request (an `Escalation` row, unique per request and level, written with the
request's row locked): the daily run (`manage.py inbox_reminders`) can run twice and escalates once. Each
escalation is on the request's timeline and audit log; the people holding the level's role (read from their
permissions, inbox.roles) get one email per run listing what reached them, and see it on their dashboard
(inbox.wagtail_hooks.EscalationPanel) and in the inbox under the filter "escalated".
"""

import dataclasses
import datetime
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.log_actions import log

from core import bidi
from forms.kinds import FormKind
from inbox.lifecycle import Role
from inbox.models import Case, CaseEvent, Escalation
from inbox.periods import settings_of, site_of
from inbox.roles import staff_holding
from inbox.tasks import case_url, staff_language
from organisation import channels

logger = logging.getLogger(__name__)

Level = Escalation.Level
ROLE_OF_LEVEL = {Level.SUPERVISOR: Role.SUPERVISOR, Level.DIRECTOR: Role.DIRECTOR}
ESCALATED_KINDS = (FormKind.COMPLAINT,)


@dataclasses.dataclass
class EscalationReport:
    escalated: dict = dataclasses.field(default_factory=lambda: {Level.SUPERVISOR: [], Level.DIRECTOR: []})
    emails: int = 0


def late_complaints(today):
    """Complaints not answered, the clock running, their due date passed."""
    return Case.objects.filter(submission__kind__in=ESCALATED_KINDS).overdue(today).select_related("submission")


def due_levels(case, today, reached) -> list[str]:
    """The levels `case` should have reached by `today` and has not."""
    levels = []
    if Level.SUPERVISOR not in reached:
        levels.append(Level.SUPERVISOR)
    director_after = datetime.timedelta(days=settings_of(case).director_escalation_days)
    if Level.DIRECTOR not in reached and case.due_date + director_after < today:
        levels.append(Level.DIRECTOR)
    return levels


def escalate(case_id, level, now, today) -> Case | None:
    """Raise the request to `level` once: returns it, or None when it already was (or is answered since)."""
    try:
        with transaction.atomic():
            # Checked again with the row locked: answered meanwhile, it is not escalated.
            late = Case.objects.filter(pk=case_id).overdue(today).select_for_update().select_related("submission")
            case = late.first()
            if case is None or Escalation.objects.filter(case=case, level=level).exists():
                return None
            Escalation.objects.create(site=site_of(case), case=case, level=level, escalated_at=now)
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ESCALATION, created_at=now, text=level)
            log(case, "inbox.escalate", user=None, data={"level": level})
    except IntegrityError:  # a run at the same moment escalated it first
        return None
    return case


def run(today=None, now=None) -> EscalationReport:
    """Escalate every late complaint to the levels it has reached, then email each level's people."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    report = EscalationReport()
    late = list(late_complaints(today).order_by("due_date", "pk"))
    reached = {}
    for case_id, level in Escalation.objects.filter(case__in=late).values_list("case_id", "level"):
        reached.setdefault(case_id, set()).add(level)
    for case in late:
        for level in due_levels(case, today, reached.get(case.pk, set())):
            escalated = escalate(case.pk, level, now, today)
            if escalated is not None:
                report.escalated[level].append(escalated)
    for level, cases in report.escalated.items():
        if cases:
            report.emails += tell_level(level, cases)
    return report


def tell_level(level, cases) -> int:
    """One email to each person holding the level's role, listing the complaints that reached them: those
    of each association to its own staff."""
    by_site = {}
    for case in cases:
        by_site.setdefault(case.submission.site_id, []).append(case)
    return sum(_tell_level_at(level, site_id, site_cases) for site_id, site_cases in by_site.items())


def _tell_level_at(level, site_id, cases) -> int:
    sent = 0
    sender = channels.sender_email(site_id)  # the association's own address, else the deployment's
    for user in staff_holding(ROLE_OF_LEVEL[level], site_id=site_id).exclude(email=""):
        with translation.override(staff_language(user)):
            context = {"cases": [(case, case_url(case)) for case in cases], "user": user, "level": level}
            try:
                send_mail(
                    bidi.isolate_if_rtl(render_to_string("inbox/email/escalated_subject.txt", context).strip()),
                    bidi.isolate_if_rtl(render_to_string("inbox/email/escalated_body.txt", context)),
                    sender,
                    [user.email],
                )
            except Exception:  # one broken address must not stop the others'
                logger.exception("Could not send the escalation email to user %s", user.pk)
                continue
        sent += 1
    return sent


def escalated_to(level, site_id=None):
    """The complaints escalated to `level` and still not answered, oldest due first: a dashboard's list
    (of the association on `site_id`, when given)."""
    cases = Case.objects.for_site(site_id) if site_id is not None else Case.objects.all()
    return (
        cases.filter(escalations__level=level, answered_at__isnull=True)
        .open()
        .select_related("submission")
        .order_by("due_date", "pk")
        .distinct()
    )
