"""Administrators set how often families' data is verified (the site setting's permission)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("beneficiaries")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="beneficiaries", codename__in=["change_verificationsettings"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0003_timeline_and_verification")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
