"""organisation.0008: the role groups a new database's migrations left tied to no association (home.0002
deletes the site 0004 tied them to) are tied to the default association; groups already tied stay so."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import Site

from home.factories import SiteFactory
from organisation import associations
from organisation.models import AssociationGroup
from organisation.roles import ROLE_GROUPS

pytestmark = pytest.mark.django_db

migration = importlib.import_module("organisation.migrations.0008_tie_role_groups_to_the_default_site")


def role_groups():
    return Group.objects.filter(name__in=ROLE_GROUPS.values())


def test_role_groups_tied_to_none_are_tied_to_the_default_association():
    default = Site.objects.get(is_default_site=True)
    AssociationGroup.objects.filter(group__in=role_groups()).delete()
    migration.tie_role_groups(apps, None)
    tied = {link.group.name: (link.site_id, link.role) for link in AssociationGroup.objects.filter(site=default)}
    assert tied == {name: (default.pk, role) for role, name in ROLE_GROUPS.items()}


def test_groups_already_tied_and_roles_already_held_are_left_as_they_are():
    default = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="second.localhost")
    associations.create_staff_groups(second)
    before = set(AssociationGroup.objects.values_list("group_id", "site_id", "role"))
    migration.tie_role_groups(apps, None)
    assert set(AssociationGroup.objects.values_list("group_id", "site_id", "role")) == before
    # The default association already has another group as its editors: the untied "Editors" stays untied.
    editors = Group.objects.get(name=ROLE_GROUPS["editor"])
    AssociationGroup.objects.filter(group=editors).delete()
    AssociationGroup.objects.create(group=Group.objects.create(name="Our editors"), site=default, role="editor")
    migration.tie_role_groups(apps, None)
    assert not AssociationGroup.objects.filter(group=editors).exists()
