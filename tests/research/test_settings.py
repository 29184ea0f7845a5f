"""The research settings (a site setting administrators edit): the default period, a period per service, keeping
photos' location, and the assignment rule's researchers; the English message of a visit for an English request."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from forms.models import Notification
from research.factories import ResearchTaskFactory, plan_visit
from research.models import VISIT_PLANNED, ResearchSettings
from scripts.signin import sign_in
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def edit_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["research", "researchsettings", site.pk])


def test_administrators_set_the_periods_the_photos_and_the_rule_in_either_digit_set(client, staff):
    service = ServicePageFactory()
    sign_in(client, staff["admin"])
    page = client.get(edit_url())
    assert page.status_code == 200
    assert staff["researcher2"].username in page.content.decode()  # offered for the rule
    data = {
        "default_days": "١٠", "keep_photo_location": "on", "women_researchers": [str(staff["researcher2"].pk)],
        "service_periods-TOTAL_FORMS": "1", "service_periods-INITIAL_FORMS": "0",
        "service_periods-MIN_NUM_FORMS": "0", "service_periods-MAX_NUM_FORMS": "1000",
        "service_periods-0-service": str(service.pk), "service_periods-0-days": "٣", "service_periods-0-ORDER": "1",
    }  # fmt: skip
    response = client.post(edit_url(), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    config = ResearchSettings.for_site(Site.objects.get(is_default_site=True))
    assert (config.default_days, config.keep_photo_location) == (10, True)
    assert list(config.women_researchers.all()) == [staff["researcher2"]]
    assert config.days_for(service.translation_key) == 3


def test_only_researchers_are_offered_for_the_rule(client, staff):
    sign_in(client, staff["admin"])
    form = client.get(edit_url()).context["form"]
    offered = set(form.fields["women_researchers"].queryset)
    assert staff["researcher"] in offered and staff["researcher2"] in offered
    assert staff["editor"] not in offered and staff["committee"] not in offered


@pytest.mark.parametrize("role", ["relations", "researcher", "editor"])
def test_others_may_not_change_the_settings(client, staff, role):
    sign_in(client, staff[role])
    response = client.get(edit_url())
    assert response.status_code in (302, 403) and "/login/" not in response.get("Location", "")


def test_an_english_request_is_told_of_its_visit_in_english(staff):
    task = ResearchTaskFactory(language="en")
    plan_visit(task)
    email = Notification.objects.get(
        submission_id=task.case_id, event=VISIT_PLANNED, channel=Notification.Channel.APPLICANT_EMAIL
    )
    assert "At the family's home" in email.body and "from 10:00 to 12:00" in email.body
