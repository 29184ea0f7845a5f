"""The deployment-wide "Operators" group: tied to no association (organisation.backends counts its
permissions everywhere), entering the admin and operating the associations, nothing else."""

from django.db import migrations

GROUP = "Operators"


def add_operators(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are made after the migrations (post_migrate): make this one now, as that would.
    hosting, _created = ContentType.objects.get_or_create(app_label="hosting", model="hosting")
    operate, _created = Permission.objects.get_or_create(
        content_type=hosting,
        codename="operate_associations",
        defaults={"name": "Can list, create, suspend and resume associations"},
    )
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(operate, *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))


def remove_operators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hosting", "0001_operate_permission"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_operators, remove_operators)]
