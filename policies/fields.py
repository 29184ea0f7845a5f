"""Numbers typed in either digit set (١٦١ or 161), stored with Western digits."""

from django import forms
from wagtail import blocks

from core.arabic import to_western_digits


class LocalIntegerField(forms.IntegerField):
    # A text input: browsers' number inputs refuse Arabic-Indic digits.
    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):
        if isinstance(value, str):
            value = to_western_digits(value).strip()
        return super().to_python(value)


class LocalIntegerBlock(blocks.FieldBlock):
    """An IntegerBlock that accepts Arabic-Indic digits."""

    def __init__(self, required=True, help_text=None, min_value=None, max_value=None, **kwargs):
        self.field = LocalIntegerField(required=required, help_text=help_text, min_value=min_value, max_value=max_value)
        super().__init__(**kwargs)

    class Meta:
        icon = "placeholder"
