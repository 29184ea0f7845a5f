"""The default messages of a research visit planned and rescheduled, in Arabic and English (for every kind of
request), and the research settings' permission for administrators. Administrators edit the messages as any other."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (event, language, subject, body, sms)
TEMPLATES = [
    ("visit_planned", "ar", "موعد زيارة الباحث الاجتماعي لطلبك رقم {reference}",
     "مرحبًا {name}،\n\nحددنا موعدًا لزيارة الباحث الاجتماعي لدراسة طلبك رقم {reference}:\n"
     "اليوم: {visit_date} الموافق {visit_date_hijri}\nالوقت: من {visit_from} إلى {visit_to}\nالمكان: {visit_place}\n\n"
     "نرجو أن تكون مستعدًا ومعك ما لديك من وثائق. إن تعذّر عليك الموعد فتواصل معنا.\n\n{organisation}",
     "{organisation}: زيارة الباحث لطلبك {reference} يوم {visit_date} من {visit_from} إلى {visit_to}، {visit_place}."),
    ("visit_planned", "en", "The social researcher's visit for your request {reference}",
     "Hello {name},\n\nWe have planned the social researcher's visit to study your request {reference}:\n"
     "Day: {visit_date} ({visit_date_hijri})\nTime: from {visit_from} to {visit_to}\nPlace: {visit_place}\n\n"
     "Please be ready, with the documents you have. If the time does not suit you, contact us.\n\n{organisation}",
     "{organisation}: the researcher's visit for your request {reference} is on {visit_date}, {visit_from}-{visit_to}, "
     "{visit_place}."),
    ("visit_rescheduled", "ar", "تغيّر موعد زيارة الباحث الاجتماعي لطلبك رقم {reference}",
     "مرحبًا {name}،\n\nتغيّر موعد زيارة الباحث الاجتماعي لطلبك رقم {reference}، والموعد الجديد:\n"
     "اليوم: {visit_date} الموافق {visit_date_hijri}\nالوقت: من {visit_from} إلى {visit_to}\nالمكان: {visit_place}\n"
     "السبب: {reason}\n\nنعتذر عن أي إزعاج. إن تعذّر عليك الموعد فتواصل معنا.\n\n{organisation}",
     "{organisation}: الموعد الجديد لزيارة الباحث لطلبك {reference} يوم {visit_date} من {visit_from} إلى {visit_to}، "
     "{visit_place}."),
    ("visit_rescheduled", "en", "The social researcher's visit for your request {reference} has moved",
     "Hello {name},\n\nThe social researcher's visit for your request {reference} has moved. The new time:\n"
     "Day: {visit_date} ({visit_date_hijri})\nTime: from {visit_from} to {visit_to}\nPlace: {visit_place}\n"
     "Reason: {reason}\n\nWe are sorry for any inconvenience. If the time does not suit you, contact us.\n\n"
     "{organisation}",
     "{organisation}: the researcher's visit for your request {reference} moved to {visit_date}, "
     "{visit_from}-{visit_to}, {visit_place}."),
]  # fmt: skip

ADMINISTRATORS = ["change_researchsettings"]


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for event, language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event=event, language=language, defaults={"subject": subject, "body": body, "sms": sms}
        )
    app_config = apps.get_app_config("research")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Administrators").first()
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="research", codename__in=ADMINISTRATORS)
        )


def backwards(apps, schema_editor):
    events = {event for event, *_rest in TEMPLATES}
    apps.get_model("inbox", "MessageTemplate").objects.filter(kind="", event__in=events).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_tasks_and_visits"),
        ("inbox", "0007_message_events_as_data"),
        ("organisation", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
