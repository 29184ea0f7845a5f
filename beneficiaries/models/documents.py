"""Documents on the family's file: a national ID, the family record, proof of income, a lease, a medical
report..., each with its type and expiry date, kept as the file's own copy in the private storage.

A document comes from a request's attachment (copied, byte for byte, under a new key: the request's retention
removes its attachment, never the file's copy; `source_attachment` then becomes empty) or is uploaded by staff
through the same upload checks as a request's files. A medical report is health data (PDPL: sensitive): only
those who may see health notes see it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models.files import BeneficiaryFile
from forms.records import Attachment, private_storage

HEALTH_NOTES = "beneficiaries.view_health_notes"


class DocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID or iqama")
    FAMILY_RECORD = "family_record", _("Family record")
    INCOME_PROOF = "income_proof", _("Proof of income")
    LEASE = "lease", _("Lease")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    BANK_STATEMENT = "bank_statement", _("Bank statement")
    DEATH_CERTIFICATE = "death_certificate", _("Death certificate")
    DIVORCE_DEED = "divorce_deed", _("Divorce deed")
    OTHER = "other", _("Other document")


# Types that are health data: shown, downloaded and added only with the permission for health notes.
HEALTH_TYPES = frozenset({DocumentType.MEDICAL_REPORT})


class FileDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The documents this person may see: health data only with the permission for health notes."""
        if user.has_perm(HEALTH_NOTES):
            return self
        return self.exclude(document_type__in=HEALTH_TYPES)


class FileDocument(models.Model):
    wagtail_reference_index_ignore = True

    file = models.ForeignKey(BeneficiaryFile, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("type of document"), max_length=24, choices=DocumentType.choices)
    stored_file = models.FileField(storage=private_storage, max_length=255, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    # The request's attachment it was copied from: emptied when the request's retention removes it.
    source_attachment = models.ForeignKey(
        Attachment, verbose_name=_("copied from the request's attachment"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = FileDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document on file")
        verbose_name_plural = _("documents on file")
        ordering = ["document_type", "-added_at", "-pk"]

    def __str__(self):
        return f"{self.get_document_type_display()}: {self.original_name}"

    @property
    def is_health_data(self) -> bool:
        return self.document_type in HEALTH_TYPES

    def is_expired(self, today=None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())

    def is_valid(self, today=None) -> bool:
        """Still good: no expiry date (a family record), or one not yet passed."""
        return not self.is_expired(today)
