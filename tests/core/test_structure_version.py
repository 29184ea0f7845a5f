"""The structure version (core/content_version.py): what routing and every page rest on apart from
their content. Publishing and editing leave it as it is, so what each worker keeps under it (the site
of each host, the locales, the routes: core/site_facts.py, core/routing.py) outlives a publish; sites,
locales, view restrictions, moves and a home page appearing, disappearing or renamed in a language
change it, in this worker and, through the shared cache, in every other."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from core import content_version, site_facts
from home.factories import StandardPageFactory
from organisation.models import OrganisationProfile

pytestmark = pytest.mark.django_db


def structure() -> str:
    return content_version.versions()[1]


def edit_content(site_pages, about_pages):
    about_ar, _about_en = about_pages
    about_ar.title = "من نحن اليوم"
    about_ar.save_revision().publish()
    home = site_pages["home_en"]
    home.intro = "A new introduction."
    home.save_revision().publish()  # a home page's content: it stays where it is, live
    profile = OrganisationProfile.objects.first()
    profile.name = "جمعية باسم جديد"
    profile.save()


def test_publishing_and_editing_leave_the_structure_version_as_it_is(site_pages, about_pages):
    content, before = content_version.versions()
    edit_content(site_pages, about_pages)
    after_content, after = content_version.versions()
    assert after_content != content and after == before


def change_site(site_pages, about_pages):
    site = site_pages["site"]
    site.site_name = "موقع آخر"
    site.save()


def change_locale(site_pages, about_pages):
    Locale.objects.get(language_code="en").save()


def restrict_a_page(site_pages, about_pages):
    PageViewRestriction.objects.create(page=about_pages[0], restriction_type=PageViewRestriction.LOGIN)


def move_a_page(site_pages, about_pages):
    about_pages[0].move(StandardPageFactory(slug="section", title="قسم"), pos="last-child")


def unpublish_a_home_page(site_pages, about_pages):
    site_pages["home_en"].unpublish()


def rename_a_home_page(site_pages, about_pages):
    home = site_pages["home_en"]
    home.slug = f"{home.slug}-renamed"
    home.save_revision().publish()


def delete_a_home_page(site_pages, about_pages):
    site_pages["home_en"].delete()


@pytest.mark.parametrize(
    "change",
    [change_site, change_locale, restrict_a_page, move_a_page, unpublish_a_home_page, rename_a_home_page,
     delete_a_home_page],
)  # fmt: skip
def test_what_routing_rests_on_changes_the_structure_version(site_pages, about_pages, change):
    content, before = content_version.versions()
    change(site_pages, about_pages)
    after_content, after = content_version.versions()
    assert after != before and after_content != content


def test_a_structure_change_is_announced_again_after_commit(about_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        restrict_a_page(None, about_pages)
    assert content_version._after_structure_commit in callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        about_pages[0].save_revision().publish()
    assert content_version._after_structure_commit not in callbacks


def find_site(rf) -> int:
    """Queries to find the site of a new request's host (core/site_facts.site)."""
    with CaptureQueriesContext(connection) as queries:
        site_facts.site(rf.get("/ar/"))
    return len(queries)


def test_what_is_kept_under_it_outlives_a_publish(rf, site_pages, about_pages):
    assert find_site(rf) == 1
    edit_content(site_pages, about_pages)
    assert find_site(rf) == 0
    change_site(site_pages, about_pages)
    assert find_site(rf) == 1


def test_another_worker_s_structure_change_is_seen_through_the_shared_cache(rf, site_pages):
    assert find_site(rf) == 1
    assert find_site(rf) == 0
    cache.set(content_version.STRUCTURE_KEY, "another worker moved a page", timeout=None)
    assert find_site(rf) == 1


def test_nothing_is_kept_when_the_versions_cannot_be_read(rf, site_pages, monkeypatch):
    monkeypatch.setattr(cache, "get_many", lambda keys: {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    assert content_version.versions() == (None, None)
    assert find_site(rf) == 1
    assert find_site(rf) == 1
