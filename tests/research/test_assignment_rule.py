"""The association's rule: a female researcher for a household headed by a woman. The family's file says who
heads the household; the inbox's referral offers the rule's researchers first (a hook), and a referral to
anyone else is flagged on the task, its panel and the request's timeline."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from beneficiaries.factories import BeneficiaryFileFactory, HouseholdMemberFactory
from beneficiaries.models import FileRequest, LinkedBy, Relation
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import CaseEvent
from research.assignment import headed_by_woman
from research.factories import ResearchTaskFactory
from research.models import ResearchSettings
from research.referrals import RULE_NOTE
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


def woman_headed():
    family = BeneficiaryFileFactory(head_name="هيا سعد الدوسري")
    HouseholdMemberFactory(file=family, id_number=family.head_id, relation=Relation.OTHER, sex="female")
    HouseholdMemberFactory(file=family, relation=Relation.SON, sex="male")
    return family


def man_headed():
    family = BeneficiaryFileFactory(head_name="سعد محمد الدوسري")
    HouseholdMemberFactory(file=family, relation=Relation.SPOUSE, sex="female")
    return family


def rule(*researchers):
    config = ResearchSettings.for_site(Site.objects.get(is_default_site=True))
    config.women_researchers.set(researchers)
    config.save()


def linked(family):
    case = CaseFactory(kind="help_request", status=Status.VERIFICATION)
    FileRequest.objects.create(file=family, case=case, linked_by=LinkedBy.STAFF)
    return case


def test_who_heads_the_household_is_read_from_the_file():
    assert headed_by_woman(linked(woman_headed())) is True
    assert headed_by_woman(linked(man_headed())) is False
    husband_on_file = BeneficiaryFileFactory()
    HouseholdMemberFactory(file=husband_on_file, relation=Relation.SPOUSE, sex="male")
    assert headed_by_woman(linked(husband_on_file)) is True
    assert headed_by_woman(linked(BeneficiaryFileFactory())) is None  # the file does not say
    # What staff recorded on the file comes first.
    recorded = BeneficiaryFileFactory(head_sex="female")
    HouseholdMemberFactory(file=recorded, relation=Relation.SPOUSE, sex="female")
    assert headed_by_woman(linked(recorded)) is True
    assert headed_by_woman(CaseFactory(kind="help_request")) is None  # no file


def referral_options(client, case):
    page = client.get(reverse("inbox:detail", args=[case.pk])).content.decode()
    select = page[page.index('name="researcher"') : page.index("</select>", page.index('name="researcher"'))]
    return select


def test_the_referral_offers_the_rules_researcher_first_and_preselected(client, staff):
    rule(staff["researcher2"])
    case = linked(woman_headed())
    sign_in(client, staff["relations"])
    options = referral_options(client, case)
    first = options.index(f'value="{staff["researcher2"].pk}"')
    assert first < options.index(f'value="{staff["researcher"].pk}"')
    assert f'value="{staff["researcher2"].pk}" selected' in options
    assert "وفق قاعدة الإسناد" in options


def test_no_suggestion_for_a_household_headed_by_a_man_or_without_a_rule(client, staff):
    sign_in(client, staff["relations"])
    rule()
    assert " selected" not in referral_options(client, linked(woman_headed()))
    rule(staff["researcher2"])
    assert " selected" not in referral_options(client, linked(man_headed()))


def test_a_referral_outside_the_rule_is_flagged_on_the_task_the_timeline_and_the_panel(client, staff):
    rule(staff["researcher2"])
    task = ResearchTaskFactory(family=woman_headed(), researcher=staff["researcher"])
    assert task.outside_rule
    note = CaseEvent.objects.get(case=task.case_id, kind=CaseEvent.Kind.NOTE)
    assert note.text == str(RULE_NOTE)
    sign_in(client, staff["relations"])
    page = client.get(reverse("inbox:detail", args=[task.case_id])).content.decode()
    assert "تعول هذه الأسرة امرأة" in page


def test_a_referral_within_the_rule_is_not_flagged(staff):
    rule(staff["researcher2"])
    task = ResearchTaskFactory(family=woman_headed(), researcher=staff["researcher2"])
    assert not task.outside_rule
    assert not CaseEvent.objects.filter(case=task.case_id, kind=CaseEvent.Kind.NOTE).exists()
