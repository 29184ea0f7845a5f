"""The policy page's admin form: dates typed in either digit set, a category of the page's own association."""

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
        category = self.fields.get("category")
        site = self._site()
        if category is not None and site is not None:
            category.queryset = category.queryset.filter(site=site)

    def _site(self):
        """The association the page is in: its own site, or its parent's for a new page."""
        page = self.instance if self.instance.pk else self.parent_page
        return page.get_site() if page is not None else None
