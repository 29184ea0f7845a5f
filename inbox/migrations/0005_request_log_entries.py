"""A log model of the inbox's own for entries about one request (inbox.models.CaseLogEntry).

The entries written so far on requests move from Wagtail's ModelLogEntry, which
listed them in the site history to anyone with any inbox permission, into it.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COPIED = ("label", "action", "data", "timestamp", "uuid", "content_changed", "deleted", "user_id", "revision_id")


def _move(source_model, target_model, content_type, make):
    """Copy every entry about a request from one log model to the other, then delete it there."""
    rows = source_model.objects.filter(content_type=content_type).order_by("pk")
    batch, moved = [], []
    for row in rows.iterator(chunk_size=2000):
        entry = make(row)
        if entry is None:
            continue
        batch.append(entry)
        moved.append(row.pk)
        if len(batch) >= 2000:
            target_model.objects.bulk_create(batch)
            batch = []
    target_model.objects.bulk_create(batch)
    for start in range(0, len(moved), 2000):
        source_model.objects.filter(pk__in=moved[start : start + 2000]).delete()


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type = ContentType.objects.filter(app_label="inbox", model="case").first()
    if case_type is None:
        return
    CaseLogEntry = apps.get_model("inbox", "CaseLogEntry")

    def make(row):
        if not str(row.object_id).isdigit():
            return None
        values = {name: getattr(row, name) for name in COPIED}
        return CaseLogEntry(content_type_id=case_type.pk, case_id=int(row.object_id), **values)

    _move(apps.get_model("wagtailcore", "ModelLogEntry"), CaseLogEntry, case_type, make)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type = ContentType.objects.filter(app_label="inbox", model="case").first()
    if case_type is None:
        return
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")

    def make(row):
        values = {name: getattr(row, name) for name in COPIED}
        return ModelLogEntry(content_type_id=case_type.pk, object_id=str(row.case_id), **values)

    _move(apps.get_model("inbox", "CaseLogEntry"), ModelLogEntry, case_type, make)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("inbox", "0004_personal_link_secret"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseLogEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.TextField()),
                ("action", models.CharField(blank=True, db_index=True, max_length=255)),
                (
                    "data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("timestamp", models.DateTimeField(db_index=True, verbose_name="timestamp (UTC)")),
                (
                    "uuid",
                    models.UUIDField(
                        blank=True,
                        editable=False,
                        help_text="Log entries that happened as part of the same user action are assigned the same UUID",
                        null=True,
                    ),
                ),
                ("content_changed", models.BooleanField(db_index=True, default=False)),
                ("deleted", models.BooleanField(default=False)),
                (
                    "case",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inbox.case",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="content type",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="wagtailcore.revision",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "request log entry",
                "verbose_name_plural": "request log entries",
                "ordering": ["-timestamp", "-id"],
                "abstract": False,
                "indexes": [models.Index(fields=["uuid", "action", "-timestamp"], name="inbox_casel_uuid_bb2e09_idx")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
