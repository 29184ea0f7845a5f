"""The research report: questions per service (with the default set for every association already here),
reports with their answers and recommendation, and their uploads; administrators keep the questions."""

import uuid

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import forms.records
import research.models.reports
from research.default_questions import DEFAULT_QUESTIONS

GROUP_PERMISSIONS = {
    "Administrators": [f"{action}_researchquestion" for action in ("add", "change", "delete", "view")],
}


def give_permissions(apps, schema_editor):
    app_config = apps.get_app_config("research")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="research", codename__in=codenames)
            )


def default_questions(apps, schema_editor):
    """The default set for every association already here (a new one gets it on first use: research.questions)."""
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    Question = apps.get_model("research", "ResearchQuestion")
    source = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first() or Locale.objects.first()
    if source is None:
        return
    english = Locale.objects.filter(language_code="en").exclude(pk=source.pk).first()
    for site in Site.objects.all():
        for order, (_topic, kind, text_ar, text_en, help_ar, help_en) in enumerate(DEFAULT_QUESTIONS):
            key = uuid.uuid4()
            common = {"site": site, "answer_kind": kind, "sort_order": order, "translation_key": key}
            Question.objects.create(locale=source, text=text_ar, help_text=help_ar, **common)
            if english is not None:
                Question.objects.create(locale=english, text=text_en, help_text=help_en, **common)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("research", "0002_visit_messages_and_permissions"),
        ("inbox", "0007_message_events_as_data"),
        ("services", "0002_delivery_interval"),
        ("wagtailcore", "0098_apitoken"),
        ("organisation", "0002_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ResearchReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("answers", models.JSONField(default=list)),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("submitted", "Submitted")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="begun at")),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="saved at")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted at")),
                ("version", models.PositiveIntegerField(default=0)),
                (
                    "recommendation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("accept", "Accept"),
                            ("reject", "Reject"),
                            ("more_information", "More information needed"),
                        ],
                        max_length=20,
                        verbose_name="recommendation",
                    ),
                ),
                ("service_title", models.CharField(blank=True, max_length=255, verbose_name="service")),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="amount (riyals)",
                    ),
                ),
                (
                    "duration_months",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="duration (months)"),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason or what is missing")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="research_reports",
                        to="inbox.case",
                        verbose_name="request",
                    ),
                ),
                (
                    "researcher",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="social researcher",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        limit_choices_to=research.models.reports.source_services,
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
            ],
            options={
                "verbose_name": "research report",
                "verbose_name_plural": "research reports",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ReportUpload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
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
                ("added_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="added at")),
                (
                    "added_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uploads",
                        to="research.researchreport",
                    ),
                ),
            ],
            options={
                "verbose_name": "report upload",
                "verbose_name_plural": "report uploads",
                "ordering": ["added_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ResearchQuestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("text", models.CharField(max_length=300, verbose_name="question")),
                ("help_text", models.CharField(blank=True, max_length=300, verbose_name="help text")),
                (
                    "answer_kind",
                    models.CharField(
                        choices=[
                            ("text", "Text"),
                            ("yes_no", "Yes or no"),
                            ("number", "Number"),
                            ("amount", "Amount in riyals"),
                        ],
                        default="text",
                        max_length=10,
                        verbose_name="answer",
                    ),
                ),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "active",
                    models.BooleanField(
                        default=True, help_text="Questions not asked stay in old reports.", verbose_name="asked"
                    ),
                ),
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
                    "service",
                    models.ForeignKey(
                        blank=True,
                        help_text="Leave empty for the default questions, asked for every service without questions of its own.",
                        limit_choices_to=research.models.reports.source_services,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
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
                "verbose_name": "research question",
                "verbose_name_plural": "research questions",
                "ordering": ["sort_order", "pk"],
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.AddConstraint(
            model_name="researchreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("case", "researcher"),
                name="research_one_draft_per_researcher",
            ),
        ),
        migrations.RunPython(give_permissions, migrations.RunPython.noop),
        migrations.RunPython(default_questions, migrations.RunPython.noop),
    ]
