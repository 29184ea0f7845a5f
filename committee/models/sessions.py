"""A committee session (جلسة): its number in sequence per year and association, its date in both calendars, where
it meets, the members invited, its agenda of requests and who attended.

A session is prepared (the secretary builds and orders the agenda), opened (attendance and decisions), then
closed (every decision applied together: committee.closing) or adjourned without quorum. Its `version` is checked
in the UPDATE that opens or closes it, so two people acting on it at once never both win.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core import calendars


class SessionStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ADJOURNED = "adjourned", _("Adjourned without quorum")


class CommitteeSession(models.Model):
    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members invited"), related_name="committee_sessions"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PREPARING, editable=False
    )
    # The quorum as it was when the session was opened or closed: the minutes quote it.
    quorum = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "number"], name="committee_session_number_per_year"),
        ]
        permissions = [
            ("prepare_session", "Can prepare a committee session and its agenda"),
            ("record_decisions", "Can record attendance and decisions, open and close a committee session"),
        ]

    def __str__(self):
        return f"{self.number}/{self.year}"

    @property
    def label(self) -> str:
        return _("Session %(number)s of %(year)s") % {"number": self.number, "year": self.year}

    def hijri_display(self, language: str) -> str:
        return calendars.hijri_display(self.date, language)

    def gregorian_display(self, language: str) -> str:
        return calendars.format_gregorian(self.date, language)

    @property
    def dates_shown(self) -> str:
        """The session's day in both calendars, in the language being shown."""
        language = translation.get_language() or "ar"
        return f"{self.hijri_display(language)} — {self.gregorian_display(language)}"

    @property
    def is_preparing(self) -> bool:
        return self.status == SessionStatus.PREPARING

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN

    @property
    def is_finished(self) -> bool:
        return self.status in (SessionStatus.CLOSED, SessionStatus.ADJOURNED)


class AgendaItem(models.Model):
    """A request on a session's agenda, in its place; the members standing aside from it for a conflict of
    interest (recorded, and not counted in its vote)."""

    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("inbox.Case", verbose_name=_("request"), on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    note = models.TextField(_("note"), blank=True)
    standing_aside = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members standing aside (conflict of interest)"), blank=True,
        related_name="+",
    )  # fmt: skip
    # The session it was carried from (adjourned, or deferred there), when it was.
    carried_from = models.ForeignKey(
        CommitteeSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "case"], name="committee_request_once_per_agenda")]

    def __str__(self):
        return f"{self.session} #{self.position}"


class Attendance(models.Model):
    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")  # fmt: skip
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="committee_attendance_once")]

    def __str__(self):
        return f"{self.session}: {self.member}"
