"""The forms of the deliveries' admin: record a delivery, schedule a plan, skip a due delivery, confirm a code.

Dates are typed in either calendar (forms.fields.HijriOrGregorianDateField, as request forms take them) and kept
in both; amounts and quantities in either digit set, positive; a receipt is checked by its content as every
upload is (forms.uploads) before anything is stored.
"""

import datetime
import re
from decimal import Decimal

from django import forms as django_forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from beneficiaries import deliveries
from beneficiaries.models import MONEY_KINDS, Delivery, DeliveryPlan, FileRequest
from core import calendars
from core.arabic import to_western_digits
from forms.fields import AttachmentField, HijriOrGregorianDateField
from inbox.lifecycle import Status
from organisation.associations import pages_of
from services.models.service_page import ServicePage

# Statuses of a request past its acceptance: what deliveries answer and plans follow.
ACCEPTED_OR_LATER = [Status.ACCEPTED, Status.REGISTERED, Status.DELIVERED]


class AmountField(django_forms.DecimalField):
    """A positive sum or quantity typed in either digit set, with the Arabic decimal and thousands marks."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = django_forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr", "size": 12})
        self.error_messages["min_value"] = _("Enter a positive number.")

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s,\u066c]", "", to_western_digits(value)).replace("\u066b", ".")
        return super().to_python(value)


def dated(form, field: str) -> tuple:
    """(Gregorian date, Hijri text, calendar typed in) of a cleaned HijriOrGregorianDateField."""
    value = form.cleaned_data[field]
    day = datetime.date.fromisoformat(value["gregorian"])
    return day, value["hijri"] or "", value["entered_in"]


def today_initial() -> dict:
    today = timezone.localdate()
    return {"gregorian": today.isoformat()}


class GivenForm(django_forms.ModelForm):
    """What a delivery, a plan or a campaign gives: its service (live source pages), the association's funds,
    the amount or the quantity with its unit."""

    amount = AmountField(label=_("amount (riyals)"), required=False, max_digits=12)
    quantity = AmountField(label=_("quantity"), required=False, max_digits=10)

    def __init__(self, *args, site_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].required = True
        services = ServicePage.objects.live().filter(locale=Locale.get_default()).order_by("title")
        self.fields["service"].queryset = pages_of(site_id, services)  # the association's own services
        self.fields["fund"].queryset = deliveries.funds_for(site_id)
        self.fields["fund"].label_from_instance = lambda fund: fund.shown

    def clean(self):
        cleaned = super().clean()
        kind, amount, quantity = cleaned.get("kind"), cleaned.get("amount"), cleaned.get("quantity")
        if kind in MONEY_KINDS and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount in riyals."))
        elif amount is None and quantity is None and not {"amount", "quantity"} & set(self.errors):
            self.add_error("quantity", _("Enter the quantity and its unit, or the amount in riyals."))
        if quantity is not None and not (cleaned.get("unit") or "").strip():
            self.add_error("unit", _("Say what the quantity counts (basket, voucher, session…)."))
        return cleaned


class WhatIsGivenForm(GivenForm):
    """What a delivery or a plan gives, for one file, and the family's accepted request it answers."""

    def __init__(self, *args, file, **kwargs):
        self.file = file
        super().__init__(*args, site_id=file.site_id, **kwargs)
        self.instance.file = file
        requests = (
            FileRequest.objects.filter(file=file, case__status__in=ACCEPTED_OR_LATER)
            .select_related("case__submission")
            .order_by("-linked_at")
        )
        self.fields["case"].queryset = self.fields["case"].queryset.filter(pk__in=[link.case_id for link in requests])
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.submission.reference} — {case.submission.form_title}"
        )


class DeliveryForm(WhatIsGivenForm):
    delivered_on = HijriOrGregorianDateField(label=_("date of the delivery"))
    receipt_upload = AttachmentField(label=_("receipt"), required=False, help_text=_("A PDF or a photo, if any."))
    send_code = django_forms.BooleanField(
        label=_("send a confirmation code to the family's mobile"), required=False,
        help_text=_("The family reads the code back to confirm they received the delivery."),
    )  # fmt: skip
    invite_to_survey = django_forms.BooleanField(
        label=_("invite the family to the satisfaction survey"), required=False, initial=True,
        help_text=_("Once per request; only for a delivery that answers a request."),
    )  # fmt: skip

    class Meta:
        model = Delivery
        fields = [
            "service", "kind", "amount", "quantity", "unit", "fund", "case", "delivered_by", "note", "duplicate_reason",
        ]  # fmt: skip
        widgets = {
            "note": django_forms.Textarea(attrs={"rows": 2}),
            "duplicate_reason": django_forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, file, scheduled=None, **kwargs):
        super().__init__(*args, file=file, **kwargs)
        self.scheduled = scheduled
        self.repeat = None
        users = get_user_model().objects.filter(is_active=True).filter(Q(groups__isnull=False) | Q(is_superuser=True))
        self.fields["delivered_by"].queryset = users.distinct().order_by("first_name", "username")
        self.fields["delivered_by"].required = True
        if not self.is_bound:
            self.initial["delivered_on"] = today_initial()

    def clean(self):
        cleaned = super().clean()
        if "delivered_on" in cleaned and cleaned["delivered_on"]:
            day, hijri, calendar = dated(self, "delivered_on")
            if day > timezone.localdate():
                self.add_error("delivered_on", _("A delivery cannot be recorded before it happens."))
            self.instance.delivered_on, self.instance.delivered_on_hijri, self.instance.date_calendar = (
                day,
                hijri,
                calendar,
            )
            service = cleaned.get("service")
            self.repeat = deliveries.repeat_within_interval(self.file.pk, service, day, exclude_pk=self.instance.pk)
            if not self.repeat:
                cleaned["duplicate_reason"] = ""
            elif not (cleaned.get("duplicate_reason") or "").strip():
                self.add_error(
                    None,
                    _(
                        "This family received this service %(days)s day(s) from this date; the service's minimum "
                        "interval is %(interval)s days. Give a reason to record it anyway."
                    )
                    % {"days": self.repeat.days_apart, "interval": self.repeat.interval},
                )
                self.add_error("duplicate_reason", _("Say why the family receives this service again so soon."))
        if cleaned.get("send_code") and not deliveries.can_send_code(self.file, cleaned.get("case")):
            self.add_error(
                "send_code",
                _("There is no request with a mobile number to send the code through: upload a receipt instead."),
            )
        return cleaned

    def checked_receipt(self):
        files = self.cleaned_data.get("receipt_upload") or []
        return files[0] if files else None


class PlanForm(WhatIsGivenForm):
    starts_on = HijriOrGregorianDateField(label=_("first delivery"))

    class Meta:
        model = DeliveryPlan
        fields = ["case", "service", "kind", "amount", "quantity", "unit", "fund", "every_months", "count"]
        widgets = {
            "every_months": django_forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4}),
            "count": django_forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4}),
        }

    MAX_COUNT = 60

    def __init__(self, *args, **kwargs):
        if args and args[0] is not None:
            data = args[0].copy()
            for name in ("every_months", "count"):
                if name in data:
                    data[name] = to_western_digits(data[name])
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.fields["case"].required = True
        if not self.is_bound:
            self.initial["starts_on"] = today_initial()

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count and count > self.MAX_COUNT:
            raise django_forms.ValidationError(
                _("Schedule at most %(count)s deliveries at once."), params={"count": 60}
            )
        return count

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on"):
            day, hijri, calendar = dated(self, "starts_on")
            if calendar == calendars.HIJRI and not hijri:
                calendar = calendars.GREGORIAN
            self.instance.starts_on, self.instance.starts_on_hijri, self.instance.date_calendar = day, hijri, calendar
        return cleaned


class SkipForm(django_forms.Form):
    reason = django_forms.CharField(
        label=_("reason for skipping"), widget=django_forms.Textarea(attrs={"rows": 2}), max_length=1000,
        error_messages={"required": _("Say why this delivery is skipped.")},
    )  # fmt: skip

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise django_forms.ValidationError(_("Say why this delivery is skipped."))
        return reason


class ConfirmCodeForm(django_forms.Form):
    code = django_forms.CharField(
        label=_("code the family read back"), max_length=12,
        widget=django_forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )  # fmt: skip

    def clean_code(self):
        return re.sub(r"\s", "", to_western_digits(self.cleaned_data["code"]))
