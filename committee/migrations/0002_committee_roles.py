"""The committee's secretary (a new group: prepares the agenda, records attendance and decisions, opens and closes
sessions) and what the committee's members and administrators may do with sessions.

The secretary applies the decisions through the inbox's own moves, which only the committee's role may make, so
the group holds the committee's inbox permission too; and reads the family's file the agenda summarises.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIES = "Committee secretaries"
SESSIONS = ["view_committeesession", "add_committeesession", "change_committeesession"]
GROUP_PERMISSIONS = {
    SECRETARIES: [
        ("committee", codename) for codename in [*SESSIONS, "prepare_session", "record_decisions"]
    ] + [("inbox", "decide_case"), ("beneficiaries", "view_beneficiaryfile")],
    "Research committee": [("committee", "view_committeesession")],
    "Administrators": [
        ("committee", codename)
        for codename in [*SESSIONS, "prepare_session", "record_decisions", "change_committeesettings"]
    ],
}  # fmt: skip


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("committee")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    Group.objects.get_or_create(name=SECRETARIES)[0].permissions.add(access_admin)
    for name, permissions in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, codename in permissions:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARIES).delete()
    apps.get_model("auth", "Permission").objects.filter(content_type__app_label="committee").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0001_initial"),
        ("organisation", "0002_staff_groups"),
        ("inbox", "0007_message_events_as_data"),
        ("beneficiaries", "0010_files_at_scale"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
