"""Mark the applicant roles on existing form fields, by the rules used before roles existed,
fill the new columns of existing submissions from them, and let the staff who receive
requests enter them on an applicant's behalf."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.arabic import normalise_for_search

NAME_KEYS = {"name", "full_name", "applicant_name"}
ROLE_OF_TYPE = {"national_id": "national_id", "mobile": "mobile", "email": "email"}
STAFF_ENTRY_GROUPS = ["Beneficiary relations", "Administrators"]


def old_rule(field):
    if field.field_type in ROLE_OF_TYPE:
        return ROLE_OF_TYPE[field.field_type]
    if field.clean_name in NAME_KEYS and field.field_type == "singleline":
        return "name"
    return ""


def roles_for(fields) -> list[str]:
    """Each field's role: the old rule's, for the first field of the form it fits (one per role)."""
    taken = {field.role for field in fields if field.role}
    roles = []
    for field in fields:
        role = field.role
        if not role:
            candidate = old_rule(field)
            if candidate and candidate not in taken:
                role = candidate
                taken.add(candidate)
        roles.append(role)
    return roles


def mark_roles(apps, schema_editor):
    FormField = apps.get_model("forms", "FormField")
    Submission = apps.get_model("forms", "Submission")
    fields_of_page = {}
    for field in FormField.objects.order_by("page_id", "sort_order", "pk"):
        fields_of_page.setdefault(field.page_id, []).append(field)
    for fields in fields_of_page.values():
        for field, role in zip(fields, roles_for(fields), strict=True):
            if role != field.role:
                field.role = role
                field.save(update_fields=["role"])
    mark_roles_in_revisions(apps)

    for submission in Submission.objects.iterator():
        fields = fields_of_page.get(submission.form_page_id, [])
        personal = [[f.clean_name, f.role or ROLE_OF_TYPE.get(f.field_type, "")] for f in fields]
        submission.personal_fields = [pair for pair in personal if pair[1]]
        id_key = next((f.clean_name for f in fields if f.role == "national_id"), None)
        if id_key and not submission.anonymous:
            submission.applicant_national_id = str(submission.data.get(id_key) or "")[:20]
        submission.applicant_name_search = " ".join(normalise_for_search(submission.applicant_name).casefold().split())
        submission.save(update_fields=["personal_fields", "applicant_national_id", "applicant_name_search"])


class _Stored:
    """A form field as a page revision holds it."""

    def __init__(self, data):
        self.role = data.get("role") or ""
        self.field_type = data.get("field_type") or ""
        self.clean_name = data.get("clean_name") or ""


def mark_roles_in_revisions(apps):
    """Drafts and the revisions an editor opens hold the fields too: without their
    roles there, the next publication would blank the roles again."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    form_page = ContentType.objects.filter(app_label="forms", model="formpage").first()
    if form_page is None:
        return
    for revision in Revision.objects.filter(content_type=form_page).iterator():
        stored = sorted(revision.content.get("form_fields") or [], key=lambda data: data.get("sort_order") or 0)
        roles = roles_for([_Stored(data) for data in stored])
        if any((data.get("role") or "") != role for data, role in zip(stored, roles, strict=True)):
            for data, role in zip(stored, roles, strict=True):
                data["role"] = role
            revision.save(update_fields=["content"])


def grant_staff_entry(apps, schema_editor):
    app_config = apps.get_app_config("forms")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    add = Permission.objects.get(content_type__app_label="forms", codename="add_submission")
    for group in Group.objects.filter(name__in=STAFF_ENTRY_GROUPS):
        group.permissions.add(add)


def revoke_staff_entry(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="forms", codename="add_submission"):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0004_field_roles_and_entry"),
        ("organisation", "0002_staff_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(mark_roles, migrations.RunPython.noop),
        migrations.RunPython(grant_staff_entry, revoke_staff_entry),
    ]
