"""Documents on the family's file in the admin: keep a request's attachments, upload a document, download one,
delete one. Each view reaches the document through the file in its address (an id swapped for another file's is
a 404), and medical reports only with the permission for health notes."""

import datetime

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from beneficiaries import documents
from beneficiaries.models import HEALTH_TYPES, BeneficiaryFile, DocumentType, FileDocument
from core import private_files
from core.calendars import format_gregorian, hijri_display
from forms.fields import AttachmentField, HijriOrGregorianDateField
from forms.records import private_storage
from organisation.associations import working_site_id

VIEW_FILES = "beneficiaries.view_beneficiaryfile"
VIEW, ADD, DELETE = (f"beneficiaries.{action}_filedocument" for action in ("view", "add", "delete"))
HEALTH_NOTES = "beneficiaries.view_health_notes"


def file_or_404(request, pk, permission) -> BeneficiaryFile:
    if not (request.user.has_perm(VIEW_FILES) and request.user.has_perm(permission)):
        raise PermissionDenied
    return get_object_or_404(BeneficiaryFile, pk=pk, site_id=working_site_id(request))


def document_or_404(request, file, document_pk) -> FileDocument:
    """Only among this file's documents, and only those this person may see."""
    return get_object_or_404(FileDocument.objects.visible_to(request.user), pk=document_pk, file=file)


def document_rows(documents_on_file, user, language=None, today=None) -> list[dict]:
    """What a list of documents shows: type, expiry in both calendars, whether it has expired, links."""
    language = language or translation.get_language()
    today = today or timezone.localdate()
    may_delete = user.has_perm(DELETE)
    rows = []
    for document in documents_on_file:
        args = [document.file_id, document.pk]
        rows.append(
            {
                "document": document,
                "expires": format_gregorian(document.expires_on, language),
                "expires_hijri": hijri_display(document.expires_on, language),
                "expired": document.is_expired(today),
                "download_url": reverse("beneficiaries:document", args=args),
                "delete_url": reverse("beneficiaries:document_delete", args=args) if may_delete else "",
            }
        )
    return rows


# --- forms ----------------------------------------------------------------------------------
class DocumentDetailsForm(django_forms.Form):
    document_type = django_forms.ChoiceField(label=_("type of document"))
    expires_on = HijriOrGregorianDateField(
        label=_("expiry date"), required=False,
        help_text=_("In either calendar, for example 25/06/1448. Leave empty for a document that does not expire."),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        health = user.has_perm(HEALTH_NOTES)
        self.fields["document_type"].choices = [
            (value, label) for value, label in DocumentType.choices if health or value not in HEALTH_TYPES
        ]

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        return datetime.date.fromisoformat(value["gregorian"]) if value else None


class UploadForm(DocumentDetailsForm):
    upload = AttachmentField(label=_("document"), help_text=_("A PDF, JPEG, PNG or WebP file."))


class AttachmentChoiceField(django_forms.ModelMultipleChoiceField):
    def label_from_instance(self, attachment):
        # The reference left to right inside the right-to-left admin: HR-2026-000042, not 000042-HR-2026.
        return format_html('{} — <bdi dir="ltr">{}</bdi>', attachment.original_name, attachment.submission.reference)


class KeepForm(DocumentDetailsForm):
    attachments = AttachmentChoiceField(
        label=_("attachments of the family's requests"), queryset=None, widget=django_forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, file, user, only_case=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        queryset = documents.attachments_to_keep(file, user)
        if only_case is not None:
            queryset = queryset.filter(submission_id=only_case.pk)
        self.fields["attachments"].queryset = queryset


# --- views ----------------------------------------------------------------------------------
def _back_to(request, file):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("beneficiaries:inspect", args=[file.pk])


def _form_page(request, file, form, title, action):
    context = {"file": file, "form": form, "title": title, "action": action, "next": _back_to(request, file)}
    return TemplateResponse(request, "beneficiaries/document_form.html", context)


def add_document(request, pk):
    """Staff upload a document onto the file: checked as a request's files are; a bad file saves nothing."""
    file = file_or_404(request, pk, ADD)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        documents.add_upload(
            file, form.cleaned_data["upload"][0], document_type=form.cleaned_data["document_type"],
            expires_on=form.cleaned_data["expires_on"], user=request.user,
        )  # fmt: skip
        messages.success(request, _("The document was added to the file."))
        return redirect(_back_to(request, file))
    return _form_page(request, file, form, _("Add a document"), reverse("beneficiaries:document_add", args=[pk]))


def keep_documents(request, pk):
    """Keep attachments of the family's requests on the file, each as a copy of its own."""
    file = file_or_404(request, pk, ADD)
    form = KeepForm(request.POST or None, file=file, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            documents.keep_attachments(
                file, form.cleaned_data["attachments"], document_type=form.cleaned_data["document_type"],
                expires_on=form.cleaned_data["expires_on"], user=request.user,
            )  # fmt: skip
        except documents.CopyFailed:
            form.add_error(None, _("The attachment could not be copied: nothing was kept. Try again later."))
        else:
            messages.success(request, _("The documents were kept on the file."))
            return redirect(_back_to(request, file))
    action = reverse("beneficiaries:document_keep", args=[pk])
    return _form_page(request, file, form, _("Keep a request's attachments on the file"), action)


def download_document(request, pk, document_pk):
    """A document of this file, recorded; streamed from local storage, or a redirect to a signed URL of at
    most five minutes when the private storage is a bucket (as the inbox's attachments are)."""
    file = file_or_404(request, pk, VIEW)
    document = document_or_404(request, file, document_pk)
    response = private_files.download_response(
        private_storage(), document.stored_file.name, document.original_name, document.content_type
    )
    log(file, "beneficiaries.document_download", user=request.user, data={"document": document.pk})
    return response


def delete_document(request, pk, document_pk):
    file = file_or_404(request, pk, DELETE)
    document = document_or_404(request, file, document_pk)
    if request.method == "POST":
        documents.delete_document(document, request.user)
        messages.success(request, _("The document was deleted from the file."))
        return redirect(reverse("beneficiaries:inspect", args=[file.pk]))
    return TemplateResponse(request, "beneficiaries/document_delete.html", {"file": file, "document": document})


urlpatterns = [
    path("<int:pk>/documents/add/", add_document, name="document_add"),
    path("<int:pk>/documents/keep/", keep_documents, name="document_keep"),
    path("<int:pk>/documents/<int:document_pk>/", download_document, name="document"),
    path("<int:pk>/documents/<int:document_pk>/delete/", delete_document, name="document_delete"),
]
