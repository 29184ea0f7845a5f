import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.arabic import to_western_digits

APP_CODE = re.compile(r"[0-9]{6}")


def normalise_code(value: str) -> str:
    """Western digits, no spaces or dashes, lower case: how codes are compared."""
    value = to_western_digits(value or "")
    return re.sub(r"[\s\-\u200e\u200f]", "", value).lower()


def is_app_code(code: str) -> bool:
    return bool(APP_CODE.fullmatch(code))


class CodeForm(forms.Form):
    """One code: six digits from the app (in any digits), or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "autofocus": "", "size": 12}
        ),
    )

    def __init__(self, *args, recovery=False, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery:
            self.fields["code"].label = _("Recovery code")
            self.fields["code"].widget.attrs.update({"inputmode": "text", "autocomplete": "off"})

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code."), code="required")
        return code


class SetupForm(CodeForm):
    """The first code from a newly added app, which proves it was added right."""

    def clean_code(self):
        code = super().clean_code()
        if not is_app_code(code):
            raise forms.ValidationError(_("Type the six-digit code your app shows."), code="format")
        return code
