"""Each existing category and beneficiary group gets its association: the default site, unless only another
site's services use it (then that site). A facet that services of several sites use stays the default site's
(or the first using site's) and each other site gets its own copy, its services pointing at it. Translations
share their source's site."""

import uuid
from collections import defaultdict

from django.db import migrations


def _roots(apps):
    """(root path, site id) of every site's home page and its translations, the longest path first."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    roots = []
    for site in Site.objects.select_related("root_page"):
        for path in Page.objects.filter(translation_key=site.root_page.translation_key).values_list("path", flat=True):
            roots.append((path, site.pk))
    return sorted(roots, key=lambda root: -len(root[0]))


def _site_of(roots, path):
    return next((site_id for root, site_id in roots if path.startswith(root)), None)


def _fill(model, uses, default_id):
    """`uses`: [(page id, site id, facet id)] of the services pointing at `model`'s rows. Returns, per site
    given a copy, {old facet id: new facet id}."""
    rows = list(model.objects.all())
    by_key = defaultdict(list)
    for row in rows:
        by_key[row.translation_key].append(row)
    key_of = {row.pk: row.translation_key for row in rows}
    sites_of = defaultdict(set)
    for _page, site_id, facet_id in uses:
        if site_id is not None and facet_id in key_of:
            sites_of[key_of[facet_id]].add(site_id)
    copies = defaultdict(dict)  # site id -> {old id: new id}
    for key, group in by_key.items():
        sites = sites_of[key]
        keep = default_id if (not sites or default_id in sites) else min(sites)
        model.objects.filter(translation_key=key).update(site_id=keep)
        for other in sorted(sites - {keep}):
            new_key = uuid.uuid4()
            for row in group:
                copy = model.objects.create(
                    site_id=other, locale_id=row.locale_id, translation_key=new_key, name=row.name,
                    slug=row.slug, description=row.description, sort_order=row.sort_order,
                )  # fmt: skip
                copies[other][row.pk] = copy.pk
    return copies


def fill_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    ServicePage = apps.get_model("services", "ServicePage")
    ServiceCategory = apps.get_model("services", "ServiceCategory")
    BeneficiaryGroup = apps.get_model("services", "BeneficiaryGroup")
    if not (ServiceCategory.objects.exists() or BeneficiaryGroup.objects.exists()):
        return
    default = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if default is None:
        raise RuntimeError("Categories and beneficiary groups exist but no site does: add a site first.")
    roots = _roots(apps)

    pages = list(ServicePage.objects.values_list("pk", "path", "category_id"))
    page_site = {pk: _site_of(roots, path) for pk, path, _category in pages}
    category_uses = [(pk, page_site[pk], category) for pk, _path, category in pages if category]
    through = ServicePage._meta.get_field("beneficiary_groups").remote_field.through
    links = list(through.objects.values_list("pk", "servicepage_id", "beneficiarygroup_id"))
    group_uses = [(page, page_site.get(page), group) for _pk, page, group in links]

    for site_id, moved in _fill(ServiceCategory, category_uses, default.pk).items():
        for page, page_site_id, category in category_uses:
            if page_site_id == site_id and category in moved:
                ServicePage.objects.filter(pk=page).update(category_id=moved[category])
    for site_id, moved in _fill(BeneficiaryGroup, group_uses, default.pk).items():
        for pk, page, group in links:
            if page_site.get(page) == site_id and group in moved:
                through.objects.filter(pk=pk).update(beneficiarygroup_id=moved[group])


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0003_facet_site"),
    ]

    operations = [migrations.RunPython(fill_sites, migrations.RunPython.noop)]
