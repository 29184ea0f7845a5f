"""The admin's policy importer: upload a .txt, .docx or .pdf, get a draft to review and a report."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from organisation.associations import pages_in_trees_of
from organisation.scoping import site_of_request
from policies.importer import MAX_BYTES, PolicyImportError, import_file, index_for, report_lines
from policies.models import PolicyIndexPage, PolicyPage

REPORT_KEY = "policies_import_report"


def can_import(user, request=None) -> bool:
    """Whoever may add a page under a policy index of the association worked in (given the request, else the
    one the person is marked as working in) may import one. Asked on every admin page, for the menu: the other
    associations' indexes, two each, are not read."""
    if not user.is_authenticated:
        return False
    site_id = site_of_request(request) if request is not None else getattr(user, "working_site_id", None)
    indexes = PolicyIndexPage.objects.all()
    if site_id is not None:
        indexes = pages_in_trees_of(site_id, indexes)
    return any(index.permissions_for_user(user).can_add_subpage() for index in indexes)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Policy file"), help_text=_("A .txt, .docx or .pdf document (at most 20 MB)."))
    locale = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES, initial="ar")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".docx", ".pdf")):
            raise forms.ValidationError(_("Upload a .txt, .docx or .pdf file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB, too large for a policy document."))
        return upload


def import_policy(request):
    if not can_import(request.user, request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, locale = form.cleaned_data["file"], form.cleaned_data["locale"]
        # Check the target before anything is created: the right is per policy index.
        site_id = site_of_request(request)
        index = index_for(site_id, locale)
        if index is not None and not index.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            page, parsed = import_file(upload.read(), upload.name, locale, request.user, site_id)
        except PolicyImportError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("A draft of “%(title)s” was created: check each section, then publish it.") % {"title": page.title},
            )
            # Shown once on the next GET (post/redirect/get: a refresh does not import twice).
            request.session[REPORT_KEY] = {"page": page.pk, "lines": [list(line) for line in report_lines(parsed)]}
            return redirect(reverse("policies_import"))
    report = request.session.pop(REPORT_KEY, None) if request.method == "GET" else None
    draft = None
    if report:
        draft = PolicyPage.objects.filter(pk=report["page"]).first()
        if draft is None or not draft.permissions_for_user(request.user).can_edit():
            report, draft = None, None
    title = _("Import a policy")
    context = {
        "form": form,
        "report": report,
        "draft": draft,
        "page_title": title,
        "header_title": title,
        "header_icon": "upload",
    }
    return TemplateResponse(request, "policies/admin/import.html", context)
