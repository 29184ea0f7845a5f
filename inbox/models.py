"""Case work on submissions: where each request stands, who has it, and what happened to it.

`forms` takes requests in; this app works them. A `Case` is made for every
`Submission` in the same transaction that stores it (inbox.apps connects the
signal), so no request is ever outside the inbox.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from core import message_events
from forms.kinds import FormKind
from forms.models import Submission
from inbox.lifecycle import CLOCK_STOPPED, DEFAULT_APPEAL_DAYS, FINISHED, Role, Status, lifecycle_of
from inbox.roles import roles_of


class CaseQuerySet(models.QuerySet):
    def for_site(self, site):
        """The requests of one association (a `Site` or its id), through their submission."""
        return self.filter(submission__site_id=getattr(site, "pk", site))

    def open(self):
        return self.exclude(status__in=FINISHED)

    def overdue(self, today=None):
        """Not yet answered, the clock running, and the due date passed."""
        today = today or timezone.localdate()
        return self.filter(answered_at__isnull=True, due_date__lt=today).exclude(status__in=CLOCK_STOPPED)

    def due_between(self, first, last):
        return self.filter(answered_at__isnull=True, due_date__range=(first, last)).exclude(status__in=CLOCK_STOPPED)


def new_link_secret() -> str:
    return secrets.token_hex(16)


class Case(models.Model):
    wagtail_reference_index_ignore = True

    submission = models.OneToOneField(
        Submission, primary_key=True, on_delete=models.CASCADE, related_name="case", verbose_name=_("submission")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social researcher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # Fixed when the request arrives (the date the thank-you page promised); moved
    # later only by the time spent waiting for the applicant.
    due_date = models.DateField(_("answer due by"))
    working_days = models.BooleanField(_("counted in working days"), default=False)
    waiting_since = models.DateTimeField(null=True, blank=True)
    days_waited = models.PositiveIntegerField(_("days waited for the applicant"), default=0)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    committee_at = models.DateTimeField(_("sent to the committee at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # Bumped by every change: two staff acting on one request at once cannot both win.
    version = models.PositiveIntegerField(default=0)
    # Signed into the applicant's personal links (followup.tokens); replaced to revoke every link
    # sent so far. Empty on requests from before it existed: their links work until it is first replaced.
    link_secret = models.CharField(max_length=32, blank=True, default=new_link_secret, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            # The listing's order (due first, then the id so pages never shuffle): a sort of 100,000 rows without it.
            models.Index(fields=["due_date", "submission"], name="inbox_case_due"),
            models.Index(fields=["status", "due_date"], name="inbox_case_status_due"),
            models.Index(fields=["assignee", "status"], name="inbox_case_assignee_status"),
            models.Index(fields=["researcher", "status"], name="inbox_case_researcher_status"),
        ]
        permissions = [
            ("work_case", _("Work requests (beneficiary relations)")),
            ("research_case", _("Study requests referred or assigned to them (social researcher)")),
            ("decide_case", _("Accept or reject help requests (research committee)")),
            ("export_case", _("Export requests")),
            ("manage_personal_data", _("Find, export, correct and erase an applicant's data")),
            ("supervise_case", _("Receive complaints not answered on time (supervisor)")),
            ("direct_case", _("Receive complaints still not answered after the supervisor (executive director)")),
        ]

    def __str__(self):
        return self.submission.reference

    @property
    def lifecycle(self):
        return lifecycle_of(self.submission.kind)

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and self.status not in CLOCK_STOPPED and self.due_date < timezone.localdate()


def visible_cases(user, queryset=None):
    """The cases this person may see; none for anyone without an inbox role. Here, beside the model,
    because the audit log's manager (below) applies the same rule; inbox.services offers it to views.

    Only the requests of the association the person works in (`user.working_site_id`, set on every
    request by organisation.middleware); a user object made outside a request (a shell, a command)
    has none and is not limited to one association."""
    queryset = Case.objects.all() if queryset is None else queryset
    roles = roles_of(user)
    if not roles:
        return queryset.none()
    site_id = getattr(user, "working_site_id", None)
    if site_id is not None:
        queryset = queryset.filter(submission__site_id=site_id)
    if Role.RELATIONS in roles:
        return queryset
    mine = models.Q(assignee=user)
    if Role.RESEARCHER in roles:
        mine |= models.Q(researcher=user)
    if Role.COMMITTEE in roles:
        mine |= models.Q(submission__kind=FormKind.HELP_REQUEST, committee_at__isnull=False)
    # The supervisor sees every escalated complaint, the executive director those escalated to them.
    if Role.SUPERVISOR in roles:
        mine |= models.Q(pk__in=Escalation.objects.values("case_id"))
    if Role.DIRECTOR in roles:
        mine |= models.Q(pk__in=Escalation.objects.filter(level=Escalation.Level.DIRECTOR).values("case_id"))
    return queryset.filter(mine)


class CaseEvent(models.Model):
    """One line of a request's timeline."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        MOVE = "move", _("Status changed")
        ASSIGNMENT = "assignment", _("Assigned")
        NOTE = "note", _("Internal note")
        MESSAGE = "message", _("Message to the applicant")
        DOWNLOAD = "download", _("Attachment downloaded")
        APPLICANT = "applicant", _("The applicant answered")
        LINK = "link", _("Personal link renewed")
        APPEAL = "appeal", _("The applicant asked for reconsideration")
        ESCALATION = "escalation", _("Escalated: not answered on time")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # The reason of a move, the text of a note, or the event of a message.
    text = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification = models.ForeignKey(
        "forms.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self):
        return f"{self.case_id}: {self.get_kind_display()}"


class MessageTemplateQuerySet(models.QuerySet):
    def for_site(self, site):
        """The templates of one association (a `Site` or its id)."""
        return self.filter(site_id=getattr(site, "pk", site))


class MessageTemplate(models.Model):
    """What the applicant is told, per association, kind of request, event and language; administrators
    edit their association's (inbox.templates makes a new association's from the defaults)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("association"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("kind of request"), max_length=20, choices=FormKind.choices, blank=True,
        help_text=_("Leave empty for every kind that has no template of its own."),
    )  # fmt: skip
    event = models.CharField(_("event"), max_length=24, choices=message_events.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("email subject"), max_length=200)
    body = models.TextField(
        _("email text"),
        help_text=_(
            "Placeholders: {reference}, {name}, {form}, {service}, {due_date}, {due_date_hijri}, {reason}, "
            "{organisation}, {status_url}."
        ),
    )
    sms = models.CharField(_("SMS text"), max_length=480, blank=True, help_text=_("Leave empty to send no SMS."))

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("event"), FieldPanel("language")]),
        FieldPanel("subject"),
        FieldPanel("body"),
        FieldPanel("sms"),
    ]

    objects = MessageTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "event", "language"], name="inbox_one_template_per_site_event"
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} ({self.get_kind_display() or '*'}, {self.language})"


MAX_RETENTION_DAYS = 100 * 365
MAX_PERIOD_DAYS = 365


@register_setting(icon="form")
class InboxSettings(BaseSiteSetting):
    """How long finished requests are kept before their personal data is deleted."""

    # A century at most: a longer period would reach before year 1 when subtracted from today.
    help_request_retention_days = models.PositiveIntegerField(
        _("help requests"), default=5 * 365, validators=[MaxValueValidator(MAX_RETENTION_DAYS)]
    )
    complaint_retention_days = models.PositiveIntegerField(
        _("complaints and suggestions"), default=2 * 365, validators=[MaxValueValidator(MAX_RETENTION_DAYS)]
    )
    volunteer_retention_days = models.PositiveIntegerField(
        _("volunteer applications"), default=2 * 365, validators=[MaxValueValidator(MAX_RETENTION_DAYS)]
    )
    survey_retention_days = models.PositiveIntegerField(
        _("satisfaction surveys"), default=365, validators=[MaxValueValidator(MAX_RETENTION_DAYS)]
    )
    general_retention_days = models.PositiveIntegerField(
        _("general forms"), default=365, validators=[MaxValueValidator(MAX_RETENTION_DAYS)]
    )
    # Here, beside retention, because the appeal period keeps a rejected request (and its personal link)
    # open: the inbox's procedure, not the reply rules that set due dates.
    appeal_days = models.PositiveIntegerField(
        _("days to ask for reconsideration"), default=DEFAULT_APPEAL_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIOD_DAYS)],
        help_text=_(
            "After a help request is rejected, the applicant may ask for reconsideration from their personal "
            "link for this many days; the request cannot be closed before they end."
        ),
    )  # fmt: skip
    director_escalation_days = models.PositiveIntegerField(
        _("days before the executive director is told"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIOD_DAYS)],
        help_text=_(
            "A complaint not answered by its due date goes to the supervisors; still not answered this many "
            "days after its due date, to the executive director."
        ),
    )  # fmt: skip

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("help_request_retention_days"),
                FieldPanel("complaint_retention_days"),
                FieldPanel("volunteer_retention_days"),
                FieldPanel("survey_retention_days"),
                FieldPanel("general_retention_days"),
            ],
            heading=_("Days a finished request is kept"),
            help_text=_(
                "Counted from when the request reached its final status (closed, withdrawn, spam, ...); for spam, "
                "from the end of the days in which it can still be restored. After this, the request and its files "
                "are deleted; an anonymous row stays for statistics."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("appeal_days"), FieldPanel("director_escalation_days")],
            heading=_("Appeals and escalation"),
        ),
    ]

    class Meta:
        verbose_name = _("inbox")

    def retention_days(self, kind) -> int:
        days = getattr(self, f"{kind}_retention_days", self.general_retention_days)
        return min(days, MAX_RETENTION_DAYS)  # a value saved before the limit existed


class AppealQuerySet(models.QuerySet):
    def open(self):
        """Waiting for the committee's decision."""
        return self.filter(decided_at__isnull=True)

    def open_for(self, case):
        """The appeal of `case` the committee has still to decide (an agenda item marked as an appeal)."""
        return self.open().filter(case=case)

    def for_site(self, site):
        return self.filter(site=site)


class Appeal(models.Model):
    """An applicant's request for reconsideration (تظلم) of a rejected help request, made from their personal
    link (inbox.appeals): one per request. Decided when the committee accepts or rejects the request again."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("request"))
    reason = models.TextField(_("reason"))
    files = models.ManyToManyField("forms.Attachment", blank=True, related_name="+", verbose_name=_("documents"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # The status the request left the committee for: accepted or rejected (withdrawn, spam).
    outcome = models.CharField(_("outcome"), max_length=20, choices=Status.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case"], name="inbox_one_appeal_per_request")]

    def __str__(self):
        return f"{self.case_id}: {self.submitted_at:%Y-%m-%d}"

    @property
    def decided(self) -> bool:
        return self.decided_at is not None


class Escalation(models.Model):
    """A complaint not answered on time, raised to a level (inbox.escalation): once per level and request."""

    class Level(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor")
        DIRECTOR = "director", _("Executive director")

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("request"))
    level = models.CharField(_("escalated to"), max_length=12, choices=Level.choices)
    escalated_at = models.DateTimeField(_("escalated at"), default=timezone.now)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["escalated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "level"], name="inbox_escalated_once_per_level")]

    def __str__(self):
        return f"{self.case_id}: {self.level}"


class AnonymisedCase(models.Model):
    """What statistics need of a request deleted by retention or erasure: nothing that names a person."""

    # The association it was sent to (rows anonymised before associations were kept theirs: the first one's).
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("association"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices)
    form_key = models.UUIDField(db_index=True)
    form_title = models.CharField(_("form"), max_length=255)
    service = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    service_title = models.CharField(_("service"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=8)
    channel = models.CharField(_("channel"), max_length=12, blank=True)
    final_status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    received_at = models.DateTimeField(_("received"))
    due_date = models.DateField(_("answer due by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # [{"from": "received", "to": "verification", "at": "2026-01-02T10:00:00+03:00"}, ...]
    moves = models.JSONField(default=list)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1 to 5)"), null=True, blank=True)
    removed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("anonymised request")
        verbose_name_plural = _("anonymised requests")

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_at:%Y-%m-%d}"


class CaseLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(case=instance)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """What Wagtail's site history (and its CSV/XLSX export, and its filters) lists to `user`:
        entries about the requests this person may see, by the inbox's own rule. Entries about a
        request deleted since are listed to superusers only, as Wagtail lists everything to them."""
        if user.is_superuser:
            return self.all()
        return self.filter(case_id__in=visible_cases(user).values("pk"))

    def for_instance(self, instance):
        return self.filter(case_id=instance.pk)


class CaseLogEntry(BaseLogEntry):
    """Wagtail's audit log entries about one request (the inbox's actions: views, moves, notes, ...).

    Kept apart from Wagtail's ModelLogEntry, which lists every entry of a model to anyone holding
    any permission on it, so that the site history can show each request's entries only to those
    who may see the request (inbox/wagtail_hooks.py registers it for Case). The entries outlive the
    request: no database constraint, nothing cascades.
    """

    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    objects = CaseLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("request log entry")
        verbose_name_plural = _("request log entries")

    def __str__(self):
        return f"CaseLogEntry {self.pk}: {self.action!r} on request {self.case_id}"

    @cached_property
    def object_id(self):
        return str(self.case_id)
