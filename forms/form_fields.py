"""The fields editors add to a form page (`FormField`), as the page's rows keep them.

Wagtail's form builder field rows, translatable through wagtail-localize (labels,
help texts and choices become segments) while each field's short ASCII `key`
stays the same in every language, so Arabic and English submissions share one
shape. The applicant's form is built from these rows by `forms.builder`, out of
the form fields in `forms.fields`.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from forms import kinds
from forms.kinds import RESERVED_KEYS, FieldType


def validate_field_key(value: str) -> None:
    if value in RESERVED_KEYS:
        raise ValidationError(_("“%(key)s” is used by the page itself: choose another key."), params={"key": value})


class FormField(TranslatableMixin, AbstractFormField):
    page = ParentalKey("forms.FormPage", on_delete=models.CASCADE, related_name="form_fields")
    key = models.CharField(
        _("key"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(r"^[a-z][a-z0-9_]*$", _("Lower-case English letters, digits and _ only.")),
            validate_field_key,
        ],
        help_text=_("A short English name for exports and the API, e.g. national_id. Filled in if left empty."),
    )
    field_type = models.CharField(_("field type"), max_length=16, choices=FieldType.choices)
    field_type.required_on_save = True
    role = models.CharField(
        _("role"),
        max_length=20,
        blank=True,
        choices=kinds.FieldRole.choices,
        help_text=_(
            "Whether the answer says who the applicant is. Staff search, mask and erase these answers, "
            "and an anonymous complaint leaves them out."
        ),
    )

    # Labels, help texts, choices and defaults are translated; the key, the
    # name stored data is filed under and the role are the same in every language.
    override_translatable_fields = [
        SynchronizedField("clean_name", overridable=False),
        SynchronizedField("key", overridable=False),
        SynchronizedField("role", overridable=False),
    ]

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("role"),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]
    api_fields = [APIField("key"), APIField("role"), *AbstractFormField.api_fields]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")

    def get_field_clean_name(self):
        return self.key or f"field_{uuid.uuid4().hex[:6]}"

    def clean(self):
        super().clean()
        # The role fills a column staff search and message by: it must hold a checked value.
        if self.role and self.field_type not in kinds.TYPES_FOR_ROLE[self.role]:
            allowed = ", ".join(str(FieldType(value).label) for value in sorted(kinds.TYPES_FOR_ROLE[self.role]))
            message = _("A field with this role must be of the type: %(types)s.")
            raise ValidationError({"role": ValidationError(message, code="role_type", params={"types": allowed})})

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self.get_field_clean_name()
        self.clean_name = self.key
        super().save(*args, **kwargs)
