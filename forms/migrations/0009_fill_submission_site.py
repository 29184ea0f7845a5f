"""Every request carries its association (step 2 of 3): each request gets the site its form page is on.

A request's site is the site under whose root page its form page lies (the deepest such root when sites
nest; a root's translations count as the root); a request whose form is gone, or lies under no site's root, goes to the default site, else to any
site. Reference counters all belonged to the deployment's first association (the one whose references
carry no code), so they go to it (else the default site).
"""

from django.db import migrations


def fill_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Submission = apps.get_model("forms", "Submission")
    ReferenceCounter = apps.get_model("forms", "ReferenceCounter")
    Association = apps.get_model("organisation", "Association")
    Page = apps.get_model("wagtailcore", "Page")
    sites = list(Site.objects.select_related("root_page").order_by("-is_default_site", "pk"))
    if not sites:
        return
    # Each site's root page and its translations (a language's pages lie under the root's translation).
    roots = [
        (path, site.pk)
        for site in sites
        for path in {site.root_page.path}
        | set(Page.objects.filter(translation_key=site.root_page.translation_key).values_list("path", flat=True))
    ]
    for path, site_id in sorted(roots, key=lambda root: -len(root[0])):  # the nearest root first
        Submission.objects.filter(site__isnull=True, form_page__path__startswith=path).update(site_id=site_id)
    fallback = sites[0]  # the default site, else the first
    Submission.objects.filter(site__isnull=True).update(site_id=fallback.pk)
    first = Association.objects.filter(reference_code="").values_list("site_id", flat=True).first()
    ReferenceCounter.objects.filter(site__isnull=True).update(site_id=first or fallback.pk)


class Migration(migrations.Migration):
    dependencies = [("forms", "0008_submission_site_nullable")]

    operations = [migrations.RunPython(fill_sites, migrations.RunPython.noop)]
