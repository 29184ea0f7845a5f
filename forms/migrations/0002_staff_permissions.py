"""Beneficiary-relations staff and administrators may see submissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Beneficiary relations", "Administrators"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("forms")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="forms", codename="view_submission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="forms", codename="view_submission"):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0001_initial"),
        ("organisation", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
