"""Every existing governance record (the disclosure list, its documents, the board, committees, executive
members, assembly meetings; translations too) becomes the first association's: the default site's."""

from django.db import migrations

MODELS = ["DisclosureItem", "DisclosureDocument", "BoardMember", "Committee", "ExecutiveMember", "AssemblyMeeting"]


def fill_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    models = [apps.get_model("governance", name) for name in MODELS]
    if not any(model.objects.filter(site__isnull=True).exists() for model in models):
        return
    default = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if default is None:
        raise RuntimeError("Governance records exist but no site does: add a site first.")
    for model in models:
        model.objects.filter(site__isnull=True).update(site_id=default.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_snippet_sites"),
    ]

    operations = [migrations.RunPython(fill_sites, migrations.RunPython.noop)]
