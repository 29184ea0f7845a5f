"""Building the applicant's form from the editor's fields, in the reader's language."""

from django import forms as django_forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.arabic import to_western_digits
from core.localization import default_locale_id
from forms import fields as custom_fields
from forms import personal, spam, uploads
from forms.form_fields import FormField
from forms.kinds import FILE_TYPES, ComplaintType, FieldType, FormKind


def split_choices(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class RequestFormBuilder(FormBuilder):
    """Wagtail's FormBuilder with our field types and stable choice values.

    A choice is stored as the source-language (Arabic) text, whatever the
    language of the page, and shown in the reader's language: Arabic and
    English submissions then hold the same values.
    """

    def __init__(self, fields):
        super().__init__(list(fields))
        source_locale = default_locale_id()
        keys = [field.translation_key for field in self.fields if field.choices and field.locale_id != source_locale]
        self.source_fields = {}
        if keys:
            self.source_fields = {
                field.translation_key: field
                for field in FormField.objects.filter(translation_key__in=keys, locale_id=source_locale)
            }

    def source_choices(self, field) -> list[str]:
        labels = split_choices(field.choices)
        source = self.source_fields.get(field.translation_key)
        if source is None:
            return labels
        values = split_choices(source.choices)
        # A translation with another number of choices cannot be matched up: use the source.
        return values if len(values) == len(labels) else values

    def get_formatted_field_choices(self, field):
        labels = split_choices(field.choices)
        values = self.source_choices(field)
        if len(values) != len(labels):
            labels = values
        return list(zip(values, labels, strict=True))

    def get_formatted_field_initial(self, field):
        defaults = split_choices(field.default_value)
        labels = split_choices(field.choices)
        values = self.source_choices(field)
        mapping = dict(zip(labels, values, strict=False))
        return [mapping.get(item, item) for item in defaults]

    def get_field_options(self, field):
        options = super().get_field_options(field)
        if field.field_type in (FieldType.DROPDOWN, FieldType.RADIO) and field.default_value:
            options["initial"] = self.get_formatted_field_initial(field)[0]
        return options

    def create_number_field(self, field, options):
        return LocalisedDecimalField(**options)

    def create_file_field(self, field, options):
        return custom_fields.AttachmentField(multiple=False, **options)

    def create_files_field(self, field, options):
        return custom_fields.AttachmentField(multiple=True, **options)

    def create_national_id_field(self, field, options):
        return custom_fields.NationalIDField(**options)

    def create_mobile_field(self, field, options):
        return custom_fields.SaudiMobileField(**options)

    def create_rating_field(self, field, options):
        return custom_fields.RatingField(**options)

    def create_hijri_date_field(self, field, options):
        return custom_fields.HijriOrGregorianDateField(**options)

    def get_request_form_class(self):
        attrs = dict(self.formfields)
        attrs["field_specs"] = {field.clean_name: field for field in self.fields}
        # Worked out with the class (kept with a prepared page): nothing per submission.
        attrs["personal_fields"] = personal.personal_fields(self.fields)
        attrs["applicant_keys"] = personal.applicant_keys(self.fields)
        return type("RequestForm", (RequestForm,), attrs)


# Digits a number answer may have in all: enough for amounts and counts. Unbounded, a typed
# "1e999999999" was kept and became a billion-digit integer when the inbox showed or exported it.
NUMBER_MAX_DIGITS = 15


class LocalisedDecimalField(django_forms.DecimalField):
    """Numbers typed with Arabic-Indic digits or the Arabic decimal separator are accepted.

    A text input with a numeric keyboard, not <input type=number>: browsers
    silently empty a number input that holds Arabic-Indic digits.
    """

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "dir": "ltr"}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", django_forms.TextInput)
        kwargs.setdefault("max_digits", NUMBER_MAX_DIGITS)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = to_western_digits(value).replace("٫", ".").replace("٬", "").strip()
        return super().to_python(value)


class RequestForm(BaseForm):
    """The applicant's form: editor fields, then the page's own fields."""

    def __init__(self, *args, remote_ip="", captcha=True, recaptcha_keys=None, **kwargs):
        """`captcha=False`: no reCAPTCHA, for staff entering a request on the applicant's behalf.
        `recaptcha_keys`: (site key, secret key) of the host's association (forms.spam.recaptcha_keys);
        None: the deployment's."""
        super().__init__(*args, **kwargs)
        page = self.page
        self.editor_fields = list(self.fields)
        # Editor-built fields that tell who the applicant is: an anonymous complaint drops them.
        self.personal_field_names = [key for key, _role in self.personal_fields]
        self.file_field_names = [name for name, spec in self.field_specs.items() if spec.field_type in FILE_TYPES]

        if page.kind == FormKind.COMPLAINT:
            self.fields["complaint_type"] = django_forms.ChoiceField(
                label=_("Type"), choices=ComplaintType.choices, widget=django_forms.RadioSelect,
                initial=ComplaintType.COMPLAINT,
            )  # fmt: skip
            services = page.service_choices()
            if services:
                # Stored as the submission's service. It replaces the hidden
                # `service`: a complaint opened from a service's page starts
                # with that service chosen.
                self.fields["related_service"] = django_forms.TypedChoiceField(
                    label=_("Related service (if any)"), required=False, coerce=int, empty_value=None,
                    choices=[("", "—")] + services,
                )  # fmt: skip
                if self.initial.get("service"):
                    self.initial.setdefault("related_service", self.initial["service"])
            self.fields["anonymous"] = django_forms.BooleanField(
                label=_("Send without my name and contact details"),
                required=False,
                help_text=_("An anonymous complaint cannot be answered or followed up, because we cannot reach you."),
            )
        if page.kind == FormKind.HELP_REQUEST:
            self.fields["declaration"] = django_forms.BooleanField(
                label=page.declaration_text or _(
                    "I declare that the information I have given is correct and complete, and that I bear "
                    "direct responsibility for it."
                ),
                error_messages={"required": _("Please confirm the declaration to send your request.")},
            )  # fmt: skip
        if page.collects_personal_data:
            self.fields["privacy_consent"] = django_forms.BooleanField(
                label=_("I have read the privacy notice and agree to my data being used to handle this request."),
                error_messages={"required": _("Please accept the privacy notice to send the form.")},
            )
        public_key, private_key = recaptcha_keys or spam.recaptcha_keys()
        if captcha and public_key and private_key:
            self.fields["captcha"] = spam.VerifiedReCaptchaField(
                label=_("Anti-spam check"), remote_ip=remote_ip, action=page.kind,
                public_key=public_key, private_key=private_key,
            )  # fmt: skip
        # Honeypot: hidden from people (and screen readers), filled in by robots.
        self.fields["website"] = django_forms.CharField(
            required=False, label=_("Leave this field empty"),
            widget=django_forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )  # fmt: skip
        self.fields["submission_token"] = django_forms.UUIDField(widget=django_forms.HiddenInput)
        if "related_service" not in self.fields:
            # The service the form was opened from (?service=<id>), stored as the submission's service.
            self.fields["service"] = django_forms.IntegerField(required=False, widget=django_forms.HiddenInput)

    # Set on each built class: clean_name -> FormField; [(key, role)] of the
    # personal answers; role -> the key that fills the submission's column.
    field_specs: dict = {}
    personal_fields: list = []
    applicant_keys: dict = {}

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise django_forms.ValidationError(_("This form could not be sent. Please try again."), code="spam")
        return ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous"):
            # Anonymous complaints: who the applicant is may be left out, and is not kept.
            for name in self.personal_field_names:
                self.errors.pop(name, None)
                cleaned.pop(name, None)
        total = sum(item.size for name in self.file_field_names for item in (cleaned.get(name) or []))
        if total > uploads.max_submission_bytes():
            raise django_forms.ValidationError(
                _("The attached files are too large together: at most %(limit)s in all."),
                code="submission_too_large",
                params={"limit": filesizeformat(uploads.max_submission_bytes())},
            )
        return cleaned
