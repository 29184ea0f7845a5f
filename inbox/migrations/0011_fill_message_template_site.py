"""Message templates per association (step 2 of 3): the templates there were belong to the deployment's
first association (the one whose references carry no code, else the default site); every other
association gets a copy of them, the texts it was sending until now."""

from django.db import migrations

FIELDS = ("kind", "event", "language", "subject", "body", "sms")


def fill_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Association = apps.get_model("organisation", "Association")
    MessageTemplate = apps.get_model("inbox", "MessageTemplate")
    sites = list(Site.objects.order_by("-is_default_site", "pk"))
    if not sites:
        return
    first_id = Association.objects.filter(reference_code="").values_list("site_id", flat=True).first()
    first_id = first_id or sites[0].pk
    templates = list(MessageTemplate.objects.filter(site__isnull=True))
    MessageTemplate.objects.filter(site__isnull=True).update(site_id=first_id)
    MessageTemplate.objects.bulk_create(
        MessageTemplate(site_id=site.pk, **{name: getattr(template, name) for name in FIELDS})
        for site in sites
        if site.pk != first_id
        for template in templates
    )


class Migration(migrations.Migration):
    dependencies = [("inbox", "0010_message_template_site_nullable")]

    operations = [migrations.RunPython(fill_sites, migrations.RunPython.noop)]
