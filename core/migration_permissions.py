"""Giving the staff groups their permissions from a migration, the one way every app does it.

Django creates an app's permissions only after all migrations have run (post_migrate), so a migration
that hands them to groups creates them first. Groups that do not exist (a database made before the staff
groups) are left alone.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, app_label: str, group_permissions: dict[str, list[str]]):
    """Give each named group the listed permissions (codenames) of `app_label`."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in group_permissions.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def granting(app_label: str, group_permissions: dict[str, list[str]]) -> migrations.RunPython:
    """The migration operation that grants them (nothing to undo: removing the model removes its permissions)."""

    def forwards(apps, schema_editor):
        grant(apps, app_label, group_permissions)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
