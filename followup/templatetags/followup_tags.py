from django import template
from django.utils import translation

from followup.invitations import SurveyInvitation
from inbox.services import can_see
from inbox.views import labelled_answers

register = template.Library()


@register.inclusion_tag("followup/includes/case_survey_panel.html", takes_context=True)
def case_survey(context, case):
    """Whether the request's survey was sent, and its answer, for the inbox's request page."""
    invitation = SurveyInvitation.objects.select_related("response", "response__case").filter(case_id=case.pk).first()
    answers, response_case = [], None
    if invitation is not None and invitation.response is not None:
        answers = [(label, value) for label, value in labelled_answers(invitation.response) if value not in ("", None)]
        request = context.get("request")
        if request is not None and can_see(request.user, invitation.response.case):
            response_case = invitation.response.case
    return {"invitation": invitation, "answers": answers, "response_case": response_case,
            "language": translation.get_language()}  # fmt: skip
