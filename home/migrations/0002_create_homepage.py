"""Replace Wagtail's placeholder page with an (empty) Arabic home page.

Production starts from this; `seed_demo` fills it in development.
"""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    # Wagtail's own placeholder, if it is still there untouched.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    if HomePage.objects.exists():
        return

    homepage_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale, _created = Locale.objects.get_or_create(language_code="ar")
    Locale.objects.get_or_create(language_code="en")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="الرئيسية",
        draft_title="الرئيسية",
        slug="home",
        content_type=homepage_type,
        path=root.path + "0002",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": homepage}
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
