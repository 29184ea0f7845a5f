"""The request's research reports on its page in the inbox (the inbox's "inbox_case_panels" hook): each report
with its recommendation, to those who may read them, and the way to write one for the request's researcher while
the request is with research."""

from django.db.models import Prefetch
from django.urls import reverse
from wagtail.admin.ui.components import Component

from research import reports
from research.models import ReportStatus, ReportUpload, ResearchReport


class ResearchReports(Component):
    template_name = "research/case_reports.html"

    def __init__(self, case, request, may_write):
        self.case = case
        self.request = request
        self.may_write = may_write

    def get_context_data(self, parent_context=None):
        user = self.request.user
        rows = (
            ResearchReport.objects.filter(case=self.case)
            .select_related("researcher")
            .prefetch_related(Prefetch("uploads", queryset=ReportUpload.objects.order_by("added_at", "pk")))
        )
        # Others' drafts are work in progress: only submitted reports and one's own draft are shown.
        shown = [
            report for report in rows if report.status == ReportStatus.SUBMITTED or report.researcher_id == user.pk
        ]
        return {
            "request": self.request,
            # The script that forgets the copies kept on this device of the reports this person submitted.
            "forget_on_device": any(r.researcher_id == user.pk and not r.is_draft for r in shown),
            "case": self.case,
            "reports": shown,
            "write_url": reverse("research:start_report", args=[self.case.pk]) if self.may_write else "",
        }


def research_reports(request, case):
    """The panel, to the request's researcher and to those who may read its reports."""
    may_write = reports.may_write(request.user, case)
    if not (may_write or reports.may_read(request.user, case)):
        return None
    return ResearchReports(case, request, may_write)
