"""Test factories for following requests up: the status lookup page and personal survey invitations."""

import factory
from factory.django import DjangoModelFactory

from followup.models import StatusLookupPage, SurveyInvitation
from forms.factories import FormPageFactory
from forms.kinds import FormKind
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from organisation.factories import TranslatablePageFactory

ENGLISH = {
    "تتبع طلبك": "Follow your request",
    "اكتب رقم طلبك ورقم جوالك لتعرف أين وصل طلبك.": (
        "Type your reference and mobile number to see where your request stands."
    ),
}


class StatusLookupPageFactory(TranslatablePageFactory):
    """The lookup page (تتبع طلبك) on `site`, opening `survey_page` (default: none, the first survey form)."""

    class Meta:
        model = StatusLookupPage

    _english = ENGLISH

    title = "تتبع طلبك"
    slug = factory.Sequence(lambda n: f"track-request-f{n}")
    intro = "<p>اكتب رقم طلبك ورقم جوالك لتعرف أين وصل طلبك.</p>"
    survey_page = None

    class Params:
        with_survey = factory.Trait(
            survey_page=factory.SubFactory(FormPageFactory, kind=FormKind.SURVEY, site=factory.SelfAttribute("..site"))
        )


class SurveyInvitationFactory(DjangoModelFactory):
    """A request's personal survey link, as followup owes one when a help request is delivered (its
    service, a fresh nonce, 30 days to answer)."""

    class Meta:
        model = SurveyInvitation

    case = factory.SubFactory(CaseFactory, status=Status.DELIVERED)
    service = factory.LazyAttribute(lambda invitation: invitation.case.submission.service)
