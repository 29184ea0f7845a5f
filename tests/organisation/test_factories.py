"""organisation.factories: the English strings, the bases, the association's identity and staff of any role."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site
from wagtail_localize.models import Translation, TranslationSource

from home.factories import SiteFactory
from organisation.factories import (
    PASSWORD,
    ROLE_GROUPS,
    EnglishStrings,
    OrganisationProfileFactory,
    OrganisationSettingsFactory,
    UserFactory,
    english,
)
from organisation.models import OrganisationProfile, OrganisationSettings

pytestmark = pytest.mark.django_db


def test_english_strings_answer_every_segment():
    strings = EnglishStrings({"خدمة": "Service", "سلة": "Basket"})
    assert "أي نص" in strings
    assert strings["سلة"] == "Basket"
    assert strings["خدمة 12"] == "Service 12"
    assert strings["help-request"] == "help-request"  # slugs, numbers, addresses stay
    assert strings["0505550123"] == "0505550123"
    assert strings["<b>نص</b> آخر"] == "[en] <b>نص</b> آخر"


def test_a_profile_is_valid_and_translated_through_wagtail_localize():
    profile = OrganisationProfileFactory(english=True)
    profile.full_clean()
    translated = profile.english
    assert translated.locale == english() and translated.translation_key == profile.translation_key
    assert translated.name == profile.name.replace("جمعية البر الأهلية", "Al-Birr Community Association")
    assert translated.branches[0].value["name"] == "Head office"
    source = TranslationSource.objects.get(object_id=profile.translation_key)
    assert source.locale == profile.locale and source.get_source_instance() == profile
    assert Translation.objects.filter(source=source, target_locale=english(), enabled=True).exists()


def test_settings_belong_to_the_site_they_are_made_for():
    first, second = SiteFactory(organisation=False), SiteFactory(organisation=False)
    settings = OrganisationSettingsFactory(site=first, default_reply_period_days=30, with_logo=True)
    settings.full_clean()
    assert settings.logo.collection.is_root() and settings.logo.width > 0
    assert OrganisationSettings.for_site(first) == settings and settings.profile.pk
    assert OrganisationSettings.for_site(second).default_reply_period_days == 14
    assert OrganisationSettings.for_site(second).profile is None
    # Made again for the same site: the site's one row, changed.
    assert OrganisationSettingsFactory(site=first, phone="0115550999").pk == settings.pk
    assert OrganisationSettings.objects.filter(site=first).count() == 1


def test_without_a_site_settings_are_the_default_sites():
    settings = OrganisationSettingsFactory(mobile="0505550999")
    assert settings.site == Site.objects.get(is_default_site=True)
    assert OrganisationProfile.objects.filter(pk=settings.profile_id).exists()


@pytest.mark.parametrize("role", sorted(ROLE_GROUPS))
def test_a_user_of_each_role_is_in_that_roles_group(role):
    user = UserFactory(role=role)
    user.full_clean()
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS[role]]
    assert user.check_password(PASSWORD) and not user.is_superuser
    assert user.has_perm("wagtailadmin.access_admin")


def test_several_roles_and_superusers():
    both = UserFactory(role=["researcher", "committee"])
    assert set(both.groups.values_list("name", flat=True)) == {"Social researchers", "Research committee"}
    chief = UserFactory(role="superuser")
    assert chief.is_superuser and chief.is_staff and not chief.groups.exists()
    nobody = UserFactory()
    assert not nobody.groups.exists() and not nobody.has_perm("wagtailadmin.access_admin")
    with pytest.raises(ValueError, match="Unknown staff role"):
        UserFactory(role="treasurer")
    assert Group.objects.filter(name__in=ROLE_GROUPS.values()).count() == len(ROLE_GROUPS)


def test_choices_are_translated_as_a_whole_or_line_by_line():
    strings = EnglishStrings({"نعم\nلا": "Yes\nNo", "أحمر": "Red"})
    assert strings["نعم<br/>لا"] == "Yes<br/>No"
    assert strings["أحمر<br/>أزرق"] == "Red<br/>[en] أزرق"
