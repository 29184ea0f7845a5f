"""The applicant's withdrawal (a final status) and the satisfaction survey's invitation.

Adds the default templates of the survey invitation, and the personal status
link ({status_url}) to the acknowledgement where it is still the default text
(a template an administrator edited is left as it is).
"""

from django.db import migrations, models

# (event, language, subject, body, sms)
TEMPLATES = [
    ("survey_invitation", "ar", "رأيك في خدمتنا لطلبك رقم {reference}",
     "مرحبًا {name}،\n\nأنهينا طلبك رقم {reference} ({form}). قياس رضاك حق لك، وهو ما نتعلم منه كيف نخدمك أفضل.\n"
     "نرجو أن تخبرنا برأيك في دقيقة واحدة من هذا الرابط الخاص بك:\n{survey_url}\n\n"
     "يعمل الرابط مرة واحدة خلال ثلاثين يومًا.\n\n{organisation}",
     "{organisation}: أخبرنا برأيك في خدمتنا لطلبك {reference}: {survey_url}"),
    ("survey_invitation", "en", "How did we do with your request {reference}?",
     "Hello {name},\n\nWe have finished with your request {reference} ({form}). Telling us how satisfied you are is "
     "your right, and it is how we learn to serve you better.\nPlease give us a minute through your own link:\n"
     "{survey_url}\n\nThe link takes one answer within thirty days.\n\n{organisation}",
     "{organisation}: tell us how we did with your request {reference}: {survey_url}"),
]  # fmt: skip

# The acknowledgement as 0002 wrote it, and the line with the personal link added to it.
ACKNOWLEDGEMENT_LINK = {
    "ar": ("احتفظ برقم الطلب لتتابعه به.\n", "احتفظ برقم الطلب لتتابعه به، أو تابعه من رابطك الخاص:\n{status_url}\n",
           "{organisation}: وصل طلبك رقم {reference}، وسنرد عليك قبل {due_date}.",
           "{organisation}: وصل طلبك رقم {reference}، وسنرد عليك قبل {due_date}. تابعه: {status_url}"),
    "en": ("Keep the reference to follow your request.\n",
           "Keep the reference to follow your request, or follow it from your own link:\n{status_url}\n",
           "{organisation}: we received your request {reference} and will answer by {due_date}.",
           "{organisation}: we received your request {reference} and will answer by {due_date}. Follow it: {status_url}"),
}  # fmt: skip


# The missing-documents message as 0002 wrote it: the personal link is where the applicant can upload them.
MISSING_DOCUMENTS_LINK = {
    "ar": ("أحضرها إلى أحد فروعنا أو أرسلها إلينا.", "أحضرها إلى أحد فروعنا، أو ارفعها من رابطك الخاص:\n{status_url}\n"),
    "en": ("Bring them to one of our branches or send them to us.",
           "Bring them to one of our branches, or upload them from your own link:\n{status_url}\n"),
}  # fmt: skip


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for event, language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event=event, language=language, defaults={"subject": subject, "body": body, "sms": sms}
        )
    for language, (old_line, new_line, old_sms, new_sms) in ACKNOWLEDGEMENT_LINK.items():
        for template in MessageTemplate.objects.filter(kind="", event="acknowledgement", language=language):
            changed = False
            if "{status_url}" not in template.body and old_line in template.body:
                template.body = template.body.replace(old_line, new_line)
                changed = True
            if template.sms == old_sms:
                template.sms = new_sms
                changed = True
            if changed:
                template.save(update_fields=["body", "sms"])
    for language, (old_text, new_text) in MISSING_DOCUMENTS_LINK.items():
        for template in MessageTemplate.objects.filter(kind="", event="missing_documents", language=language):
            if "{status_url}" not in template.body and old_text in template.body:
                template.body = template.body.replace(old_text, new_text)
                template.save(update_fields=["body"])


def backwards(apps, schema_editor):
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    MessageTemplate.objects.filter(kind="", event="survey_invitation").delete()
    for language, (old_line, new_line, old_sms, new_sms) in ACKNOWLEDGEMENT_LINK.items():
        for template in MessageTemplate.objects.filter(kind="", event="acknowledgement", language=language):
            template.body = template.body.replace(new_line, old_line)
            template.sms = old_sms if template.sms == new_sms else template.sms
            template.save(update_fields=["body", "sms"])
    for language, (old_text, new_text) in MISSING_DOCUMENTS_LINK.items():
        for template in MessageTemplate.objects.filter(kind="", event="missing_documents", language=language):
            template.body = template.body.replace(new_text, old_text)
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0002_roles_and_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="anonymisedcase",
            name="final_status",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("verification", "Data verification"),
                    ("research", "With the social researcher"),
                    ("committee", "With the research committee"),
                    ("waiting", "Waiting for the applicant"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("registered", "Registration completed"),
                    ("delivered", "Service delivered"),
                    ("in_progress", "In progress"),
                    ("answered", "Answered"),
                    ("screening", "Screening"),
                    ("recorded", "Recorded"),
                    ("closed", "Closed"),
                    ("withdrawn", "Withdrawn by the applicant"),
                    ("spam", "Spam"),
                ],
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("verification", "Data verification"),
                    ("research", "With the social researcher"),
                    ("committee", "With the research committee"),
                    ("waiting", "Waiting for the applicant"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("registered", "Registration completed"),
                    ("delivered", "Service delivered"),
                    ("in_progress", "In progress"),
                    ("answered", "Answered"),
                    ("screening", "Screening"),
                    ("recorded", "Recorded"),
                    ("closed", "Closed"),
                    ("withdrawn", "Withdrawn by the applicant"),
                    ("spam", "Spam"),
                ],
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("received", "Received"),
                    ("verification", "Data verification"),
                    ("research", "With the social researcher"),
                    ("committee", "With the research committee"),
                    ("waiting", "Waiting for the applicant"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("registered", "Registration completed"),
                    ("delivered", "Service delivered"),
                    ("in_progress", "In progress"),
                    ("answered", "Answered"),
                    ("screening", "Screening"),
                    ("recorded", "Recorded"),
                    ("closed", "Closed"),
                    ("withdrawn", "Withdrawn by the applicant"),
                    ("spam", "Spam"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="to_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("received", "Received"),
                    ("verification", "Data verification"),
                    ("research", "With the social researcher"),
                    ("committee", "With the research committee"),
                    ("waiting", "Waiting for the applicant"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("registered", "Registration completed"),
                    ("delivered", "Service delivered"),
                    ("in_progress", "In progress"),
                    ("answered", "Answered"),
                    ("screening", "Screening"),
                    ("recorded", "Recorded"),
                    ("closed", "Closed"),
                    ("withdrawn", "Withdrawn by the applicant"),
                    ("spam", "Spam"),
                ],
                max_length=20,
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
                ],
                max_length=24,
                verbose_name="event",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
