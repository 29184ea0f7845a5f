"""The admin's form for governance snippets that point at other translatable snippets."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from policies.fields import LocalIntegerField


class SameLocaleChoicesForm(WagtailAdminModelForm):
    """Snippets pointing at other translatable snippets choose among those of their own language
    (wagtail-localize points each translation at the translated item) and their own association."""

    same_locale_fields = ("item", "chair")
    same_site_fields = ("item", "chair", "members")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale if self.instance.locale_id else Locale.get_default()
        for name in self.same_locale_fields:
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset.filter(locale=locale)
        for name in self.same_site_fields:
            if name in self.fields:  # a new record's site is set before its form is made (governance.wagtail_hooks)
                self.fields[name].queryset = self.fields[name].queryset.filter(site_id=self.instance.site_id)
        # Years typed in either digit set: browsers' number inputs refuse Arabic-Indic digits.
        for name in ("fiscal_year", "attendance"):
            if name in self.fields:
                field = self.fields[name]
                self.fields[name] = LocalIntegerField(
                    required=field.required, label=field.label, help_text=field.help_text,
                    min_value=0, max_value=32767 if name == "fiscal_year" else None,
                )  # fmt: skip
