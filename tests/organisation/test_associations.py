"""organisation.associations: each site an association with its own reference code, staff groups per
association, and permissions that count only in the association a person works in."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, Site

from home.factories import SiteFactory
from organisation import associations
from organisation.factories import UserFactory
from organisation.models import Association, AssociationGroup
from organisation.roles import ROLE_GROUPS

pytestmark = pytest.mark.django_db

RESEARCHER_PERMISSION = "inbox.research_case"


@pytest.fixture
def second():
    site = SiteFactory(hostname="second.localhost")
    associations.create_staff_groups(site)
    return site


def test_the_first_association_goes_without_a_code_and_every_other_has_its_own():
    default = Site.objects.get(is_default_site=True)
    assert associations.association_of(default).reference_code == ""
    codes = {SiteFactory(hostname=f"birr.example{n}.org").association.reference_code for n in range(3)}
    assert codes == {"BIRR", "BIRR2", "BIRR3"}
    assert associations.reference_code(default.pk) == ""


def test_a_wanted_code_is_kept_when_free_and_numbered_when_taken(second):
    assert associations.free_reference_code(second, "QD") == "QD"
    Association.objects.filter(site=second).update(reference_code="QD")
    assert associations.free_reference_code(second, "QD") == "QD2"


def test_staff_groups_are_made_once_with_the_first_association_s_permissions(second):
    groups = associations.create_staff_groups(second)
    assert set(groups) == set(ROLE_GROUPS)
    assert AssociationGroup.objects.filter(site=second).count() == len(ROLE_GROUPS)
    model = Group.objects.get(name=ROLE_GROUPS["administrator"])
    assert set(groups["administrator"].permissions.all()) == set(model.permissions.all())
    assert groups["administrator"].name == "Administrators (second.localhost)"
    pages = GroupPagePermission.objects.filter(group=groups["editor"])
    assert pages.exists() and {p.page_id for p in pages} == set(associations.site_roots(second))


def test_permissions_count_only_in_the_association_worked_in(second):
    default = Site.objects.get(is_default_site=True)
    person = UserFactory(role="relations")  # beneficiary relations at the first association
    person.groups.add(associations.staff_group(second, "researcher"))
    assert set(associations.staff_sites(person)) == {default, second}

    at_first = type(person).objects.get(pk=person.pk)
    at_first.working_site_id = default.pk
    at_second = type(person).objects.get(pk=person.pk)
    at_second.working_site_id = second.pk
    assert at_first.has_perm("inbox.work_case") and not at_first.has_perm(RESEARCHER_PERMISSION)
    assert at_second.has_perm(RESEARCHER_PERMISSION) and not at_second.has_perm("inbox.work_case")


def test_a_group_tied_to_no_association_counts_everywhere(second):
    group, _created = Group.objects.get_or_create(name="Operators")  # hosting's migration makes it
    group.permissions.add(Permission.objects.get(codename="change_organisationsettings"))
    person = UserFactory()
    person.groups.add(group)
    person.working_site_id = second.pk
    assert person.has_perm("organisation.change_organisationsettings")


def test_signing_in_at_an_association_one_does_not_work_for_opens_one_s_own(second):
    person = UserFactory(role="researcher", association=second)
    client = Client()
    client.force_login(person)
    assert client.session[associations.SESSION_KEY] == second.pk


def test_one_chooses_only_among_one_s_own_associations(second, rf):
    default = Site.objects.get(is_default_site=True)
    person = UserFactory(role="researcher")
    request = rf.get("/admin/")
    request.session = {}
    request.user = person
    assert not associations.choose(request, second)
    assert associations.SESSION_KEY not in request.session
    assert associations.choose(request, default)
    assert request.session[associations.SESSION_KEY] == default.pk
    assert associations.working_site(request) == default
