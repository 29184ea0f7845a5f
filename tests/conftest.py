import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo association once; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _forget_kept_content():
    """Pages, prepared forms and memos kept in one test were made from rows the next test
    does not have (its database is rolled back, and no change is announced for that)."""
    from django.core.cache import cache

    from core import content_version

    cache.clear()
    content_version.forget()


@pytest.fixture
def no_page_cache(settings):
    """Measure what a page costs when rendered (query counts), not when kept."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's signed-in superuser, past the admin's second step (tests/signin.py)."""
    from django.test import Client

    from tests.signin import sign_in

    return sign_in(Client(), admin_user)


@pytest.fixture
def demo(db):
    """The demo association's content, as `seed_demo` makes it."""
    site = Site.objects.get(is_default_site=True)
    home_ar = site.root_page.specific
    home_en = home_ar.get_translation(Locale.objects.get(language_code="en")).specific
    return {"site": site, "home_ar": home_ar, "home_en": home_en}


@pytest.fixture
def about_pages(demo):
    about_ar = Page.objects.get(locale__language_code="ar", slug="about").specific
    about_en = about_ar.get_translation(Locale.objects.get(language_code="en")).specific
    return about_ar, about_en
