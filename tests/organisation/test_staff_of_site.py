"""Who works for an association, in one rule (organisation.associations.staff_of_site_q): the members of its
groups and of groups tied to no association, whose permissions count everywhere (organisation.backends)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.test import Client, RequestFactory
from wagtail.models import Site

from home.factories import SiteFactory
from inbox.lifecycle import Role
from inbox.roles import staff_holding
from organisation import associations
from organisation.factories import UserFactory
from research.views import researchers_here
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    first = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="second.localhost", site_name="Second association")
    associations.create_staff_groups(second)
    return first, second


@pytest.fixture
def visiting_researcher():
    """A researcher through a group tied to no association."""
    group = Group.objects.create(name="Visiting researchers")
    group.permissions.add(Permission.objects.get(content_type__app_label="inbox", codename="research_case"))
    person = UserFactory(username="visiting-researcher")
    person.groups.add(group)
    return person


def working_in(site):
    request = RequestFactory().get("/")
    request.session = {associations.SESSION_KEY: site.pk}
    return request


def staff(site_id, *conditions):
    return set(get_user_model().objects.filter(*conditions, associations.staff_of_site_q(site_id)).distinct())


def test_the_rule_counts_the_association_s_groups_and_those_tied_to_none(sites, visiting_researcher):
    first, second = sites
    ours = UserFactory(role="editor")
    theirs = UserFactory(role="editor", association=second)
    nobody = UserFactory()
    assert {ours, visiting_researcher} <= staff(first.pk) and not {theirs, nobody} & staff(first.pk)
    assert {theirs, visiting_researcher} <= staff(second.pk) and not {ours, nobody} & staff(second.pk)


def test_with_a_condition_on_the_group_both_hold_for_one_group(sites):
    first, second = sites
    # A researcher at the second association who is an editor at the first is no researcher at the first.
    person = UserFactory(role="researcher", association=second)
    person.groups.add(associations.staff_group(first, "editor"))
    researches = Q(groups__permissions__codename="research_case")
    assert person not in staff(first.pk, researches)
    assert person in staff(second.pk, researches)


def test_researchers_here_count_groups_tied_to_none_and_not_a_role_held_elsewhere(sites, visiting_researcher):
    first, second = sites
    elsewhere = UserFactory(role="researcher", association=second, username="researcher-elsewhere")
    elsewhere.groups.add(associations.staff_group(first, "editor"))
    here = UserFactory(role="researcher", username="researcher-here")
    found = set(researchers_here(working_in(first)))
    assert {here, visiting_researcher} <= found and elsewhere not in found
    assert {elsewhere, visiting_researcher} <= set(researchers_here(working_in(second)))
    assert here not in set(researchers_here(working_in(second)))
    # The inbox's own list of holders, by association, follows the same rule.
    assert visiting_researcher in set(staff_holding(Role.RESEARCHER, site_id=second.pk))
    assert elsewhere not in set(staff_holding(Role.RESEARCHER, site_id=first.pk))


def test_the_users_list_shows_the_staff_of_groups_tied_to_none(sites, visiting_researcher):
    first, second = sites
    admin = UserFactory(role="administrator", association=second)
    theirs = UserFactory(role="researcher", association=second, username="second-researcher")
    client = sign_in(Client(), admin)
    listing = client.get("/admin/users/").content.decode()
    assert "second-researcher" in listing and "visiting-researcher" in listing
    assert client.get(f"/admin/users/edit/{theirs.pk}/").status_code == 200
    # Listed, as they work here too, but the deployment's to manage, not one association's administrator's.
    assert client.get(f"/admin/users/edit/{visiting_researcher.pk}/").status_code == 404
