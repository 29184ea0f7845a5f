"""The default message of the event "verification of the family's data due", in Arabic and English (for every
kind of request: the family is told through its latest request). An administrator edits them as any other."""

from django.db import migrations

# (language, subject, body, sms)
TEMPLATES = [
    ("ar", "حان موعد تحديث بيانات أسرتكم",
     "مرحبًا {name}،\n\nيحين في {verification_date} ({verification_date_hijri}) موعد التحقق من بيانات أسرتكم "
     "المسجلة لدينا (آخر طلباتكم رقم {reference})، لنواصل خدمتكم على أساس صحيح.\nنرجو زيارة أحد فروعنا أو التواصل معنا قبل هذا الموعد، "
     "ومعكم ما تغيّر من وثائق (الهوية، سجل الأسرة، إثبات الدخل، عقد السكن).\n\n{organisation}",
     "{organisation}: حان موعد تحديث بيانات أسرتكم في {verification_date}. نرجو التواصل معنا."),
    ("en", "Time to update your family's details",
     "Hello {name},\n\nOn {verification_date} ({verification_date_hijri}) your family's details with us are due "
     "to be checked again (your latest request: {reference}), so that we keep serving you on a sound basis.\nPlease visit one of our branches or "
     "contact us before then, with any document that changed (ID, family record, income proof, lease).\n\n"
     "{organisation}",
     "{organisation}: your family's details are due to be checked on {verification_date}. Please contact us."),
]  # fmt: skip


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event="verification_due", language=language,
            defaults={"subject": subject, "body": body, "sms": sms},
        )  # fmt: skip


def backwards(apps, schema_editor):
    apps.get_model("inbox", "MessageTemplate").objects.filter(kind="", event="verification_due").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0004_verification_permissions"),
        ("inbox", "0007_message_events_as_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
