"""Recording what a family received: the funds an association pays from, duplicate aid, the plans that schedule
deliveries, the confirmation code sent to the family and the satisfaction survey after a delivery.

Messages go the way every message to an applicant goes (inbox.messages.tell_applicant: a template per event and
language, owed in the same transaction, sent after commit and retried): through the request the delivery answers,
else the family's latest request. The survey is the follow-up's, a peer app: after the delivery commits, the
"delivery_recorded" hook is called with the request and this file's event (a hook name, not an import).
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import Locale

from beneficiaries.models import (
    BeneficiaryFile,
    Delivery,
    DeliveryPlan,
    FileRequest,
    Fund,
    ScheduledDelivery,
    ScheduleStatus,
)
from core import message_events
from forms.records import Notification
from inbox import messages

logger = logging.getLogger(__name__)

# The file's messages to the family (core.message_events): templates per language in migration 0003.
DELIVERY_CODE = message_events.register("delivery_code", _("Delivery confirmation code"), placeholders=("code",))
SURVEY_AFTER_DELIVERY = message_events.register(
    "survey_after_delivery", _("Invitation to the satisfaction survey after a delivery")
)
# Hook name: a function (case, *, event, user) called after a delivery that answers a request committed.
DELIVERY_RECORDED = "delivery_recorded"

# The funds every association starts with: (slug, Arabic name, English name, restricted).
DEFAULT_FUNDS = [
    ("zakat", "الزكاة", "Zakat", False),
    ("general", "التبرعات العامة", "General donations", False),
    ("restricted", "تبرع مقيّد", "Restricted donation", True),
]


def funds_for(site_id: int):
    """The association's funds in use (its source-language rows); the usual three are made on first use, with
    their English translations."""
    source = Locale.get_default()
    funds = Fund.objects.filter(site_id=site_id, locale=source)
    if not funds.exists():
        with transaction.atomic():
            english = Locale.objects.filter(language_code="en").first()
            for order, (slug, name_ar, name_en, restricted) in enumerate(DEFAULT_FUNDS):
                key = uuid.uuid4()
                Fund.objects.get_or_create(
                    site_id=site_id, locale=source, slug=slug,
                    defaults={"name": name_ar, "restricted": restricted, "sort_order": order, "translation_key": key},
                )  # fmt: skip
                if english is not None and english != source:
                    Fund.objects.get_or_create(
                        site_id=site_id, locale=english, slug=slug,
                        defaults={"name": name_en, "restricted": restricted, "sort_order": order,
                                  "translation_key": key},
                    )  # fmt: skip
    return funds.filter(active=True)


# --- duplicate aid ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Repeat:
    """An earlier (or later) delivery of the same service to the family within the service's interval."""

    delivery: Delivery
    days_apart: int
    interval: int


def repeat_within_interval(file_id, service, day: datetime.date, exclude_pk=None) -> Repeat | None:
    """The nearest delivery of `service` to this family fewer than the service's minimum days from `day`."""
    if file_id is None:
        return None
    return repeats_within_interval([file_id], service, day, exclude_pk=exclude_pk).get(file_id)


def repeats_within_interval(file_ids, service, day: datetime.date, exclude_pk=None) -> dict:
    """{file id: Repeat} for each of these families that had `service` fewer than its minimum days from `day`
    (one query, however many families: a distribution day checks them all at once)."""
    interval = getattr(service, "min_days_between_deliveries", None)
    if not interval or not file_ids:
        return {}
    window = datetime.timedelta(days=interval - 1)
    nearby = (
        Delivery.objects.filter(file_id__in=list(file_ids), service=service)
        .filter(delivered_on__gte=day - window, delivered_on__lte=day + window)
        .exclude(pk=exclude_pk)
    )
    nearest = {}
    for earlier in nearby:
        apart = abs((earlier.delivered_on - day).days)
        if earlier.file_id not in nearest or apart < nearest[earlier.file_id].days_apart:
            nearest[earlier.file_id] = Repeat(earlier, apart, interval)
    return nearest


# --- recording ----------------------------------------------------------------------------------------------
def request_for_messages(delivery) -> object | None:
    """The request whose applicant is told: the one the delivery answers, else the family's latest."""
    if delivery.case_id:
        return delivery.case
    link = FileRequest.objects.filter(file_id=delivery.file_id).select_related("case__submission").first()
    return link.case if link else None


def can_send_code(file: BeneficiaryFile, case=None) -> bool:
    """A code needs a request with a mobile to send it through."""
    if case is None:
        link = FileRequest.objects.filter(file=file).select_related("case__submission").first()
        case = link.case if link else None
    return case is not None and not case.submission.anonymous and bool(case.submission.applicant_mobile)


@transaction.atomic
def record(delivery: Delivery, *, user, send_code=False, invite=False, scheduled: ScheduledDelivery | None = None):
    """Save a delivery checked by its form (its receipt already stored), mark the due row it answers delivered,
    owe the confirmation code; after commit, invite the family to the survey."""
    delivery.recorded_by = user
    if scheduled is not None:
        delivery.plan_id = scheduled.plan_id
    code = delivery.new_code() if send_code else ""
    delivery.save()
    if scheduled is not None:
        done = ScheduledDelivery.objects.filter(pk=scheduled.pk, status=ScheduleStatus.DUE).update(
            status=ScheduleStatus.DELIVERED, delivery=delivery
        )
        if not done:
            raise ScheduleChanged
    if code and not send_confirmation_code(delivery, code, user=user):
        delivery.code_hash = ""  # nothing went out: no code to read back
        Delivery.objects.filter(pk=delivery.pk).update(code_hash="")
    log(delivery.file, "beneficiaries.delivery", user=user, data={"delivery": delivery.pk})
    if invite and delivery.case_id:
        case = delivery.case
        transaction.on_commit(lambda: after_delivery(case, user))
    return delivery


class ScheduleChanged(Exception):
    """The due delivery was delivered or skipped by someone else meanwhile."""


def send_confirmation_code(delivery: Delivery, code: str, *, user=None) -> bool:
    case = request_for_messages(delivery)
    if case is None:
        return False
    owed = messages.tell_applicant(case, DELIVERY_CODE, user=user, values={"code": code})
    if not any(notification.channel == Notification.Channel.APPLICANT_SMS for notification in owed):
        return False
    delivery.code_sent_at = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(code_sent_at=delivery.code_sent_at)
    return True


def after_delivery(case, user):
    """After commit: the follow-up (and whoever else listens) hears that the request was served."""
    for hook in hooks.get_hooks(DELIVERY_RECORDED):
        try:
            hook(case, event=SURVEY_AFTER_DELIVERY, user=user)
        except Exception:  # the delivery is recorded: a failing listener must not turn it into an error page
            logger.exception("A delivery_recorded hook failed for request %s", case.pk)


def confirm_code(delivery: Delivery, typed: str) -> bool | None:
    """True when the family's code matches (the delivery is confirmed), False when not, None when no more
    attempts are left. Counted in the UPDATE, so guesses in parallel do not get extra tries."""
    if delivery.confirmed_at or not delivery.code_hash:
        return bool(delivery.confirmed_at)
    counted = Delivery.objects.filter(pk=delivery.pk, code_attempts__lt=Delivery.CODE_ATTEMPTS).update(
        code_attempts=delivery.code_attempts + 1
    )
    if not counted:
        return None
    if not delivery.code_matches(typed):
        return False
    Delivery.objects.filter(pk=delivery.pk).update(confirmed_at=timezone.now())
    return True


# --- plans ----------------------------------------------------------------------------------------------
@transaction.atomic
def schedule(plan: DeliveryPlan, *, user) -> list[ScheduledDelivery]:
    plan.created_by = user
    plan.save()
    rows = ScheduledDelivery.objects.bulk_create([ScheduledDelivery(plan=plan, due_on=day) for day in plan.due_dates()])
    log(plan.file, "beneficiaries.plan", user=user, data={"plan": plan.pk, "count": plan.count})
    return rows


def skip(scheduled: ScheduledDelivery, reason: str, *, user) -> bool:
    """Skip a due delivery with its reason; False when it is no longer due."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a skip needs a reason")
    with transaction.atomic():
        done = ScheduledDelivery.objects.filter(pk=scheduled.pk, status=ScheduleStatus.DUE).update(
            status=ScheduleStatus.SKIPPED, skip_reason=reason, skipped_by=user, skipped_at=timezone.now()
        )
        if done:
            log(scheduled.plan.file, "beneficiaries.skip", user=user, data={"scheduled": scheduled.pk})
    return bool(done)


def due_rows(site_id: int, start: datetime.date | None = None, end: datetime.date | None = None, service=None):
    """Due deliveries of the association's files, oldest first (between start and end, end excluded)."""
    rows = ScheduledDelivery.objects.filter(status=ScheduleStatus.DUE, plan__site_id=site_id)
    if start is not None:
        rows = rows.filter(due_on__gte=start)
    if end is not None:
        rows = rows.filter(due_on__lt=end)
    if service is not None:
        rows = rows.filter(Q(plan__service=service))
    return rows.select_related("plan__file", "plan__service", "plan__fund").order_by("due_on", "pk")
