"""Django's permissions, counted only in the association a person works in."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q


class AssociationBackend(ModelBackend):
    """ModelBackend whose group permissions come from the groups of the association worked in
    (`user.working_site_id`, set for each request by organisation.middleware) and from groups tied
    to no association. Without a working association (a management command, a shell) every group counts."""

    def _get_group_permissions(self, user_obj):
        groups = Group.objects.filter(user=user_obj)
        site_id = getattr(user_obj, "working_site_id", None)
        if site_id is not None:
            groups = groups.filter(Q(association_link__isnull=True) | Q(association_link__site_id=site_id))
        return Permission.objects.filter(group__in=groups)
