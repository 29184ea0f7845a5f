"""Who works the beneficiary files: relations keep them, researchers complete them, the committee reads them,
administrators do everything. Health and disability notes: only researchers, the committee and administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FILES = ["view_beneficiaryfile", "add_beneficiaryfile", "change_beneficiaryfile"]
GROUP_PERMISSIONS = {
    "Beneficiary relations": FILES,
    "Social researchers": ["view_beneficiaryfile", "change_beneficiaryfile", "view_health_notes"],
    "Research committee": ["view_beneficiaryfile", "view_health_notes"],
    "Administrators": [*FILES, "delete_beneficiaryfile", "merge_beneficiaryfile", "view_health_notes"],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("beneficiaries")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="beneficiaries", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0001_initial"),
        ("organisation", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
