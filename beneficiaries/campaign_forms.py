"""The forms of a distribution-day campaign: the campaign itself (what each family gets, its days in either
calendar), choosing its families by the files listing's filters, and the day's batch of ticked families."""

from django import forms as django_forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.delivery_forms import GivenForm, dated, today_initial
from beneficiaries.models import Campaign, FileStatus
from core.arabic import to_western_digits
from forms.fields import HijriOrGregorianDateField
from services.models.facets import BeneficiaryGroup


class CampaignForm(GivenForm):
    starts_on = HijriOrGregorianDateField(label=_("first day"))
    ends_on = HijriOrGregorianDateField(label=_("last day"))

    class Meta:
        model = Campaign
        fields = ["name", "season", "status", "service", "kind", "amount", "quantity", "unit", "fund"]

    def __init__(self, *args, site_id, **kwargs):
        super().__init__(*args, site_id=site_id, **kwargs)
        self.instance.site_id = site_id
        if not self.is_bound:
            for name in ("starts_on", "ends_on"):
                day = getattr(self.instance, name, None)
                self.initial[name] = {"gregorian": day.isoformat()} if day else today_initial()

    def clean(self):
        cleaned = super().clean()
        days = {}
        for name in ("starts_on", "ends_on"):
            if cleaned.get(name):
                day, hijri, _calendar = dated(self, name)
                days[name] = day
                setattr(self.instance, name, day)
                setattr(self.instance, f"{name}_hijri", hijri)
        if len(days) == 2 and days["ends_on"] < days["starts_on"]:
            self.add_error("ends_on", _("The last day must not come before the first."))
        return cleaned


class AddFamiliesForm(django_forms.Form):
    """The files listing's filters: every file of the association matching them joins the campaign."""

    status = django_forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *FileStatus.choices])
    group = django_forms.ModelChoiceField(label=_("beneficiary group"), required=False, queryset=None)
    city = django_forms.CharField(label=_("city"), required=False, max_length=100)
    q = django_forms.CharField(label=_("ID, mobile or name"), required=False, max_length=100)

    def __init__(self, *args, site_id=None, **kwargs):
        """`site_id`: the campaign's association, whose beneficiary groups are offered."""
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = BeneficiaryGroup.objects.for_site(site_id).originals()
        self.fields["group"].label_from_instance = lambda group: group.localized.name

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("status", "group", "city", "q")):
            raise django_forms.ValidationError(_("Choose at least one filter: status, group, city or a search."))
        return cleaned


class DistributionForm(django_forms.Form):
    """The day's batch: the ticked families (checkboxes named "family"), the day, and the batch's reason for
    those inside the service's interval."""

    delivered_on = HijriOrGregorianDateField(label=_("date of the distribution"))
    reason = django_forms.CharField(
        label=_("reason for families inside the service's interval"), required=False, max_length=1000,
        widget=django_forms.Textarea(attrs={"rows": 2}),
        help_text=_("One reason for the batch, kept on the deliveries of those families only."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["delivered_on"] = today_initial()

    def clean(self):
        cleaned = super().clean()
        ticked = []
        for value in self.data.getlist("family") if self.is_bound else []:
            value = to_western_digits(value).strip()
            if not value.isdigit():
                raise django_forms.ValidationError(_("A ticked family is not on this campaign's list."))
            ticked.append(int(value))
        if not ticked:
            raise django_forms.ValidationError(_("Tick at least one family."))
        cleaned["families"] = ticked
        if cleaned.get("delivered_on"):
            day, hijri, calendar = dated(self, "delivered_on")
            if day > timezone.localdate():
                self.add_error("delivered_on", _("A delivery cannot be recorded before it happens."))
            cleaned["day"], cleaned["hijri"], cleaned["calendar"] = day, hijri, calendar
        return cleaned
