"""The report on research and the committee (committee.reports): its permission, held by beneficiary relations
(they refer requests to research and answer the complaints that were escalated), the committee's members and its
secretary (their sessions, decisions and appeals) and administrators. Researchers, supervisors and the executive
director read their own lists instead (the researcher's tasks, the escalations on their dashboard)."""

from django.db import migrations

from core.migration_permissions import granting

READERS = ["Beneficiary relations", "Research committee", "Committee secretaries", "Administrators"]


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0002_committee_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="decision",
            options={
                "permissions": [
                    ("view_committee_reports", "Can read and export the report on research and the committee")
                ],
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
            },
        ),
        granting("committee", {group: ["view_committee_reports"] for group in READERS}),
    ]
