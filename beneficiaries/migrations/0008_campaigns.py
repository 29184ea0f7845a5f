"""Distribution-day campaigns (a campaign and the families chosen for it), the reports' permission, and who may
do what: beneficiary relations and administrators run campaigns and read the reports; researchers and the
committee see campaigns."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import beneficiaries.models.deliveries
from core.migration_permissions import granting

CAMPAIGNS = ["view_campaign", "add_campaign", "change_campaign"]
GROUP_PERMISSIONS = {
    "Beneficiary relations": [*CAMPAIGNS, "view_delivery_reports"],
    "Social researchers": ["view_campaign"],
    "Research committee": ["view_campaign"],
    "Administrators": [*CAMPAIGNS, "delete_campaign", "view_delivery_reports"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0007_deliveries"),
        ("organisation", "0002_staff_groups"),
        ("services", "0002_delivery_interval"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="delivery",
            options={
                "ordering": ["-delivered_on", "-pk"],
                "permissions": [
                    ("view_delivery_reports", "Can read and export the reports on families served and deliveries")
                ],
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
            },
        ),
        migrations.CreateModel(
            name="Campaign",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("service_title", models.CharField(blank=True, editable=False, max_length=255, verbose_name="service")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("cash", "Cash"),
                            ("in_kind", "In kind"),
                            ("voucher", "Voucher"),
                            ("session", "Session or visit"),
                            ("third_party", "Fees paid to a third party"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="amount (riyals)",
                    ),
                ),
                (
                    "quantity",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="quantity",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        blank=True, help_text="Basket, voucher, session, month…", max_length=40, verbose_name="unit"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "season",
                    models.CharField(
                        choices=[
                            ("ramadan", "Ramadan"),
                            ("eid", "Eid"),
                            ("school", "Back to school"),
                            ("winter", "Winter"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=16,
                        verbose_name="season",
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="first day (Gregorian)")),
                ("starts_on_hijri", models.CharField(blank=True, max_length=10, verbose_name="first day (Hijri)")),
                ("ends_on", models.DateField(verbose_name="last day (Gregorian)")),
                ("ends_on_hijri", models.CharField(blank=True, max_length=10, verbose_name="last day (Hijri)")),
                (
                    "status",
                    models.CharField(
                        choices=[("planning", "Planning"), ("open", "Open: distributing"), ("closed", "Closed")],
                        db_index=True,
                        default="planning",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "created_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "fund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="beneficiaries.fund",
                        verbose_name="paid from",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        limit_choices_to=beneficiaries.models.deliveries.source_services,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="services.servicepage",
                        verbose_name="service",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
                        verbose_name="association",
                    ),
                ),
            ],
            options={
                "verbose_name": "campaign",
                "verbose_name_plural": "campaigns",
                "ordering": ["-starts_on", "-pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="CampaignFamily",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "added_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="families",
                        to="beneficiaries.campaign",
                    ),
                ),
                (
                    "collected",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="campaign",
                        to="beneficiaries.delivery",
                        verbose_name="delivery",
                    ),
                ),
                (
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="campaigns",
                        to="beneficiaries.beneficiaryfile",
                        verbose_name="beneficiary file",
                    ),
                ),
            ],
            options={
                "verbose_name": "family of a campaign",
                "verbose_name_plural": "families of a campaign",
                "ordering": ["file__head_name", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", True), ("amount__gt", 0), _connector="OR"),
                name="campaign_amount_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__isnull", True), ("quantity__gt", 0), _connector="OR"),
                name="campaign_quantity_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", False), ("quantity__isnull", False), _connector="OR"),
                name="campaign_amount_or_quantity",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="campaign_ends_after_start"
            ),
        ),
        migrations.AddConstraint(
            model_name="campaignfamily",
            constraint=models.UniqueConstraint(fields=("campaign", "file"), name="one_row_per_family_per_campaign"),
        ),
        granting("beneficiaries", GROUP_PERMISSIONS),
    ]
