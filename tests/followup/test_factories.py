"""followup.factories: each site's status lookup page with its survey, and personal survey invitations."""

import datetime

import pytest

from followup import tokens
from followup.factories import StatusLookupPageFactory, SurveyInvitationFactory
from forms.kinds import FormKind
from home.factories import SiteFactory
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_a_lookup_page_with_its_survey_in_both_languages(client):
    site = SiteFactory()
    page = StatusLookupPageFactory(site=site, with_survey=True, english=True)
    page.full_clean()
    assert page.survey_page.kind == FormKind.SURVEY and page.survey_page.get_site() == site
    assert page.english.title == "Follow your request" and page.english.survey_page_id == page.survey_page_id
    assert client.get(page.english.url, HTTP_HOST=site.hostname).status_code == 200
    assert client.get(page.url, HTTP_HOST=site.hostname).status_code == 200


def test_an_invitation_for_a_delivered_request():
    invitation = SurveyInvitationFactory()
    invitation.full_clean()
    assert invitation.case.status == Status.DELIVERED and not invitation.expired
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=30)
    assert tokens.invitation_for_survey_token(tokens.survey_token(invitation)) == invitation


def test_an_invitation_names_the_service():
    service = ServicePageFactory()
    case = CaseFactory(status=Status.ANSWERED, kind=FormKind.COMPLAINT, service=service)
    invitation = SurveyInvitationFactory(case=case)
    assert invitation.service.pk == service.pk and case.submission.service_title == service.title
