"""Tie the role groups to the deployment's default association again.

0004 tied them to the default site as it found it, but on a new database that site was still Wagtail's
placeholder, which home.0002 deletes (with the placeholder page it points at) and makes again: the ties went
with it, leaving the role groups tied to no association, whose permissions count in every association. This
ties each role group that is tied to none to the default site, unless that site already has a group for the
role. Running it on a database whose groups are tied changes nothing.
"""

from django.db import migrations

# The role groups the migrations made (organisation.roles.ROLE_GROUPS, as it stood when this was written).
ROLE_GROUPS = {
    "editor": "Editors",
    "moderator": "Moderators",
    "relations": "Beneficiary relations",
    "researcher": "Social researchers",
    "committee": "Research committee",
    "secretary": "Committee secretaries",
    "supervisor": "Supervisors",
    "director": "Executive directors",
    "administrator": "Administrators",
}


def tie_role_groups(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    AssociationGroup = apps.get_model("organisation", "AssociationGroup")
    default = Site.objects.filter(is_default_site=True).first()
    if default is None:
        return
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.filter(name=name, association_link__isnull=True).first()
        if group is not None and not AssociationGroup.objects.filter(site=default, role=role).exists():
            AssociationGroup.objects.create(group=group, site=default, role=role)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0007_association_collection"),
        ("home", "0002_create_homepage"),  # after the default site is made again
    ]

    operations = [migrations.RunPython(tie_role_groups, migrations.RunPython.noop)]
