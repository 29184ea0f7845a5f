"""Django's permissions, counted only in the association a person works in."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from organisation.associations import working_groups


class AssociationBackend(ModelBackend):
    """ModelBackend whose group permissions come from the groups that count where the person works
    (`working_groups`: the association's own and those tied to no association)."""

    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(group__in=working_groups(user_obj))
