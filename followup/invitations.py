"""The personal survey invitations: one signed, single-use, expiring link per request.

Apart from the status lookup page (followup.models): that page serves its
links through followup.views, which check these.
"""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import message_events

# What the applicant is told when a request they made is finished: the follow-up's own message event.
SURVEY_INVITATION = message_events.register("survey_invitation", _("Invitation to the satisfaction survey"))

SURVEY_LINK_DAYS = 30


def new_nonce() -> str:
    return secrets.token_hex(16)


class SurveyInvitation(models.Model):
    """One personal survey link per request: signed, single use, expiring, tied to the request and its service."""

    wagtail_reference_index_ignore = True

    case = models.OneToOneField(
        "inbox.Case", verbose_name=_("request"), on_delete=models.CASCADE, related_name="survey_invitation"
    )
    service = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The survey submission made through the link (an SV-… request of its own).
    response = models.OneToOneField(
        "forms.Submission", verbose_name=_("answer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="survey_invitation",
    )  # fmt: skip

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self):
        return f"{self.case_id}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = (self.created_at or timezone.now()) + datetime.timedelta(days=SURVEY_LINK_DAYS)
        super().save(*args, **kwargs)

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at
