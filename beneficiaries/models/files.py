"""The beneficiary file (ملف المستفيد): one family (or one person) within an association, across its requests.

A file belongs to its association's site and is keyed there by the head of the family's ID. It gathers the
household, the family's income and regular expenses (so that staff see the income per person after expenses),
its beneficiary groups, and the requests linked to it. The inbox knows nothing of files: a request is linked
from here (beneficiaries.linking), so the intake stays the one way in.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Site

from beneficiaries.identity import IdKind, clean_identity, validate_identity
from forms.records import searchable_name
from forms.saudi import clean_saudi_mobile
from inbox.models import Case
from services.models.facets import BeneficiaryGroup, source_locale_only


class FileStatus(models.TextChoices):
    REGISTERING = "registering", _("Under registration")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class BeneficiaryFile(ClusterableModel):
    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    head_name = models.CharField(_("name of the head of the family"), max_length=255)
    # The name folded for search as requests fold theirs (forms.records.searchable_name): kept by save().
    head_name_search = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    head_id_kind = models.CharField(_("kind of ID"), max_length=16, choices=IdKind.choices, editable=False)
    head_id = models.CharField(
        _("ID of the head of the family"), max_length=20, validators=[validate_identity], db_index=True,
        help_text=_("National ID, iqama or border number, in any digits."),
    )  # fmt: skip
    # Who heads the household decides, for some associations, who researches the family (research.assignment).
    head_sex = models.CharField(_("sex of the head of the family"), max_length=8, choices=Sex.choices, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True, db_index=True)  # +9665…
    other_mobile = models.CharField(_("other mobile"), max_length=20, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    groups = models.ManyToManyField(
        BeneficiaryGroup, verbose_name=_("beneficiary groups"), blank=True, related_name="+",
        limit_choices_to=source_locale_only,
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.REGISTERING)
    # When the status last changed (kept by save()): a closed or suspended file's retention counts from it.
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now, editable=False)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    activated_at = models.DateTimeField(_("registration completed at"), null=True, blank=True)
    next_verification = models.DateField(_("next verification due"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True, editable=False)
    # The due date staff and the family were last reminded of: one reminder per due date (beneficiaries.reminders).
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    # Raised by every change staff save, checked in the UPDATE (as the inbox's cases are): of two people
    # editing one file at once, the second is told and nothing is overwritten.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("beneficiary file")
        verbose_name_plural = _("beneficiary files")
        ordering = ["-opened_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["site", "head_id"], name="one_file_per_head_per_site")]
        # The listing's order: its first page read from the index, not by sorting every file.
        indexes = [models.Index(fields=["-opened_at", "-id"], name="beneficiary_file_listing")]
        permissions = [
            ("merge_beneficiaryfile", "Can merge beneficiary files"),
            ("view_health_notes", "Can see and enter household members' health and disability notes"),
        ]

    def __str__(self):
        return self.head_name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._status_read = instance.__dict__.get("status")
        return instance

    def save(self, *args, **kwargs):
        if self.head_id and not self.head_id_kind:
            self.head_id_kind, self.head_id = clean_identity(self.head_id)
        self.head_name_search = searchable_name(self.head_name)
        read = getattr(self, "_status_read", None)
        if read is not None and read != self.status:
            self.status_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None and "status" in kwargs["update_fields"]:
                kwargs["update_fields"] = {*kwargs["update_fields"], "status_changed_at"}
        super().save(*args, **kwargs)
        self._status_read = self.status

    def clean(self):
        super().clean()
        if self.head_id:
            self.head_id_kind, self.head_id = clean_identity(self.head_id)
        errors = {}
        if self.head_id and self.site_id:
            taken = BeneficiaryFile.objects.filter(site_id=self.site_id, head_id=self.head_id).exclude(pk=self.pk)
            if taken.exists():
                errors["head_id"] = [_("This association already has a file for this ID: open that file instead.")]
        for field in ("mobile", "other_mobile"):
            if getattr(self, field):
                try:
                    setattr(self, field, clean_saudi_mobile(getattr(self, field)))
                except ValidationError as error:
                    errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def household_size(self) -> int:
        """The head and every member on file."""
        return 1 + self.members.count()

    def monthly_income(self) -> Decimal:
        return sum((income.monthly_amount for income in self.incomes.all()), Decimal(0))

    def monthly_expenses(self) -> Decimal:
        return sum((expense.monthly_amount for expense in self.expenses.all()), Decimal(0))

    def income_per_person(self) -> Decimal:
        """What is left each month per person of the household, after the regular expenses (may be negative)."""
        return ((self.monthly_income() - self.monthly_expenses()) / self.household_size).quantize(Decimal("0.01"))

    def verification_lapsed(self, today: datetime.date | None = None) -> bool:
        return self.next_verification is not None and self.next_verification < (today or timezone.localdate())


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    BROTHER = "brother", _("Brother")
    SISTER = "sister", _("Sister")
    OTHER = "other", _("Other relative")


class LegalBasis(models.TextChoices):
    """Why a health or disability note may be kept (PDPL treats health data as sensitive)."""

    CONSENT = "consent", _("The family's explicit consent")
    SERVICE = "service", _("Needed to provide the service asked for")
    LAW = "law", _("Required by law or a ministry's rules")


class HouseholdMember(models.Model):
    file = ParentalKey(BeneficiaryFile, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=255)
    id_kind = models.CharField(_("kind of ID"), max_length=16, choices=IdKind.choices, blank=True, editable=False)
    id_number = models.CharField(
        _("ID number"), max_length=20, blank=True, validators=[validate_identity], db_index=True,
        help_text=_("Leave empty for a member without an ID of their own (an infant)."),
    )  # fmt: skip
    relation = models.CharField(_("relation to the head"), max_length=16, choices=Relation.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    health_note = models.TextField(_("health or disability note"), blank=True)
    health_legal_basis = models.CharField(
        _("legal basis for the health note"), max_length=16, choices=LegalBasis.choices, blank=True
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["pk"]
        constraints = [
            # A health note is kept only with the reason it may be kept.
            models.CheckConstraint(
                condition=Q(health_note="") | ~Q(health_legal_basis=""), name="health_note_has_a_legal_basis"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.id_number and not self.id_kind:
            self.id_kind, self.id_number = clean_identity(self.id_number)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.id_number:
            self.id_kind, self.id_number = clean_identity(self.id_number)
        if self.health_note and not self.health_legal_basis:
            raise ValidationError(
                {"health_legal_basis": _("Say on what basis the health note is kept (PDPL: sensitive data).")}
            )


class IncomeKind(models.TextChoices):
    SALARY = "salary", _("Salary or wages")
    SOCIAL_SECURITY = "social_security", _("Social security")
    CITIZEN_ACCOUNT = "citizen_account", _("Citizen account")
    PENSION = "pension", _("Pension")
    OTHER = "other", _("Other income")


class ExpenseKind(models.TextChoices):
    RENT = "rent", _("Rent")
    DEBT = "debt", _("Debt repayment")
    OTHER = "other", _("Other regular expense")


POSITIVE = [MinValueValidator(Decimal("0.01"))]


class MonthlyAmount(models.Model):
    """A regular monthly sum of the family's, in riyals: always positive (a form error and a database check)."""

    monthly_amount = models.DecimalField(
        _("monthly amount (riyals)"), max_digits=10, decimal_places=2, validators=POSITIVE
    )

    class Meta:
        abstract = True
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(monthly_amount__gt=0), name="%(class)s_is_positive")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.monthly_amount}"


class Income(MonthlyAmount):
    file = ParentalKey(BeneficiaryFile, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField(_("source"), max_length=20, choices=IncomeKind.choices)

    class Meta(MonthlyAmount.Meta):
        verbose_name = _("income source")
        verbose_name_plural = _("income sources")


class Expense(MonthlyAmount):
    file = ParentalKey(BeneficiaryFile, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(_("expense"), max_length=20, choices=ExpenseKind.choices)

    class Meta(MonthlyAmount.Meta):
        verbose_name = _("regular expense")
        verbose_name_plural = _("regular expenses")


class LinkedBy(models.TextChoices):
    HEAD_ID = "head_id", _("The applicant's ID is the head's")
    MEMBER_ID = "member_id", _("The applicant's ID is a member's")
    ACCEPTANCE = "acceptance", _("The file was opened when the request was accepted")
    STAFF = "staff", _("Linked by staff")


class FileRequest(models.Model):
    """A request of the family's: each request belongs to at most one file."""

    file = models.ForeignKey(BeneficiaryFile, on_delete=models.CASCADE, related_name="requests")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="beneficiary_file_link")
    linked_at = models.DateTimeField(default=timezone.now)
    linked_by = models.CharField(max_length=16, choices=LinkedBy.choices)

    class Meta:
        verbose_name = _("request of the family")
        verbose_name_plural = _("requests of the family")
        ordering = ["-linked_at", "-pk"]

    def __str__(self):
        return f"{self.file} - {self.case}"
