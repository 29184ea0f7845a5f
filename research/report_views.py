"""The research report in the admin: begun by the request's researcher, written on a phone in the field, saved
as a draft and submitted; read by beneficiary relations and the committee. Every view reaches the report through
the request in its address (a report or upload of another request is a 404)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from beneficiaries.linking import site_id_of
from core import private_files
from forms.records import private_storage
from inbox.models import Case
from inbox.roles import works_inbox
from organisation.associations import working_site_id
from research import reports, uploads
from research.models import ReportUpload, ResearchReport
from research.report_forms import ReportForm, UploadForm


def case_or_404(request, case_pk) -> Case:
    """Among the requests this person works at all: others' are refused before anything is looked up."""
    if not works_inbox(request.user):
        raise PermissionDenied
    queryset = Case.objects.select_related("submission", "submission__form_page", "submission__service", "researcher")
    case = get_object_or_404(queryset, pk=case_pk)
    if site_id_of(case) != working_site_id(request):  # another association's request is none here
        raise Http404
    return case


def readable_report_or_404(request, case_pk, pk) -> tuple[Case, ResearchReport]:
    case = case_or_404(request, case_pk)
    if not reports.may_read(request.user, case):
        raise PermissionDenied
    report = get_object_or_404(ResearchReport.objects.select_related("researcher", "service"), pk=pk, case=case)
    return case, report


def _report_url(report):
    return reverse("research:report", args=[report.case_id, report.pk])


def start_report(request, case_pk):
    """The researcher's draft on this request (begun when there is none)."""
    case = case_or_404(request, case_pk)
    if not reports.may_write(request.user, case):
        raise PermissionDenied
    return redirect(_report_url(reports.draft_for(case, request.user)))


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def report_page(request, case_pk, pk):
    case, report = readable_report_or_404(request, case_pk, pk)
    editable = report.is_draft and report.researcher_id == request.user.pk and reports.may_write(request.user, case)
    form = ReportForm(request.POST or None, report=report)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                report = reports.save(
                    report, form.content(), expected_version=_expected_version(request), submit=submit
                )
            except reports.ReportError as error:
                form.add_error(None, str(error))
            else:
                if submit:
                    messages.success(request, _("The research report was submitted."))
                    return redirect(reverse("inbox:detail", args=[case.pk]))
                messages.success(request, _("The draft was saved."))
                return redirect(_report_url(report))
    context = {
        "case": case, "report": report, "form": form, "editable": editable,
        "uploads": list(report.uploads.all()), "upload_form": UploadForm(auto_id="upload_%s") if editable else None,
        "storage_key": f"research-report:{case.pk}:{report.pk}",
        # A refused save keeps the version it was typed against: a second click is told again, until a reload.
        "version": _expected_version(request) if request.method == "POST" else report.version,
    }  # fmt: skip
    return TemplateResponse(request, "research/report_form.html", context)


@require_POST
def add_upload(request, case_pk, pk):
    case, report = readable_report_or_404(request, case_pk, pk)
    if not (report.is_draft and report.researcher_id == request.user.pk and reports.may_write(request.user, case)):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        keep = reports.keeps_photo_location(report.site)
        uploads.add_upload(report, form.cleaned_data["upload"][0], user=request.user, keep_location=keep)
        messages.success(request, _("The file was added to the report."))
    else:
        for error in form.errors.get("upload", []):
            messages.error(request, error)
    return redirect(_report_url(report))


def download_upload(request, case_pk, pk, upload_pk):
    _case, report = readable_report_or_404(request, case_pk, pk)
    upload = get_object_or_404(ReportUpload, pk=upload_pk, report=report)
    return private_files.download_response(
        private_storage(), upload.stored_file.name, upload.original_name, upload.content_type
    )


urlpatterns = [
    path("requests/<int:case_pk>/report/", start_report, name="start_report"),
    path("requests/<int:case_pk>/reports/<int:pk>/", report_page, name="report"),
    path("requests/<int:case_pk>/reports/<int:pk>/uploads/", add_upload, name="upload_add"),
    path("requests/<int:case_pk>/reports/<int:pk>/uploads/<int:upload_pk>/", download_upload, name="upload"),
]
