"""The small forms of a visit, made for a phone: a date, a window, the place (and why, when rescheduled).
Dates and times are read in either digit set."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.arabic import to_western_digits
from research.models import VisitPlace


class WesternDigits:
    def to_python(self, value):
        return super().to_python(to_western_digits(value) if isinstance(value, str) else value)


class DateField(WesternDigits, forms.DateField):
    pass


class TimeField(WesternDigits, forms.TimeField):
    pass


class VisitForm(forms.Form):
    date = DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}))
    starts_at = TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"}))
    ends_at = TimeField(label=_("to"), widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"}))
    place = forms.ChoiceField(label=_("place"), choices=VisitPlace.choices, widget=forms.RadioSelect)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return date

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The visit must end after it starts."))
        return cleaned


class RescheduleForm(VisitForm):
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
