"""Each policy category gets its association: the default site, unless only another site's policy pages use it
(then that site). Translations share their source's site."""

import django.db.models.deletion
from django.db import migrations, models


def fill_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    PolicyCategory = apps.get_model("policies", "PolicyCategory")
    PolicyPage = apps.get_model("policies", "PolicyPage")
    if not PolicyCategory.objects.exists():
        return
    default = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    roots = []
    for site in Site.objects.all():
        root = Page.objects.get(pk=site.root_page_id)
        for path in Page.objects.filter(translation_key=root.translation_key).values_list("path", flat=True):
            roots.append((path, site.pk))
    roots.sort(key=lambda root: -len(root[0]))
    key_of = dict(PolicyCategory.objects.values_list("pk", "translation_key"))
    sites_of = {}
    for path, category_id in PolicyPage.objects.exclude(category=None).values_list("path", "category_id"):
        site_id = next((site_id for root, site_id in roots if path.startswith(root)), None)
        if site_id is not None:
            sites_of.setdefault(key_of[category_id], set()).add(site_id)
    for key in set(key_of.values()):
        sites = sites_of.get(key, set())
        keep = default.pk if (not sites or default.pk in sites or len(sites) > 1) else sites.pop()
        PolicyCategory.objects.filter(translation_key=key).update(site_id=keep)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="policycategory",
            name="site",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="wagtailcore.site", verbose_name="association",
            ),  # fmt: skip
        ),
        migrations.RunPython(fill_sites, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="policycategory",
            name="site",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="wagtailcore.site", verbose_name="association",
            ),  # fmt: skip
        ),
    ]
