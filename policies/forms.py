"""The policy page's admin form: dates typed in either digit set."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from core.arabic import to_western_digits


class LocalDateField(forms.DateField):
    def to_python(self, value):
        if isinstance(value, str):
            value = to_western_digits(value).strip()
        return super().to_python(value)


class PolicyPageForm(WagtailAdminPageForm):
    DATE_FIELDS = ("approval_date", "effective_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DATE_FIELDS:
            field = self.fields.get(name)
            if field is not None:
                self.fields[name] = LocalDateField(
                    required=field.required, label=field.label, help_text=field.help_text, widget=field.widget
                )
