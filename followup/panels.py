"""The satisfaction survey on a request's page in the inbox (the inbox's "inbox_case_panels" hook): whether the
survey was sent, and its answer."""

from django.utils import translation
from wagtail.admin.ui.components import Component

from followup.invitations import SurveyInvitation
from inbox.services import can_see
from inbox.views import labelled_answers


class SurveyPanel(Component):
    template_name = "followup/includes/case_survey_panel.html"

    def __init__(self, request, case):
        self.request = request
        self.case = case

    def get_context_data(self, parent_context=None):
        invitation = (
            SurveyInvitation.objects.select_related("response", "response__case").filter(case_id=self.case.pk).first()
        )
        answers, response_case = [], None
        if invitation is not None and invitation.response is not None:
            answers = [
                (label, value) for label, value in labelled_answers(invitation.response) if value not in ("", None)
            ]
            if can_see(self.request.user, invitation.response.case):
                response_case = invitation.response.case
        return {"invitation": invitation, "answers": answers, "response_case": response_case,
                "language": translation.get_language()}  # fmt: skip


def survey_panel(request, case):
    return SurveyPanel(request, case)
