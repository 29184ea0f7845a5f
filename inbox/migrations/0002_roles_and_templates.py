"""Inbox permissions for the staff groups, the default message templates, and a case for every earlier submission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Beneficiary relations": ["work_case", "export_case"],
    "Social researchers": ["research_case"],
    "Research committee": ["decide_case"],
    "Administrators": [
        "work_case",
        "decide_case",
        "export_case",
        "manage_personal_data",
        "change_inboxsettings",
        "add_messagetemplate",
        "change_messagetemplate",
        "delete_messagetemplate",
        "view_messagetemplate",
    ],
}

# (event, language, subject, body, sms)
TEMPLATES = [
    ("acknowledgement", "ar", "وصل طلبك رقم {reference}",
     "مرحبًا {name}،\n\nاستلمنا طلبك ({form}) برقم {reference}، وسنرد عليك في موعد أقصاه {due_date} الموافق {due_date_hijri}.\n"
     "احتفظ برقم الطلب لتتابعه به.\n\n{organisation}",
     "{organisation}: وصل طلبك رقم {reference}، وسنرد عليك قبل {due_date}."),
    ("acknowledgement", "en", "We received your request {reference}",
     "Hello {name},\n\nWe received your request ({form}) with the reference {reference}. We will answer you by {due_date} "
     "({due_date_hijri}).\nKeep the reference to follow your request.\n\n{organisation}",
     "{organisation}: we received your request {reference} and will answer by {due_date}."),
    ("accepted", "ar", "قُبل طلبك رقم {reference}",
     "مرحبًا {name}،\n\nيسرنا إبلاغك بقبول طلبك رقم {reference} ({form}). سنتواصل معك لاستكمال الإجراءات.\n{reason}\n\n{organisation}",
     "{organisation}: قُبل طلبك رقم {reference}، وسنتواصل معك لاستكمال الإجراءات."),
    ("accepted", "en", "Your request {reference} was accepted",
     "Hello {name},\n\nWe are glad to tell you that your request {reference} ({form}) was accepted. We will contact you "
     "to complete the next steps.\n{reason}\n\n{organisation}",
     "{organisation}: your request {reference} was accepted; we will contact you for the next steps."),
    ("rejected", "ar", "نتيجة دراسة طلبك رقم {reference}",
     "مرحبًا {name}،\n\nدرسنا طلبك رقم {reference} ({form})، ونعتذر عن عدم قبوله للسبب الآتي:\n{reason}\n\n"
     "إن كانت لديك معلومات جديدة فتواصل معنا.\n\n{organisation}",
     "{organisation}: نعتذر عن عدم قبول طلبك رقم {reference}. السبب: {reason}"),
    ("rejected", "en", "The outcome of your request {reference}",
     "Hello {name},\n\nWe studied your request {reference} ({form}) and are sorry that we cannot accept it, for this "
     "reason:\n{reason}\n\nIf you have new information, please contact us.\n\n{organisation}",
     "{organisation}: we are sorry, your request {reference} was not accepted. Reason: {reason}"),
    ("missing_documents", "ar", "طلبك رقم {reference} ينتظر منك مستندات",
     "مرحبًا {name}،\n\nلنكمل دراسة طلبك رقم {reference} نحتاج منك ما يلي:\n{reason}\n\n"
     "أحضرها إلى أحد فروعنا أو أرسلها إلينا. لا تُحسب مدة الانتظار من مهلة الرد.\n\n{organisation}",
     "{organisation}: لإكمال طلبك رقم {reference} نحتاج: {reason}"),
    ("missing_documents", "en", "Your request {reference} is waiting for documents",
     "Hello {name},\n\nTo go on studying your request {reference} we need the following from you:\n{reason}\n\n"
     "Bring them to one of our branches or send them to us. The time we wait does not count against our reply "
     "period.\n\n{organisation}",
     "{organisation}: to go on with your request {reference} we need: {reason}"),
    ("complaint_answer", "ar", "ردنا على رسالتك رقم {reference}",
     "مرحبًا {name}،\n\nشكرًا لتواصلك معنا. هذا ردنا على رسالتك رقم {reference}:\n\n{reason}\n\n{organisation}",
     "{organisation}: ردنا على رسالتك رقم {reference}: {reason}"),
    ("complaint_answer", "en", "Our answer to your message {reference}",
     "Hello {name},\n\nThank you for writing to us. Here is our answer to your message {reference}:\n\n{reason}\n\n"
     "{organisation}",
     "{organisation}: our answer to your message {reference}: {reason}"),
]  # fmt: skip

FIRST_STATUS = {"survey": "recorded"}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("inbox")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="inbox", codename__in=codenames))

    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for event, language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event=event, language=language, defaults={"subject": subject, "body": body, "sms": sms}
        )

    # Requests that arrived before the inbox existed join it as received.
    Submission = apps.get_model("forms", "Submission")
    Case = apps.get_model("inbox", "Case")
    Case.objects.bulk_create(
        [
            Case(
                submission=submission,
                status=FIRST_STATUS.get(submission.kind, "received"),
                due_date=submission.reply_due,
                status_changed_at=submission.submitted_at,
            )
            for submission in Submission.objects.filter(case__isnull=True)
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(content_type__app_label="inbox").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0001_initial"),
        ("organisation", "0002_staff_groups"),
        ("forms", "0003_notification_text"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
