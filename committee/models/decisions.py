"""The committee's decision on one agenda item: accept (with the service, the amount a month, the months and the
deliveries to schedule on the family's file), reject (a reason from the list and text) or defer (what is missing);
the votes when not unanimous, the chair's vote on a tie, dissenting notes, and the decision number
(year/session/item, e.g. 1448/3/7) the request's timeline and the applicant's message quote."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import DeliveryKind
from committee.models.sessions import AgendaItem
from committee.models.settings import RejectionReason


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    DEFER = "defer", _("Defer to a later session")


class ChairVote(models.TextChoices):
    FOR = "for", _("For the decision")
    AGAINST = "against", _("Against the decision")


class Decision(models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    number = models.CharField(_("decision number"), max_length=20, editable=False)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    # Accepting: what the family receives each month, for how many months, from which fund, from when.
    service = models.ForeignKey(
        "services.ServicePage", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=DeliveryKind.choices, default=DeliveryKind.CASH)
    amount = models.DecimalField(_("amount a month (riyals)"), max_digits=12, decimal_places=2, null=True,
                                 blank=True)  # fmt: skip
    months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    fund = models.ForeignKey(
        "beneficiaries.Fund", verbose_name=_("paid from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    starts_on = models.DateField(_("first delivery"), null=True, blank=True)
    # Rejecting: a reason from the association's list, and text.
    reason = models.ForeignKey(
        RejectionReason, verbose_name=_("reason"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reason_text = models.TextField(_("the reason as the applicant reads it"), blank=True)
    # Deferring: what the committee needs before it decides.
    missing = models.TextField(_("what is missing"), blank=True)
    unanimous = models.BooleanField(_("unanimous"), default=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    chair_vote = models.CharField(_("the chair's vote (on a tie)"), max_length=8, choices=ChairVote.choices,
                                  blank=True)  # fmt: skip
    dissent = models.TextField(_("dissenting notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        permissions = [("view_committee_reports", "Can read and export the report on research and the committee")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="accept") | (Q(amount__gt=0) & Q(months__gte=1)),
                name="committee_acceptance_is_complete",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def decided_by_chair(self) -> bool:
        return not self.unanimous and self.votes_for == self.votes_against
