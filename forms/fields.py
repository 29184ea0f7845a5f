"""Form fields beyond Django's own, each validated on the server with a translated error."""

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import file_safety
from core.arabic import to_western_digits
from forms import saudi, uploads


class NationalIDField(django_forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"})

    def clean(self, value):
        value = super().clean(value)
        return saudi.clean_national_id(value) if value else value


class SaudiMobileField(django_forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"})

    def clean(self, value):
        value = super().clean(value)
        return saudi.clean_saudi_mobile(value) if value else value


class RatingField(django_forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.pop("initial", None)
        super().__init__(
            choices=[(str(n), str(n)) for n in range(1, 6)], coerce=int, widget=django_forms.RadioSelect, **kwargs
        )

    def clean(self, value):
        return super().clean(to_western_digits(value) if isinstance(value, str) else value)


class CalendarDateWidget(django_forms.MultiWidget):
    template_name = "forms/widgets/calendar_date.html"

    def __init__(self, attrs=None):
        calendar = django_forms.RadioSelect(choices=[("hijri", _("Hijri")), ("gregorian", _("Gregorian"))])
        text = django_forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "25/06/1446", "dir": "ltr"})
        super().__init__([calendar, text], attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return ["gregorian", value.get("gregorian", "")]
        return ["hijri", ""]


class HijriOrGregorianDateField(django_forms.MultiValueField):
    """A date typed in either calendar; cleaned to both: {"gregorian": …, "hijri": …}."""

    widget = CalendarDateWidget

    def __init__(self, **kwargs):
        kwargs.pop("initial", None)
        fields = (
            django_forms.ChoiceField(choices=[("hijri", "hijri"), ("gregorian", "gregorian")], required=False),
            django_forms.CharField(max_length=20, required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not data_list[1]:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        calendar = data_list[0] or "hijri"
        date = saudi.to_gregorian(calendar, data_list[1])
        return {"gregorian": date.isoformat(), "hijri": saudi.hijri_of(date), "entered_in": calendar}


class MultipleFileInput(django_forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentField(django_forms.FileField):
    """One file or several; each checked by its content (see uploads.py)."""

    def __init__(self, multiple=False, **kwargs):
        self.multiple = multiple
        kwargs.pop("initial", None)
        widget = MultipleFileInput if multiple else django_forms.ClearableFileInput
        kwargs.setdefault(
            "widget", widget(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(AttachmentField, self).to_python(item) for item in files]

    def clean(self, data, initial=None):
        files = self.to_python(data)
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if not self.multiple and len(files) > 1:
            raise ValidationError(_("Attach one file only."), code="too_many_files")
        if len(files) > 10:
            raise ValidationError(_("Attach at most 10 files."), code="too_many_files")
        errors, checked = [], []
        with file_safety.shared_allowance():  # one time allowance for all the files (a request has one already)
            for upload in files:
                try:
                    checked.append(uploads.check_upload(upload))
                except ValidationError as error:
                    errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return checked

    def bound_data(self, data, initial):
        return initial
