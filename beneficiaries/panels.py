"""The family's summary on a request's page in the inbox (the inbox's "inbox_case_panels" hook)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from beneficiaries.models import FileRequest
from forms.kinds import FormKind

VIEW_FILES = "beneficiaries.view_beneficiaryfile"


class FamilySummary(Component):
    template_name = "beneficiaries/case_family.html"

    def __init__(self, case, link):
        self.case = case
        self.link = link

    def get_context_data(self, parent_context=None):
        if self.link is None:
            return {"file": None}
        file = self.link.file
        earlier = (
            FileRequest.objects.filter(file=file)
            .exclude(case=self.case)
            .select_related("case__submission")
            .order_by("-case__submission__submitted_at")
        )
        return {
            "file": file,
            "linked_by": self.link.get_linked_by_display(),
            "household_size": file.household_size,
            "income_per_person": file.income_per_person(),
            "verification_lapsed": file.verification_lapsed(),
            "earlier": [link.case for link in earlier],
            "file_url": reverse("beneficiaries:inspect", args=[file.pk]),
        }


def family_summary(request, case):
    """The panel for a help request, to those who may read family files."""
    if case.submission.kind != FormKind.HELP_REQUEST or not request.user.has_perm(VIEW_FILES):
        return None
    link = FileRequest.objects.filter(case=case).select_related("file").first()
    return FamilySummary(case, link)
