"""Test factories for the inbox: requests (cases) at any status, message templates, inbox settings.

`CaseFactory(status=...)` sends a request through a real form (forms.factories.SubmissionFactory: the
inbox opens its case) and then takes it, move by move, along the shortest way its kind's procedure
(inbox.lifecycle) allows, each move made by `inbox.services` as a staff member of a role allowed to
make it: its timeline, dates, messages owed and audit log are what staff would have left.
"""

import collections

import factory
from factory.django import DjangoModelFactory
from wagtail.models import Site

from forms.factories import SubmissionFactory
from forms.kinds import FormKind
from inbox import services
from inbox.lifecycle import APPLICANT, LIFECYCLES, Event, Role, lifecycle_of
from inbox.models import Case, InboxSettings, MessageTemplate
from organisation.factories import SiteSettingFactory, UserFactory

# The kind a status is reached with when none is asked for: the first kind whose procedure has it.
KIND_ORDER = [FormKind.HELP_REQUEST, FormKind.COMPLAINT, FormKind.VOLUNTEER, FormKind.SURVEY, FormKind.GENERAL]
REASON = "سبب كتبه الموظف"


def kind_for(status) -> str:
    """The first kind (help request first) whose procedure has `status`."""
    for kind in KIND_ORDER:
        if status in LIFECYCLES[kind].statuses:
            return kind
    raise ValueError(f"No kind of request has the status {status!r}.")


def moves_to(kind, status, start=None) -> list:
    """The shortest list of moves (inbox.lifecycle.Move) that take a request of `kind` from `start`
    (default: where its kind starts) to `status`; reopenings, and moves that wait for a period to end
    (closing a rejected request after the appeal period), are not taken."""
    lifecycle = lifecycle_of(kind)
    start = start or lifecycle.first
    queue, seen = collections.deque([(start, [])]), {start}
    while queue:
        current, moves = queue.popleft()
        if current == status:
            return moves
        for move in lifecycle.moves_from(current):
            if not move.reopens and not move.after_period and move.to not in seen:
                seen.add(move.to)
                queue.append((move.to, [*moves, move]))
    raise ValueError(f"A {kind} request never goes from {start!r} to {status!r}.")


class Staff:
    """The staff members who act on one request: those given (role -> user), else made when first needed."""

    def __init__(self, given=None):
        self.users = dict(given or {})

    def __getitem__(self, role):
        if role not in self.users:
            self.users[role] = UserFactory(role=str(role))
        return self.users[role]

    def for_move(self, move, case):
        """Someone whose role may make `move` on `case` (a researcher only on a request referred to them)."""
        if Role.RELATIONS in move.roles:
            return self[Role.RELATIONS]
        if Role.COMMITTEE in move.roles:
            return self[Role.COMMITTEE]
        if Role.RESEARCHER in move.roles and case.researcher_id:
            return case.researcher
        raise ValueError(f"No staff role may make the move to {move.to!r}.")


def reach(case, status, *, staff=None, researcher=None):
    """Move `case` from where it is to `status` along the shortest way its procedure allows, as `staff`
    (role -> user; default: new staff of each role needed); returns it fresh from the database."""
    staff = staff if isinstance(staff, Staff) else Staff(staff)
    for move in moves_to(case.submission.kind, status, start=case.status):
        if move.roles == {APPLICANT}:
            services.applicant_withdraw(case.pk, reason=REASON)
        else:
            services.make_move(
                case.pk, move.to, user=staff.for_move(move, case), reason=REASON if move.needs_reason else "",
                researcher=(researcher or staff[Role.RESEARCHER]) if move.needs_researcher else None,
            )  # fmt: skip
        case = Case.objects.select_related("submission", "researcher").get(pk=case.pk)
    return case


class CaseFactory(DjangoModelFactory):
    """A request at `status` (default: where its kind starts), of `kind` (default: the first kind whose
    procedure has that status; or `form_page`'s), sent on `site` through a new form (or `form_page`),
    in `language` (default: the form's), with `answers` and `service` as SubmissionFactory takes them.

    `researcher` takes a referral (default: a new social researcher); `assignee` is given the request
    at the end, by beneficiary relations; `staff` (role -> user) names who makes the moves (default:
    new staff of each role needed). The staff who acted are `case.staff`.
    """

    class Meta:
        model = Case

    status = None
    kind = None
    form_page = None
    site = None
    language = None
    answers = None
    service = None
    assignee = None
    researcher = None
    staff = None

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("A case is opened by its submission: use CaseFactory() or .create().")

    @classmethod
    def _create(cls, model_class, status=None, kind=None, form_page=None, site=None, language=None,
                answers=None, service=None, assignee=None, researcher=None, staff=None):  # fmt: skip
        kind = kind or (form_page.specific.kind if form_page else kind_for(status) if status else FormKind.GENERAL)
        sent = {"kind": kind, "site": site, "language": language, "answers": answers, "service": service}
        if form_page is not None:
            sent["form_page"] = form_page
        case = SubmissionFactory(**sent).case
        staff = Staff(staff)
        if status is not None:
            case = reach(case, status, staff=staff, researcher=researcher)
        if assignee is not None:
            case, _event = services.assign(case.pk, assignee, user=staff[Role.RELATIONS])
            case = Case.objects.select_related("submission").get(pk=case.pk)
        case.staff = staff.users
        return case


class MessageTemplateFactory(DjangoModelFactory):
    """A message template of one kind of request (the migrations made those for every kind: `kind=""`)."""

    class Meta:
        model = MessageTemplate

    # The tests' association (the default site) unless another is given.
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    kind = FormKind.HELP_REQUEST
    event = Event.ACKNOWLEDGEMENT
    language = "ar"
    subject = "وصل طلبك رقم {reference}"
    body = "مرحبًا {name}،\n\nاستلمنا طلبك رقم {reference}، وسنرد عليك في موعد أقصاه {due_date}.\n\n{organisation}"
    sms = "{organisation}: وصل طلبك رقم {reference}."


class InboxSettingsFactory(SiteSettingFactory):
    class Meta:
        model = InboxSettings
