"""A staff member's inbox roles, read from their permissions (never from group names).

The groups made by organisation's migration carry these permissions
(inbox/migrations/0002), so an administrator can also give a role to one
person. Superusers hold every role.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from inbox.lifecycle import Role
from organisation.associations import staff_of_site_q

PERMISSION_OF_ROLE = {
    Role.RELATIONS: "inbox.work_case",
    Role.RESEARCHER: "inbox.research_case",
    Role.COMMITTEE: "inbox.decide_case",
    Role.SUPERVISOR: "inbox.supervise_case",
    Role.DIRECTOR: "inbox.direct_case",
}
EXPORT_PERMISSION = "inbox.export_case"
PERSONAL_DATA_PERMISSION = "inbox.manage_personal_data"


def roles_of(user) -> frozenset:
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_inbox_roles", None)
    if cached is None:
        cached = frozenset(role for role, permission in PERMISSION_OF_ROLE.items() if user.has_perm(permission))
        user._inbox_roles = cached
    return cached


def works_inbox(user) -> bool:
    return bool(roles_of(user))


def can_export(user) -> bool:
    return works_inbox(user) and user.has_perm(EXPORT_PERMISSION)


def can_manage_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION))


def staff_holding(*roles, site_id=None):
    """Active users who hold any of `roles`, directly, through a group, or as superusers: one query.
    `site_id`: only those holding it at that association (through its groups, or a group tied to none:
    organisation.backends counts permissions so), and superusers."""
    codenames = [PERMISSION_OF_ROLE[role].split(".")[1] for role in roles]
    direct = Q(user_permissions__content_type__app_label="inbox", user_permissions__codename__in=codenames)
    grouped = Q(groups__permissions__content_type__app_label="inbox", groups__permissions__codename__in=codenames)
    if site_id is not None:
        grouped &= staff_of_site_q(site_id)  # the group holding the role counts there
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(is_superuser=True) | direct | grouped).distinct()


def staff_with_role(role, site_id=None):
    return staff_holding(role, site_id=site_id)
