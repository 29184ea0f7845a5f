"""The committee's roles, made by a migration with their permissions (read as permissions, never group names)."""

import pytest
from django.contrib.auth.models import Group

from inbox.lifecycle import Role
from inbox.roles import roles_of
from organisation.factories import UserFactory

pytestmark = pytest.mark.django_db
SEE, PREPARE, RECORD = "committee.view_committeesession", "committee.prepare_session", "committee.record_decisions"


def test_the_secretaries_group_reaches_the_admin():
    assert Group.objects.get(name="Committee secretaries").permissions.filter(codename="access_admin").exists()


@pytest.mark.parametrize(
    ("role", "see", "prepare", "record"),
    [("secretary", True, True, True), ("committee", True, False, False), ("administrator", True, True, True),
     ("relations", False, False, False), ("researcher", False, False, False), ("editor", False, False, False)],
)  # fmt: skip
def test_what_each_role_may_do_with_sessions(role, see, prepare, record):
    user = UserFactory(role=role)
    assert (user.has_perm(SEE), user.has_perm(PREPARE), user.has_perm(RECORD)) == (see, prepare, record)


def test_the_secretary_makes_the_committees_moves_in_the_inbox():
    """Closing applies decisions through the inbox's moves, which the committee's role makes."""
    assert Role.COMMITTEE in roles_of(UserFactory(role="secretary"))
    assert UserFactory(role="administrator").has_perm("committee.change_committeesettings")
