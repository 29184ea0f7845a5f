"""What applicants sent through the forms: the records, never content editors build.

Submissions are our own model, tied to the source form by its translation
key, so nothing cascades away with a page or its translation. With each
submission: its attached files, the messages it owes and the counters its
reference numbers come from.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.arabic import normalise_for_search
from forms import kinds, personal
from forms.form_fields import FormField
from forms.kinds import ComplaintType, FormKind


class SubmissionQuerySet(models.QuerySet):
    def for_site(self, site):
        """The requests of one association (a `Site` or its id): the one scoped way of reaching them."""
        return self.filter(site_id=getattr(site, "pk", site))


class Submission(models.Model):
    """One request as an applicant sent it. Never edited by the public again."""

    # Not a content link editors need to see: keep it out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    # The association the request was sent to, set by the intake from the site the form was sent through.
    # PROTECT: deleting a site in Wagtail's settings must never take every request of an association with it
    # (and its personal-data trail); an association is removed on purpose, after its export.
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("association"), on_delete=models.PROTECT, related_name="+"
    )
    # Unique across the deployment: the association's code, prefix, year and sequence (AB12CD-HR-2026-000001).
    reference = models.CharField(_("reference number"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices)
    form_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("form"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The form's translation key: Arabic and English submissions of one form share it.
    form_key = models.UUIDField(db_index=True)
    form_title = models.CharField(_("form title"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    service = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    service_title = models.CharField(_("service"), max_length=255, blank=True)
    data = models.JSONField(_("answers"), default=dict)
    # Who the applicant is, copied from the answers of the fields with those roles.
    applicant_name = models.CharField(_("applicant"), max_length=255, blank=True)
    # The name folded for search (core.arabic.normalise_for_search, lower case): kept by save().
    applicant_name_search = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    applicant_national_id = models.CharField(_("national ID"), max_length=20, blank=True, db_index=True)
    applicant_mobile = models.CharField(_("mobile"), max_length=20, blank=True, db_index=True)  # +9665…
    applicant_email = models.EmailField(_("email"), blank=True)
    # [key, role] of every answer that tells who the applicant is, as the form was when sent.
    personal_fields = models.JSONField(_("personal answers"), default=list, blank=True, editable=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=kinds.Channel.choices, default=kinds.Channel.WEBSITE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The staff member who entered a request made by phone, letter or at a branch."),
    )  # fmt: skip
    complaint_type = models.CharField(_("type"), max_length=20, choices=ComplaintType.choices, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    declaration_accepted = models.BooleanField(_("accuracy declaration accepted"), default=False)
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    reply_due = models.DateField(_("answer due by"))
    idempotency_token = models.UUIDField(unique=True, editable=False)
    # The API's Idempotency-Key: a hash of the body first sent with it, so a
    # repeat with another body is told apart (forms/api.py). Empty elsewhere.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["site", "-submitted_at"], name="forms_submission_site_sent")]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.applicant_name_search = searchable_name(self.applicant_name)
        if kwargs.get("update_fields") is not None and "applicant_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "applicant_name_search"}
        super().save(*args, **kwargs)

    def personal_answers(self) -> list[tuple[str, str]]:
        """(key, role) of each answer that tells who the applicant is, in the form's order.

        From the form as it was when this was sent; for a row stored without that
        (made outside the pipeline), from its form's fields now (one query).
        """
        if self.personal_fields or not self.form_page_id:
            return [(key, role) for key, role in self.personal_fields]
        return personal.personal_fields(FormField.objects.filter(page_id=self.form_page_id).order_by("sort_order"))

    def personal_field_keys(self) -> list[str]:
        """The keys in `data` whose answers are personal: mask, search, message and erase these."""
        return [key for key, _role in self.personal_answers()]

    def personal_fields_by_role(self) -> dict[str, list[str]]:
        """Role (a FieldRole value) -> the keys of the answers that hold it."""
        by_role: dict[str, list[str]] = {}
        for key, role in self.personal_answers():
            by_role.setdefault(role, []).append(key)
        return by_role


def searchable_name(text: str) -> str:
    """A name as `applicant_name_search` holds it; fold a search for a name the same way."""
    return " ".join(normalise_for_search(text or "").casefold().split())[:255]


def private_storage():
    return storages["private"]


class Attachment(models.Model):
    """A file sent with a submission, kept in the private storage under a random name."""

    wagtail_reference_index_ignore = True

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    field_key = models.CharField(max_length=40)
    file = models.FileField(storage=private_storage, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name


class Notification(models.Model):
    """A message owed about a submission. Written with the submission, so none is lost
    if the task queue is down; sent by a task and retried until it goes or gives up."""

    class Channel(models.TextChoices):
        STAFF_EMAIL = "staff_email", _("Email to staff")
        APPLICANT_EMAIL = "applicant_email", _("Email to the applicant")
        APPLICANT_SMS = "applicant_sms", _("SMS to the applicant")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A message written by whoever owes it (the inbox's templates): sent as stored.
    # Empty for the staff alert, which forms/tasks.py renders itself.
    event = models.CharField(max_length=24, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_status_display()}"


class ReferenceCounter(models.Model):
    """The last sequence number given per association, prefix and year (HR-2026-000042)."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "prefix", "year"], name="unique_reference_counter_per_site")
        ]

    def __str__(self):
        return f"{self.site_id}: {self.prefix}-{self.year}: {self.last}"
