"""A secret per request, signed into the applicant's personal links, so that they can be revoked.

Existing requests get an empty secret, which signs their links as before: the
links already sent keep working until the secret is first replaced (a
correction of the mobile or email, "send a new link", an erasure). Requests
whose applicant data was corrected before this migration get a new secret at
once: their links may have gone to the wrong person.

Adds the "new personal link" message (Arabic and English) and its timeline entry.
"""

import secrets

from django.db import migrations, models

import inbox.models

# (event, language, subject, body, sms)
TEMPLATES = [
    ("personal_link", "ar", "رابطك الجديد لمتابعة طلبك رقم {reference}",
     "مرحبًا {name}،\n\nهذا رابطك الخاص الجديد لطلبك رقم {reference} ({form})، تتابع منه حالته وترفع منه المستندات "
     "أو تسحب الطلب إن شئت:\n{status_url}\n\nالروابط التي وصلتك منا قبل هذه الرسالة لم تعد تعمل.\n\n{organisation}",
     "{organisation}: رابطك الجديد لمتابعة طلبك {reference}: {status_url}"),
    ("personal_link", "en", "Your new link to follow your request {reference}",
     "Hello {name},\n\nHere is your new personal link for your request {reference} ({form}). Use it to see where "
     "the request stands, to send documents, or to withdraw it if you wish:\n{status_url}\n\n"
     "The links we sent you before this message no longer work.\n\n{organisation}",
     "{organisation}: your new link to follow your request {reference}: {status_url}"),
]  # fmt: skip


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for event, language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event=event, language=language, defaults={"subject": subject, "body": body, "sms": sms}
        )
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Case = apps.get_model("inbox", "Case")
    case_type = ContentType.objects.filter(app_label="inbox", model="case").first()
    if case_type is None:
        return
    corrected = ModelLogEntry.objects.filter(content_type=case_type, action="inbox.correct").values_list(
        "object_id", flat=True
    )
    ids = {int(object_id) for object_id in corrected if str(object_id).isdigit()}
    for case in Case.objects.filter(pk__in=ids, link_secret=""):
        Case.objects.filter(pk=case.pk).update(link_secret=secrets.token_hex(16))


def backwards(apps, schema_editor):
    apps.get_model("inbox", "MessageTemplate").objects.filter(kind="", event="personal_link").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_withdrawn_and_survey_invitation"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Empty for the rows there are (their links stay as they were), a new secret for each new request.
        migrations.AddField(
            model_name="case",
            name="link_secret",
            field=models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
        migrations.AlterField(
            model_name="case",
            name="link_secret",
            field=models.CharField(blank=True, default=inbox.models.new_link_secret, editable=False, max_length=32),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("move", "Status changed"),
                    ("assignment", "Assigned"),
                    ("note", "Internal note"),
                    ("message", "Message to the applicant"),
                    ("download", "Attachment downloaded"),
                    ("applicant", "The applicant answered"),
                    ("link", "Personal link renewed"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="messagetemplate",
            name="event",
            field=models.CharField(
                choices=[
                    ("acknowledgement", "Request received"),
                    ("accepted", "Request accepted"),
                    ("rejected", "Request rejected"),
                    ("missing_documents", "Missing documents requested"),
                    ("complaint_answer", "Answer to a complaint or suggestion"),
                    ("survey_invitation", "Invitation to the satisfaction survey"),
                    ("personal_link", "A new personal link"),
                ],
                max_length=24,
                verbose_name="event",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
