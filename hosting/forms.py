from django import forms
from django.utils.translation import gettext_lazy as _


class AssociationForm(forms.Form):
    domain = forms.CharField(label=_("Domain"), max_length=253, help_text=_("For example: association.org.sa"))
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    admin_email = forms.EmailField(
        label=_("Administrator's email"), help_text=_("Their username; they are sent a link to set their password.")
    )
    reference_code = forms.CharField(
        label=_("Reference code"), max_length=6, required=False,
        help_text=_("One to six capital Latin letters or digits that start its references; blank: from the domain."),
    )  # fmt: skip
    sender_email = forms.EmailField(label=_("Sender email"), required=False)
    sms_sender = forms.CharField(label=_("SMS sender name"), max_length=11, required=False)
    recaptcha_public_key = forms.CharField(label=_("reCAPTCHA site key"), max_length=100, required=False)
    recaptcha_private_key = forms.CharField(label=_("reCAPTCHA secret key"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("domain", "admin_email", "reference_code", "sender_email", "sms_sender"):
            self.fields[name].widget.attrs["dir"] = "ltr"


class RemoveForm(forms.Form):
    """Removing asks for the association's domain, typed again, and the directory of its export."""

    domain = forms.CharField(label=_("Type the association's domain to confirm"), max_length=253)
    export_directory = forms.CharField(
        label=_("Directory of its export"),
        max_length=1000,
        help_text=_("Where “manage.py export_association DOMAIN --to DIRECTORY” wrote it on this server."),
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected
        for field in self.fields.values():
            field.widget.attrs["dir"] = "ltr"

    def clean_domain(self):
        domain = self.cleaned_data["domain"].strip().lower()
        if domain != self.expected:
            raise forms.ValidationError(_("That is not this association's domain."))
        return domain
