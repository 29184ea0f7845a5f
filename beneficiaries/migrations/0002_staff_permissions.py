"""Who works the beneficiary files: relations keep them, researchers complete them, the committee reads them,
administrators do everything. Health and disability notes: only researchers, the committee and administrators."""

from django.db import migrations

from core.migration_permissions import granting

FILES = ["view_beneficiaryfile", "add_beneficiaryfile", "change_beneficiaryfile"]
GROUP_PERMISSIONS = {
    "Beneficiary relations": FILES,
    "Social researchers": ["view_beneficiaryfile", "change_beneficiaryfile", "view_health_notes"],
    "Research committee": ["view_beneficiaryfile", "view_health_notes"],
    "Administrators": [*FILES, "delete_beneficiaryfile", "merge_beneficiaryfile", "view_health_notes"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0001_initial"),
        ("organisation", "0002_staff_groups"),
    ]

    operations = [granting("beneficiaries", GROUP_PERMISSIONS)]
