"""Test factories for social research: tasks opened by a real referral, and visits planned through research.visits.

`ResearchTaskFactory` sends a help request through a real form (inbox.factories.CaseFactory), links it to a
family's file when given one (`family=`), and refers it to `researcher` with the inbox's own move
(inbox.services.make_move): the task is the one the `case_moved` signal opened, after the commit the move waits for.
"""

import datetime

from django.test import TestCase
from django.utils import timezone
from factory.django import DjangoModelFactory

from beneficiaries.models import FileRequest, LinkedBy
from forms.kinds import FormKind
from inbox import services
from inbox.factories import CaseFactory, Staff
from inbox.lifecycle import Role, Status
from research import visits
from research.models import ResearchTask, Visit, VisitPlace


def after_commit():
    """Run what waits for the commit (the case_moved receivers) as it would run: tests never commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def refer(case, researcher, *, user):
    """Refer `case` (at data verification) to `researcher` as `user`; returns its open task."""
    with after_commit():
        services.make_move(case.pk, Status.RESEARCH, user=user, reason="يحتاج دراسة ميدانية", researcher=researcher)
    return ResearchTask.objects.select_related("case__submission", "assignee").get(case=case, status="open")


class ResearchTaskFactory(DjangoModelFactory):
    """The open research task of a help request referred to `researcher` (default: a new social researcher),
    on `site`, for `service`, in `language`; `family=` a BeneficiaryFile the request is linked to first;
    `staff` (role -> user) names who refers (default: new beneficiary relations)."""

    class Meta:
        model = ResearchTask

    researcher = None
    site = None
    service = None
    language = None
    family = None
    staff = None

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("A task is opened by a referral: use ResearchTaskFactory() or .create().")

    @classmethod
    def _create(cls, model_class, researcher=None, site=None, service=None, language=None, family=None, staff=None):
        staff = Staff(staff)
        case = CaseFactory(
            kind=FormKind.HELP_REQUEST, status=Status.VERIFICATION, site=site, service=service, language=language,
            staff=staff.users,
        )  # fmt: skip
        if family is not None:
            FileRequest.objects.create(file=family, case=case, linked_by=LinkedBy.STAFF)
        task = refer(case, researcher or staff[Role.RESEARCHER], user=staff[Role.RELATIONS])
        task.staff = staff.users
        return task


def plan_visit(task, *, user=None, days_ahead=3, starts_at=datetime.time(10), ends_at=datetime.time(12),
               place=VisitPlace.HOME) -> Visit:  # fmt: skip
    """A visit of `task` planned by `user` (default: its researcher) `days_ahead` days from today."""
    return visits.plan(
        task, date=timezone.localdate() + datetime.timedelta(days=days_ahead), starts_at=starts_at, ends_at=ends_at,
        place=place, user=user or task.assignee,
    )  # fmt: skip
