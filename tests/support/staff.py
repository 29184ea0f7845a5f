"""Staff of the design's roles."""

import uuid

from django.contrib.auth.models import Group

from scripts.signin import sign_in

GROUPS = {
    "relations": "Beneficiary relations",
    "researcher": "Social researchers",
    "researcher2": "Social researchers",
    "committee": "Research committee",
    "admin": "Administrators",
    "editor": "Editors",
    "moderator": "Moderators",
}


def sign_in_member(client, django_user_model, group):
    """A new staff member of `group`, signed in on `client`; returns them."""
    user = django_user_model.objects.create_user(f"u-{uuid.uuid4().hex[:8]}", password="x")
    user.groups.add(Group.objects.get(name=group))
    sign_in(client, user)
    return user
