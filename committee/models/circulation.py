"""Circulation (تمرير): an urgent request decided between sessions. The secretary proposes the decision (accept
with service, amount and duration, or reject with a reason); the members asked answer for or against, or stand
aside for a conflict of interest; it counts when the quorum has answered the same way (committee.circulation).

A decided circulation carries its own decision number (year/C/sequence, e.g. 1448/C/2) and is recorded with the
minutes of the next session that finishes (`recorded_with`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import DeliveryKind
from committee.models.decisions import Outcome
from committee.models.sessions import CommitteeSession
from committee.models.settings import RejectionReason


class CirculationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the members' answers")
    DECIDED = "decided", _("Decided and applied")
    NOT_CARRIED = "not_carried", _("Not carried: waits for the next session")


class Circulation(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("association"), on_delete=models.CASCADE,
                             related_name="+")  # fmt: skip
    case = models.ForeignKey("inbox.Case", verbose_name=_("request"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=CirculationStatus.choices,
                              default=CirculationStatus.OPEN, editable=False)  # fmt: skip
    outcome = models.CharField(
        _("proposed decision"),
        max_length=10,
        choices=[(Outcome.ACCEPT, Outcome.ACCEPT.label), (Outcome.REJECT, Outcome.REJECT.label)],
    )
    service = models.ForeignKey("services.ServicePage", verbose_name=_("service"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=DeliveryKind.choices, default=DeliveryKind.CASH)
    amount = models.DecimalField(_("amount a month (riyals)"), max_digits=12, decimal_places=2, null=True,
                                 blank=True)  # fmt: skip
    months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    fund = models.ForeignKey("beneficiaries.Fund", verbose_name=_("paid from"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")  # fmt: skip
    starts_on = models.DateField(_("first delivery"), null=True, blank=True)
    reason = models.ForeignKey(RejectionReason, verbose_name=_("reason"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    reason_text = models.TextField(_("the reason as the applicant reads it"), blank=True)
    why_urgent = models.TextField(_("why it cannot wait for the next session"), blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members asked"), related_name="+")
    quorum = models.PositiveSmallIntegerField(_("quorum"), editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  editable=False)  # fmt: skip
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    # Filled when the quorum has answered for it.
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    sequence = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number = models.CharField(_("decision number"), max_length=20, blank=True, editable=False)
    votes_for = models.PositiveSmallIntegerField(default=0, editable=False)
    votes_against = models.PositiveSmallIntegerField(default=0, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_with = models.ForeignKey(CommitteeSession, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="circulations", editable=False)  # fmt: skip

    class Meta:
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "sequence"], name="committee_circulation_number"),
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="open"),
                                    name="committee_one_open_circulation_per_request"),
        ]  # fmt: skip

    def __str__(self):
        return self.number or f"#{self.pk}"

    # What the minutes read of a decision (committee.minutes_making.minutes_decision).
    missing = ""
    dissent = ""
    decided_by_chair = False

    @property
    def unanimous(self) -> bool:
        return self.votes_against == 0

    @property
    def is_open(self) -> bool:
        return self.status == CirculationStatus.OPEN


class CirculationAnswer(models.Model):
    """A member's answer, once: for, against, or standing aside for a conflict of interest."""

    class Answer(models.TextChoices):
        FOR = "for", _("I approve")
        AGAINST = "against", _("I do not approve")
        ASIDE = "aside", _("I stand aside (conflict of interest)")

    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")  # fmt: skip
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("answer to a circulation")
        verbose_name_plural = _("answers to circulations")
        constraints = [models.UniqueConstraint(fields=["circulation", "member"], name="committee_answer_once")]

    def __str__(self):
        return f"{self.circulation}: {self.member}"
