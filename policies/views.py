"""The admin's policy importer: upload a .txt or .docx, get a draft to review."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from policies.importer import PolicyImportError, import_file
from policies.models import PolicyIndexPage

MAX_UPLOAD = 5 * 1024 * 1024


def can_import(user) -> bool:
    """Whoever may add a page under a policy index may import one."""
    if not user.is_authenticated:
        return False
    return any(index.permissions_for_user(user).can_add_subpage() for index in PolicyIndexPage.objects.all())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Policy file"), help_text=_("A .txt or .docx document."))
    locale = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES, initial="ar")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".docx")):
            raise forms.ValidationError(_("Upload a .txt or .docx file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def import_policy(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, locale = form.cleaned_data["file"], form.cleaned_data["locale"]
        # Check the target before anything is created: the right is per policy index.
        index = PolicyIndexPage.objects.filter(locale__language_code=locale).first()
        if index is not None and not index.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            page, parsed = import_file(upload.read(), upload.name, locale, request.user)
        except PolicyImportError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("A draft of “%(title)s” was created: check each section, then publish it.") % {"title": page.title},
            )
            for warning in parsed.warnings:
                messages.warning(request, warning)
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    title = _("Import a policy")
    context = {"form": form, "page_title": title, "header_title": title, "header_icon": "upload"}
    return TemplateResponse(request, "policies/admin/import.html", context)
