"""Staff groups from the design, made by a data migration."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

pytestmark = pytest.mark.django_db

GROUPS = [
    "Editors",
    "Moderators",
    "Beneficiary relations",
    "Social researchers",
    "Research committee",
    "Administrators",
]


def test_all_groups_exist_and_reach_the_admin():
    for name in GROUPS:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists(), name


def user_in(group_name, django_user_model):
    user = django_user_model.objects.create_user(group_name.replace(" ", "_"), password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_write_pages_and_translations_but_do_not_publish(django_user_model):
    editor = user_in("Editors", django_user_model)
    home = Page.objects.get(depth=2, locale__language_code="ar")
    permissions = home.permissions_for_user(editor)
    assert permissions.can_add_subpage() and permissions.can_edit()
    assert not permissions.can_publish()
    assert editor.has_perm("wagtail_localize.submit_translation")
    assert editor.has_perm("wagtailimages.add_image") and editor.has_perm("wagtaildocs.add_document")
    assert not editor.has_perm("organisation.change_organisationsettings")


def test_moderators_publish(django_user_model):
    moderator = user_in("Moderators", django_user_model)
    assert Page.objects.get(depth=2, locale__language_code="ar").permissions_for_user(moderator).can_publish()


def test_inbox_roles_have_no_page_rights_yet(django_user_model):
    for name in ("Beneficiary relations", "Social researchers", "Research committee"):
        user = user_in(name, django_user_model)
        assert not Page.objects.get(depth=2, locale__language_code="ar").permissions_for_user(user).can_edit(), name


def test_administrators_manage_settings_and_users(django_user_model):
    admin = user_in("Administrators", django_user_model)
    assert admin.has_perm("organisation.change_organisationsettings")
    assert admin.has_perm("auth.change_user")
    assert Page.objects.get(depth=2, locale__language_code="ar").permissions_for_user(admin).can_publish()
