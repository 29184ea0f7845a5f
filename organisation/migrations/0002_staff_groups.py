"""Create the staff groups of the product design with their base permissions.

Later apps add their own permissions (the inbox, exports, retention) to these
same groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page", "lock_page", "unlock_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Administrators": ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}
MEDIA_PERMISSIONS = {
    "Editors": ["add", "change", "delete", "choose"],
    "Moderators": ["add", "change", "delete", "choose"],
    "Administrators": ["add", "change", "delete", "choose"],
}
# Model permissions as (app_label, codename).
MODEL_PERMISSIONS = {
    "Editors": [
        ("wagtail_localize", "submit_translation"),
        ("organisation", "add_organisationprofile"),
        ("organisation", "change_organisationprofile"),
        ("organisation", "view_organisationprofile"),
    ],
    "Moderators": [("wagtail_localize", "submit_translation")],
    "Beneficiary relations": [],
    "Social researchers": [],
    "Research committee": [],
    "Administrators": [
        ("wagtail_localize", "submit_translation"),
        ("organisation", "add_organisationprofile"),
        ("organisation", "change_organisationprofile"),
        ("organisation", "delete_organisationprofile"),
        ("organisation", "view_organisationprofile"),
        ("organisation", "change_organisationsettings"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure the
    # ones we refer to exist now.
    for label in ("organisation", "auth", "wagtailredirects", "wagtailimages", "wagtaildocs", "wagtailcore"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, model_permissions in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, codename in model_permissions:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        if root_page is not None:
            for codename in PAGE_PERMISSIONS.get(name, []):
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        if root_collection is not None:
            for action in MEDIA_PERMISSIONS.get(name, []):
                for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                    permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(MODEL_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
