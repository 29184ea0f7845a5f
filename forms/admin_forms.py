"""The form page's edit form in the admin."""

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm


class RequestFormPageForm(WagtailAdminFormPageForm):
    """Wagtail's form page form, and each applicant role marked on one field at most:
    the submission keeps one name, one national ID, one mobile and one email."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            role = form.cleaned_data.get("role")
            if not role:
                continue
            if role in seen:
                form.add_error(
                    "role",
                    django_forms.ValidationError(
                        _("Another field of this form already has this role."), code="duplicate_role"
                    ),
                )
            seen.add(role)
        return cleaned_data
