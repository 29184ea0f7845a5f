"""The minutes (محضر) of a finished session, made once after it closes (committee.minutes_making) and kept in
the private storage with their sha256; and each attending member's confirmation of them.

A row exists from the closing's own transaction on ("being made"); the background task fills in the file, or
records that it failed so the session's page says so and the secretary or an administrator makes it again."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models.sessions import CommitteeSession
from forms.records import private_storage


class MinutesStatus(models.TextChoices):
    PENDING = "pending", _("Being made")
    MADE = "made", _("Made")
    FAILED = "failed", _("Could not be made")


class SessionMinutes(models.Model):
    wagtail_reference_index_ignore = True

    session = models.OneToOneField(CommitteeSession, on_delete=models.CASCADE, related_name="minutes")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=MinutesStatus.choices,
                              default=MinutesStatus.PENDING)  # fmt: skip
    stored_file = models.FileField(storage=private_storage, max_length=255, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    made_at = models.DateTimeField(_("made at"), null=True, blank=True, editable=False)
    # What went wrong, by kind only (never the data being drawn): the page says it failed, the log says why.
    failure = models.CharField(max_length=200, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.session)

    @property
    def is_made(self) -> bool:
        return self.status == MinutesStatus.MADE

    @property
    def has_failed(self) -> bool:
        return self.status == MinutesStatus.FAILED


class MinutesConfirmation(models.Model):
    """A member who attended the session confirms its minutes, once."""

    minutes = models.ForeignKey(SessionMinutes, on_delete=models.CASCADE, related_name="confirmations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("confirmation of the minutes")
        verbose_name_plural = _("confirmations of the minutes")
        constraints = [models.UniqueConstraint(fields=["minutes", "member"], name="committee_minutes_confirmed_once")]

    def __str__(self):
        return f"{self.minutes}: {self.member}"
