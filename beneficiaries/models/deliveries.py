"""What the family received (سجل الصرف): each delivery on the file, the funds it is paid from, and the plans
that schedule deliveries (a food basket monthly for six months) with their due rows.

A delivery points at the Arabic (source) page of its service, as the file's groups point at the source groups;
its title is kept beside it, so a deleted service page leaves the record readable. Amounts and quantities are
positive (a form error and a database check). Its date is kept in both calendars, as typed and computed.
"""

import datetime
import hashlib
import hmac
import secrets
from calendar import monthrange

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Site, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from beneficiaries.models.files import POSITIVE, BeneficiaryFile
from core import calendars
from forms.records import private_storage
from inbox.models import Case
from services.models.service_page import ServicePage


def source_services():
    """Deliveries point at the Arabic (source) service pages."""
    return {"locale": Locale.get_default()}


class Fund(TranslatableMixin, models.Model):
    """Where a delivery is paid from (zakat, general funds, a restricted donation): an editable list per
    association, translatable as the service categories are. Each association gets the usual three on first use
    (beneficiaries.deliveries.funds_for)."""

    site = models.ForeignKey(Site, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Short Latin name used in addresses, the same in every language.")
    )
    restricted = models.BooleanField(
        _("restricted donation"), default=False, help_text=_("Money given for one purpose only.")
    )
    active = models.BooleanField(_("in use"), default=True, help_text=_("Funds not in use are not offered."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("restricted"),
        SynchronizedField("active"),
        SynchronizedField("sort_order"),
    ]
    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("restricted"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "locale", "slug"], name="unique_fund_slug_per_site")]

    def __str__(self):
        return self.name

    @property
    def shown(self) -> str:
        """The name in the staff member's language, when the fund was translated into it (read once for a whole
        list by localize_names)."""
        if hasattr(self, "localized_name"):
            return self.localized_name
        return self.localized.name


class DeliveryKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    VOUCHER = "voucher", _("Voucher")
    SESSION = "session", _("Session or visit")
    THIRD_PARTY = "third_party", _("Fees paid to a third party")


# Kinds that are money: their amount in riyals is required.
MONEY_KINDS = {DeliveryKind.CASH, DeliveryKind.VOUCHER, DeliveryKind.THIRD_PARTY}


class WhatIsGiven(models.Model):
    """What one delivery gives: a service, a kind, an amount in riyals or a quantity with its unit, a fund.
    Shared by a delivery and the plan that schedules deliveries."""

    service = models.ForeignKey(
        ServicePage, verbose_name=_("service"), null=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to=source_services,
    )  # fmt: skip
    service_title = models.CharField(_("service"), max_length=255, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=DeliveryKind.choices)
    amount = models.DecimalField(
        _("amount (riyals)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("Basket, voucher, session, month…"))
    fund = models.ForeignKey(Fund, verbose_name=_("paid from"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="%(class)s_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="%(class)s_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(quantity__isnull=False), name="%(class)s_amount_or_quantity"
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.site_id:
            self.site_id = self.file.site_id
        if self.service_id and not self.service_title:
            self.service_title = self.service.title
        super().save(*args, **kwargs)

    @property
    def service_name(self) -> str:
        if hasattr(self, "localized_service_name"):  # read once for a whole list by localize_names
            return self.localized_service_name
        return self.service.localized.title if self.service_id else self.service_title


def localize_names(rows) -> None:
    """Give deliveries or plans (their service and fund selected with them) the names of their service and fund
    in the active language: one query for the language and one per kind of record translated, not two a row."""
    rows = [row for row in rows if row is not None]
    if not rows:
        return
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return
    services = {row.service.translation_key for row in rows if row.service_id and row.service.locale_id != locale.pk}
    funds = {row.fund.translation_key for row in rows if row.fund.locale_id != locale.pk}
    service_titles = dict(
        ServicePage.objects.filter(translation_key__in=services, locale=locale, live=True).values_list(
            "translation_key", "title"
        )
    ) if services else {}  # fmt: skip
    fund_names = (
        dict(Fund.objects.filter(translation_key__in=funds, locale=locale).values_list("translation_key", "name"))
        if funds
        else {}
    )
    for row in rows:
        if row.service_id:
            row.localized_service_name = service_titles.get(row.service.translation_key, row.service.title)
        else:
            row.localized_service_name = row.service_title
        row.fund.localized_name = fund_names.get(row.fund.translation_key, row.fund.name)


class Delivery(WhatIsGiven):
    """One delivery to the family: what, from which fund, when (both calendars), by whom, with its proof."""

    # The association, as every record of one carries it (docs/architecture.md): the file's, set on save.
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", editable=False)
    # Empty only once the family's file was erased (PDPL erasure or retention): the delivery stays for the
    # reports, detached, with `anonymised_file` in its place (beneficiaries.erasure).
    file = models.ForeignKey(
        BeneficiaryFile, verbose_name=_("beneficiary file"), null=True, on_delete=models.CASCADE,
        related_name="deliveries",
    )  # fmt: skip
    anonymised_file = models.ForeignKey(
        "beneficiaries.AnonymisedFile", verbose_name=_("erased file"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="deliveries",
    )  # fmt: skip
    case = models.ForeignKey(
        Case, verbose_name=_("request"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The request this delivery answers, if any."),
    )  # fmt: skip
    plan = models.ForeignKey(
        "DeliveryPlan", verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="deliveries",
    )  # fmt: skip
    delivered_on = models.DateField(_("date (Gregorian)"))
    delivered_on_hijri = models.CharField(_("date (Hijri)"), max_length=10, blank=True)
    date_calendar = models.CharField(
        _("date entered in"), max_length=10, choices=calendars.CALENDAR_CHOICES, default=calendars.HIJRI
    )
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delivered by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    note = models.TextField(_("note"), blank=True)
    duplicate_reason = models.TextField(
        _("reason for a repeat within the service's interval"), blank=True,
        help_text=_("Required when the family received this service within its minimum interval."),
    )  # fmt: skip
    # The proof: a receipt (a signed paper, scanned) in the private storage, and/or a code sent to the family.
    receipt = models.FileField(_("receipt"), storage=private_storage, max_length=255, blank=True)
    receipt_name = models.CharField(_("file name"), max_length=255, blank=True)
    receipt_content_type = models.CharField(max_length=100, blank=True)
    # Only a keyed hash of the code is kept: staff cannot read it, the family reads it back.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(_("confirmation code sent at"), null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed by the family at"), null=True, blank=True, editable=False)

    class Meta(WhatIsGiven.Meta):
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-pk"]
        indexes = [models.Index(fields=["file", "service", "delivered_on"], name="delivery_file_service_date")]
        permissions = [("view_delivery_reports", "Can read and export the reports on families served and deliveries")]

    def __str__(self):
        return f"{self.service_name} ({self.delivered_on})"

    @property
    def city(self) -> str:
        """The family's city, for reports: the file's, or the erased file's anonymous record's."""
        if self.file_id:
            return self.file.city
        return self.anonymised_file.city if self.anonymised_file_id else ""

    def hijri_display(self, language: str) -> str:
        return calendars.hijri_display(self.delivered_on, language, stored=self.delivered_on_hijri)

    # --- the confirmation code --------------------------------------------------------------------
    CODE_ATTEMPTS = 5

    @staticmethod
    def hash_code(code: str) -> str:
        return hmac.new(settings.SECRET_KEY.encode(), f"delivery-code:{code}".encode(), hashlib.sha256).hexdigest()

    def new_code(self) -> str:
        """A fresh six-digit code; only its hash is kept."""
        code = f"{secrets.randbelow(1_000_000):06d}"
        self.code_hash = self.hash_code(code)
        self.code_attempts = 0
        return code

    def code_matches(self, typed: str) -> bool:
        return bool(self.code_hash) and hmac.compare_digest(self.code_hash, self.hash_code(typed))


class DeliveryPlan(WhatIsGiven):
    """Deliveries scheduled when a request is accepted: every N months, a number of times, from a date."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", editable=False)
    file = models.ForeignKey(
        BeneficiaryFile, verbose_name=_("beneficiary file"), on_delete=models.CASCADE, related_name="delivery_plans"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("request"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    every_months = models.PositiveSmallIntegerField(_("every (months)"), default=1, validators=[MinValueValidator(1)])
    count = models.PositiveSmallIntegerField(_("number of deliveries"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("first delivery (Gregorian)"))
    starts_on_hijri = models.CharField(_("first delivery (Hijri)"), max_length=10, blank=True)
    date_calendar = models.CharField(
        _("months counted in"), max_length=10, choices=calendars.CALENDAR_CHOICES, default=calendars.HIJRI
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(WhatIsGiven.Meta):
        verbose_name = _("delivery plan")
        verbose_name_plural = _("delivery plans")
        ordering = ["-created_at", "-pk"]
        constraints = [
            *WhatIsGiven.Meta.constraints,
            models.CheckConstraint(condition=Q(count__gte=1) & Q(every_months__gte=1), name="plan_has_deliveries"),
        ]

    def __str__(self):
        return f"{self.service_name} × {self.count}"

    def due_dates(self) -> list[datetime.date]:
        """Every due date: months counted in the calendar the first date was typed in (a Hijri month is
        29 or 30 days), the day kept or, in a shorter month, its last day."""
        return [add_months(self.starts_on, self.every_months * i, self.date_calendar) for i in range(self.count)]


def add_months(day: datetime.date, months: int, calendar: str) -> datetime.date:
    if calendar == calendars.HIJRI and calendars.gregorian_to_hijri(day):
        year, month, mday = calendars.parse_parts(calendars.gregorian_to_hijri(day))
        year, month = year + (month - 1 + months) // 12, (month - 1 + months) % 12 + 1
        for candidate in (mday, 29):  # every Hijri month has 29 days; some have 30
            try:
                return calendars.hijri_to_gregorian(year, month, min(candidate, 30))
            except calendars.InvalidDate:
                continue
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    return datetime.date(year, month, min(day.day, monthrange(year, month)[1]))


class ScheduleStatus(models.TextChoices):
    DUE = "due", _("Due")
    DELIVERED = "delivered", _("Delivered")
    SKIPPED = "skipped", _("Skipped")


class ScheduledDelivery(models.Model):
    """One delivery a plan owes: due, then delivered (with the delivery recorded) or skipped with a reason."""

    plan = models.ForeignKey(DeliveryPlan, on_delete=models.CASCADE, related_name="scheduled")
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ScheduleStatus.choices, default=ScheduleStatus.DUE, db_index=True
    )
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    skipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skipped_at = models.DateTimeField(null=True, blank=True)
    delivery = models.OneToOneField(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="scheduled"
    )

    class Meta:
        verbose_name = _("scheduled delivery")
        verbose_name_plural = _("scheduled deliveries")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ScheduleStatus.SKIPPED) | ~Q(skip_reason=""), name="a_skip_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.plan} — {self.due_on}"
