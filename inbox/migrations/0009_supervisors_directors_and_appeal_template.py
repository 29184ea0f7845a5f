"""The supervisors and executive directors (complaints not answered on time are escalated to them), each a
group with its inbox permission and access to the admin, and the default templates of the acknowledgement
of an appeal (تظلم)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Supervisors": ["supervise_case"],
    "Executive directors": ["direct_case"],
}

# (event, language, subject, body, sms)
TEMPLATES = [
    ("appeal_received", "ar", "وصل تظلمك على الطلب رقم {reference}",
     "مرحبًا {name}،\n\nاستلمنا طلبك إعادة النظر في الطلب رقم {reference} ({form})، وأعدناه إلى لجنة البحث "
     "لتدرسه من جديد مع ما أرفقته. سنبلغك بقرارها حين يصدر، ويمكنك متابعة طلبك من رابطك الخاص:\n{status_url}\n\n"
     "{organisation}",
     "{organisation}: وصل تظلمك على الطلب رقم {reference}، وسنبلغك بقرار لجنة البحث."),
    ("appeal_received", "en", "We received your appeal on request {reference}",
     "Hello {name},\n\nWe received your request for reconsideration of request {reference} ({form}) and have sent it "
     "back to the research committee, to study again with what you attached. We will tell you its decision; you can "
     "follow your request from your own link:\n{status_url}\n\n{organisation}",
     "{organisation}: we received your appeal on request {reference}; we will tell you the committee's decision."),
]  # fmt: skip


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("inbox")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        if access_admin is not None:
            group.permissions.add(access_admin)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="inbox", codename__in=codenames))

    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    for event, language, subject, body, sms in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind="", event=event, language=language, defaults={"subject": subject, "body": body, "sms": sms}
        )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUP_PERMISSIONS)).delete()
    apps.get_model("inbox", "MessageTemplate").objects.filter(event="appeal_received", kind="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0008_appeals_and_escalation"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
