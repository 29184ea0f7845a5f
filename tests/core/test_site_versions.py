"""A content version per association (core/content_version.py): one association's publish, setting or
snippet leaves the other's kept pages and facts warm; what belongs to no one site changes every site's;
the CDN is purged on the changed association's host only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from core import content_version, frontend_cache, site_facts
from home.factories import SiteFactory
from organisation.models import OrganisationSettings

pytestmark = pytest.mark.django_db
SECOND = "second.localhost"


@pytest.fixture
def second():
    return SiteFactory(hostname=SECOND)


def get(client, url, host=None):
    extra = {"HTTP_HOST": host} if host else {}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, host)
    return response, len(queries)


def publish_about():
    about = Page.objects.get(slug="about", locale__language_code="ar").specific
    about.title = f"{about.title}."
    about.save_revision().publish()


def warm(client):
    for host in (None, SECOND):
        get(client, "/ar/", host)
        response, _ = get(client, "/ar/", host)
        assert response["X-Cache"] == "hit"


def test_a_publish_on_one_association_leaves_the_other_s_kept_pages_warm(client, site_pages, second):
    warm(client)
    publish_about()  # on the tests' association (the default site)
    other, queries = get(client, "/ar/", SECOND)
    assert other["X-Cache"] == "hit" and queries == 0  # served as kept: not rendered again
    own, _ = get(client, "/ar/")
    assert own["X-Cache"] == "miss"  # rendered again, with the new title in its menu
    assert "." in own.content.decode()


def test_a_setting_of_one_association_changes_only_its_pages(client, site_pages, second):
    warm(client)
    settings = OrganisationSettings.for_site(second)
    settings.phone = "0112345678"
    settings.save()
    assert get(client, "/ar/")[0]["X-Cache"] == "hit"
    changed, _ = get(client, "/ar/", SECOND)
    assert changed["X-Cache"] == "miss"


def test_what_belongs_to_no_one_association_changes_every_one(client, site_pages, second):
    warm(client)
    Locale.objects.get(language_code="en").save()  # a locale: every site's (and structure)
    assert get(client, "/ar/")[0]["X-Cache"] == "miss"
    assert get(client, "/ar/", SECOND)[0]["X-Cache"] == "miss"


def test_each_change_finds_its_sites(site_pages, second):
    english_home = second.root_page.get_translation(Locale.objects.get(language_code="en"))
    assert content_version.sites_of(second.root_page) == [second.pk]
    assert content_version.sites_of(english_home) == [second.pk]  # a translation's tree is the site's too
    assert content_version.sites_of(Page.objects.get(slug="about", locale__language_code="ar")) == [
        site_pages["site"].pk
    ]
    assert content_version.sites_of(OrganisationSettings.for_site(second)) == [second.pk]
    assert content_version.sites_of(OrganisationSettings.for_site(second).profile) == [second.pk]
    assert content_version.sites_of(Locale.objects.first()) is None
    assert content_version.sites_of(Page.objects.get(depth=1)) is None  # under no site: every one


def test_a_request_reads_its_site_s_version_once_and_knows_it_afterwards(rf, site_pages, second, monkeypatch):
    request = rf.get("/ar/", HTTP_HOST=SECOND)
    first = site_facts.version(request)
    assert site_facts.site_id(request) == second.pk
    reads = []
    original = content_version.site_versions
    monkeypatch.setattr(content_version, "site_versions", lambda site_id: reads.append(site_id) or original(site_id))
    monkeypatch.setattr(content_version, "site_version", lambda site_id: pytest.fail("a second round trip"))
    again = rf.get("/ar/", HTTP_HOST=SECOND)
    assert site_facts.version(again) == first and reads == [second.pk]  # the site guessed right: one read
    publish_about()
    assert site_facts.version(rf.get("/ar/", HTTP_HOST=SECOND)) == first
    monkeypatch.undo()  # the default site's host is new to this worker: its version takes a second read
    assert site_facts.version(rf.get("/ar/")) != site_facts.version(rf.get("/ar/", HTTP_HOST=SECOND))


def test_the_cdn_is_purged_on_the_changed_association_s_host_only(
    settings, site_pages, second, django_capture_on_commit_callbacks, monkeypatch
):
    settings.WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                                                 "LOCATION": "http://127.0.0.1:9"}}  # fmt: skip
    queued = []
    stand_in = type("Task", (), {"enqueue": staticmethod(lambda site_ids: queued.append(site_ids))})
    monkeypatch.setattr(frontend_cache, "purge_site", stand_in)
    connection.run_on_commit.clear()  # the setup's own steps: as if committed long before
    with django_capture_on_commit_callbacks(execute=True):
        publish_about()
    assert queued == [[site_pages["site"].pk]]
    urls = frontend_cache.site_urls(queued[0])
    assert urls and not [url for url in urls if SECOND in url]
    assert any(url.startswith(site_pages["site"].root_url) for url in urls)
    second_urls = frontend_cache.site_urls([second.pk])
    assert second_urls and all(url.startswith(f"http://{SECOND}") for url in second_urls)
    queued.clear()
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Locale.objects.get(language_code="en").save()
    assert queued == [None]  # every site
