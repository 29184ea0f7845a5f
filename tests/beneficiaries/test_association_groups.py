"""Beneficiary groups per association in the family files: a file, a campaign and the verification periods
offer only their own association's groups."""

import pytest
from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.models import Site

from beneficiaries.campaign_forms import AddFamiliesForm
from beneficiaries.factories import BeneficiaryFileFactory
from beneficiaries.models import VerificationSettings
from beneficiaries.views import BeneficiaryFileViewSet
from home.factories import SiteFactory
from organisation.factories import UserFactory
from organisation.settings_views import choices_of_site
from services.factories import BeneficiaryGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Two associations, each with its "orphans" group."""
    second = SiteFactory(hostname="second.localhost")
    ours = BeneficiaryGroupFactory(slug="orphans", name="أيتام الأولى", english=True)
    theirs = BeneficiaryGroupFactory(slug="orphans", name="أيتام الثانية", site=second, english=True)
    return second, ours, theirs


def test_a_file_offers_its_own_association_s_groups(two):
    second, ours, theirs = two
    form_class = BeneficiaryFileViewSet("files-under-test").get_edit_handler().get_form_class()
    form = form_class(instance=BeneficiaryFileFactory(site=second), for_user=UserFactory(role="superuser"))
    assert list(form.fields["groups"].queryset) == [theirs]
    form = form_class(instance=BeneficiaryFileFactory(), for_user=UserFactory(role="superuser"))
    assert list(form.fields["groups"].queryset) == [ours]


def test_a_campaign_s_filter_offers_its_own_association_s_groups(two):
    second, ours, theirs = two
    assert list(AddFamiliesForm(site_id=second.pk).fields["group"].queryset) == [theirs]
    assert not AddFamiliesForm({"group": str(ours.pk)}, site_id=second.pk).is_valid()


def test_verification_periods_are_set_for_the_association_s_own_groups(two):
    second, ours, theirs = two
    form_class = get_setting_edit_handler(VerificationSettings).get_form_class()
    config = VerificationSettings.for_site(second)
    prefix = "group_periods"
    data = {"default_months": "12", "remind_days_before": "14", "tell_family": "on",
            f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000", f"{prefix}-0-months": "6", f"{prefix}-0-ORDER": "1"}  # fmt: skip
    superuser = UserFactory(role="superuser")

    def form(site, data=None):
        """The form as the settings view makes it (organisation.settings_views narrows its choices)."""
        made = form_class(data, instance=VerificationSettings.for_site(site), for_user=superuser)
        choices_of_site(made, site.pk)
        return made

    assert list(form(second).formsets[prefix].empty_form.fields["group"].queryset) == [theirs]
    refused = form(second, {**data, f"{prefix}-0-group": str(ours.pk)})
    assert not refused.is_valid()
    accepted = form(second, {**data, f"{prefix}-0-group": str(theirs.pk)})
    assert accepted.is_valid(), (accepted.errors, accepted.formsets[prefix].errors)
    assert config.pk == accepted.instance.pk
    at_first = form(Site.objects.get(is_default_site=True)).formsets[prefix].empty_form
    assert list(at_first.fields["group"].queryset) == [ours]
