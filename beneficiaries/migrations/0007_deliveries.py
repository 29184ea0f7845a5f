"""Deliveries on the family's file (سجل الصرف): funds, deliveries, plans and their due rows; who may record,
schedule and skip them; the default templates of the file's two messages (the confirmation code, the survey after a
delivery)."""

import uuid
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import beneficiaries.models.deliveries
import forms.records
from core.migration_permissions import grant

DELIVERIES = ["view_delivery", "add_delivery", "change_delivery"]
PLANS = ["view_deliveryplan", "add_deliveryplan", "view_scheduleddelivery", "change_scheduleddelivery"]
READ = ["view_delivery", "view_deliveryplan", "view_scheduleddelivery"]
GROUP_PERMISSIONS = {
    "Beneficiary relations": [*DELIVERIES, *PLANS],
    # Sessions and visits are the researchers' own deliveries.
    "Social researchers": [*READ, "add_delivery"],
    "Research committee": READ,
    "Administrators": [
        *DELIVERIES, *PLANS, "delete_delivery", "change_deliveryplan", "delete_deliveryplan",
        "add_fund", "change_fund", "delete_fund", "view_fund",
    ],
}  # fmt: skip

# (event, language, subject, body, sms)
TEMPLATES = [
    ("delivery_code", "ar", "رمز تأكيد الاستلام لطلبك رقم {reference}",
     "مرحبًا {name}،\n\nسلّمناك اليوم ما يخص طلبك رقم {reference}. رمز تأكيد الاستلام: {code}\n"
     "أخبر به موظف الجمعية ليؤكد أنك استلمت. لا تعطه لأحد غيره.\n\n{organisation}",
     "{organisation}: رمز تأكيد استلامك لطلبك {reference}: {code}"),
    ("delivery_code", "en", "Your receipt confirmation code for request {reference}",
     "Hello {name},\n\nWe delivered today what your request {reference} was for. Your receipt confirmation code "
     "is {code}.\nTell it to the association's staff member to confirm you received it. Give it to no one else.\n\n"
     "{organisation}",
     "{organisation}: your receipt code for request {reference}: {code}"),
    ("survey_after_delivery", "ar", "رأيك فيما قدمناه لك لطلبك رقم {reference}",
     "مرحبًا {name}،\n\nسلّمناك ما يخص طلبك رقم {reference} ({form}). قياس رضاك حق لك، وهو ما نتعلم منه كيف نخدمك "
     "أفضل.\nنرجو أن تخبرنا برأيك في دقيقة واحدة من هذا الرابط الخاص بك:\n{survey_url}\n\n"
     "يعمل الرابط مرة واحدة خلال ثلاثين يومًا.\n\n{organisation}",
     "{organisation}: أخبرنا برأيك فيما قدمناه لك لطلبك {reference}: {survey_url}"),
    ("survey_after_delivery", "en", "How did we do with what we gave you for request {reference}?",
     "Hello {name},\n\nWe delivered what your request {reference} ({form}) was for. Telling us how satisfied you are "
     "is your right, and it is how we learn to serve you better.\nPlease give us a minute through your own link:\n"
     "{survey_url}\n\nThe link takes one answer within thirty days.\n\n{organisation}",
     "{organisation}: tell us how we did with your request {reference}: {survey_url}"),
]  # fmt: skip


def forwards(apps, schema_editor):
    grant(apps, "beneficiaries", GROUP_PERMISSIONS)
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for event, language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event=event, language=language, defaults={"subject": subject, "body": body, "sms": sms}
        )


def backwards(apps, schema_editor):
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    MessageTemplate.objects.filter(kind="", event__in=["delivery_code", "survey_after_delivery"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0006_file_documents"),
        ("inbox", "0007_message_events_as_data"),
        ("organisation", "0002_staff_groups"),
        ("services", "0002_delivery_interval"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Fund",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        help_text="Short Latin name used in addresses, the same in every language.",
                        max_length=80,
                        verbose_name="slug",
                    ),
                ),
                (
                    "restricted",
                    models.BooleanField(
                        default=False, help_text="Money given for one purpose only.", verbose_name="restricted donation"
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True, help_text="Funds not in use are not offered.", verbose_name="in use"
                    ),
                ),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
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
                "verbose_name": "fund",
                "verbose_name_plural": "funds",
                "ordering": ["sort_order", "name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="DeliveryPlan",
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
                (
                    "every_months",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="every (months)",
                    ),
                ),
                (
                    "count",
                    models.PositiveSmallIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="number of deliveries"
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="first delivery (Gregorian)")),
                ("starts_on_hijri", models.CharField(blank=True, max_length=10, verbose_name="first delivery (Hijri)")),
                (
                    "date_calendar",
                    models.CharField(
                        choices=[("hijri", "Hijri (Umm al-Qura)"), ("gregorian", "Gregorian")],
                        default="hijri",
                        max_length=10,
                        verbose_name="months counted in",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="inbox.case",
                        verbose_name="request",
                    ),
                ),
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
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="delivery_plans",
                        to="beneficiaries.beneficiaryfile",
                        verbose_name="beneficiary file",
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
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
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
            ],
            options={
                "verbose_name": "delivery plan",
                "verbose_name_plural": "delivery plans",
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Delivery",
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
                ("delivered_on", models.DateField(verbose_name="date (Gregorian)")),
                ("delivered_on_hijri", models.CharField(blank=True, max_length=10, verbose_name="date (Hijri)")),
                (
                    "date_calendar",
                    models.CharField(
                        choices=[("hijri", "Hijri (Umm al-Qura)"), ("gregorian", "Gregorian")],
                        default="hijri",
                        max_length=10,
                        verbose_name="date entered in",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="recorded at"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "duplicate_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when the family received this service within its minimum interval.",
                        verbose_name="reason for a repeat within the service's interval",
                    ),
                ),
                (
                    "receipt",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        storage=forms.records.private_storage,
                        upload_to="",
                        verbose_name="receipt",
                    ),
                ),
                ("receipt_name", models.CharField(blank=True, max_length=255, verbose_name="file name")),
                ("receipt_content_type", models.CharField(blank=True, max_length=100)),
                ("code_hash", models.CharField(blank=True, editable=False, max_length=64)),
                (
                    "code_sent_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="confirmation code sent at"
                    ),
                ),
                ("code_attempts", models.PositiveSmallIntegerField(default=0, editable=False)),
                (
                    "confirmed_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="confirmed by the family at"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        help_text="The request this delivery answers, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="inbox.case",
                        verbose_name="request",
                    ),
                ),
                (
                    "delivered_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="delivered by",
                    ),
                ),
                (
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="beneficiaries.beneficiaryfile",
                        verbose_name="beneficiary file",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
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
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="deliveries",
                        to="beneficiaries.deliveryplan",
                        verbose_name="plan",
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
            ],
            options={
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
                "ordering": ["-delivered_on", "-pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ScheduledDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("due_on", models.DateField(db_index=True, verbose_name="due on")),
                (
                    "status",
                    models.CharField(
                        choices=[("due", "Due"), ("delivered", "Delivered"), ("skipped", "Skipped")],
                        db_index=True,
                        default="due",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("skip_reason", models.TextField(blank=True, verbose_name="reason for skipping")),
                ("skipped_at", models.DateTimeField(blank=True, null=True)),
                (
                    "delivery",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="scheduled",
                        to="beneficiaries.delivery",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scheduled",
                        to="beneficiaries.deliveryplan",
                    ),
                ),
                (
                    "skipped_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "scheduled delivery",
                "verbose_name_plural": "scheduled deliveries",
                "ordering": ["due_on", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="fund",
            constraint=models.UniqueConstraint(fields=("site", "locale", "slug"), name="unique_fund_slug_per_site"),
        ),
        migrations.AlterUniqueTogether(
            name="fund",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddConstraint(
            model_name="deliveryplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", True), ("amount__gt", 0), _connector="OR"),
                name="deliveryplan_amount_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="deliveryplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__isnull", True), ("quantity__gt", 0), _connector="OR"),
                name="deliveryplan_quantity_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="deliveryplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", False), ("quantity__isnull", False), _connector="OR"),
                name="deliveryplan_amount_or_quantity",
            ),
        ),
        migrations.AddConstraint(
            model_name="deliveryplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("count__gte", 1), ("every_months__gte", 1)), name="plan_has_deliveries"
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(fields=["file", "service", "delivered_on"], name="delivery_file_service_date"),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", True), ("amount__gt", 0), _connector="OR"),
                name="delivery_amount_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__isnull", True), ("quantity__gt", 0), _connector="OR"),
                name="delivery_quantity_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", False), ("quantity__isnull", False), _connector="OR"),
                name="delivery_amount_or_quantity",
            ),
        ),
        migrations.AddConstraint(
            model_name="scheduleddelivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "skipped"), _negated=True),
                    models.Q(("skip_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="a_skip_has_a_reason",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
