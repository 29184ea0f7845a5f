"""Who works research tasks: the assigned researcher their own; beneficiary relations (and administrators, who
hold that role) every task. Read from the inbox's roles, never from group names."""

from inbox.lifecycle import Role
from inbox.roles import roles_of
from research.models import ResearchTask


def works_research(user) -> bool:
    return bool(roles_of(user) & {Role.RELATIONS, Role.RESEARCHER})


def sees_all(user) -> bool:
    return Role.RELATIONS in roles_of(user)


def tasks_visible_to(user, queryset=None, site_id=None):
    """The tasks this person works; only those of association `site_id` when given (the one worked in)."""
    queryset = ResearchTask.objects.all() if queryset is None else queryset
    if site_id is not None:
        queryset = queryset.filter(site_id=site_id)
    if sees_all(user):
        return queryset
    if Role.RESEARCHER in roles_of(user):
        return queryset.filter(assignee=user)
    return queryset.none()


def may_work(user, task) -> bool:
    return sees_all(user) or (Role.RESEARCHER in roles_of(user) and task.assignee_id == user.pk)
