"""Documents on the family's file, and who works them: relations and researchers view and add them, the
committee views them, administrators do everything. (Medical reports also need the permission for health notes.)"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import forms.records
from core.migration_permissions import granting

GROUP_PERMISSIONS = {
    "Beneficiary relations": ["view_filedocument", "add_filedocument"],
    "Social researchers": ["view_filedocument", "add_filedocument"],
    "Research committee": ["view_filedocument"],
    "Administrators": ["view_filedocument", "add_filedocument", "change_filedocument", "delete_filedocument"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0005_verification_message"),
        ("forms", "0007_applicant_name_trigram"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FileDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "document_type",
                    models.CharField(
                        choices=[
                            ("national_id", "National ID or iqama"),
                            ("family_record", "Family record"),
                            ("income_proof", "Proof of income"),
                            ("lease", "Lease"),
                            ("medical_report", "Medical report"),
                            ("bank_statement", "Bank statement"),
                            ("death_certificate", "Death certificate"),
                            ("divorce_deed", "Divorce deed"),
                            ("other", "Other document"),
                        ],
                        max_length=24,
                        verbose_name="type of document",
                    ),
                ),
                (
                    "stored_file",
                    models.FileField(
                        editable=False, max_length=255, storage=forms.records.private_storage, upload_to=""
                    ),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expiry date")),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="added at")),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="added by",
                    ),
                ),
                (
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="beneficiaries.beneficiaryfile",
                    ),
                ),
                (
                    "source_attachment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="forms.attachment",
                        verbose_name="copied from the request's attachment",
                    ),
                ),
            ],
            options={
                "verbose_name": "document on file",
                "verbose_name_plural": "documents on file",
                "ordering": ["document_type", "-added_at", "-pk"],
            },
        ),
        granting("beneficiaries", GROUP_PERMISSIONS),
    ]
