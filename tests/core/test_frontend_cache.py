"""A CDN in front of the site is purged on the same events as the page cache, against a fake
purge endpoint on loopback (wagtail.contrib.frontend_cache's HTTP backend)."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Locale

from services.models import ServiceCategory
from tests.support.services import service, service_index
from website.settings.environment import frontend_cache_from_env

pytestmark = pytest.mark.django_db


class PurgeEndpoint(ThreadingHTTPServer):
    """Takes PURGE requests as Varnish would, and remembers them."""

    def __init__(self):
        self.purged = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
                endpoint.purged.append(f"http://{self.headers['Host']}{self.path}")
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def cdn(settings):
    server = PurgeEndpoint()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_whole_site_once_in_both_languages(
    cdn, site_pages, site_content, django_capture_on_commit_callbacks
):
    page = service("food-basket", "en")
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Food basket for Ramadan"
        page.save_revision().publish()
    purged = Counter(cdn.purged)
    root = site_pages["site"].root_url
    expected = {
        page.full_url,
        service("food-basket", "ar").full_url,
        service_index("en").full_url,
        service_index("ar").full_url,
        site_pages["home_ar"].full_url,
        site_pages["home_en"].full_url,
        f"{root}/sitemap.xml",
        f"{root}/ar/search/",
        f"{root}/en/search/",
    }
    assert expected <= set(purged)
    assert set(purged.values()) == {1}  # one purge per transaction, not one per saved row


def test_a_snippet_change_purges_the_site(cdn, site_content, django_capture_on_commit_callbacks):
    category = ServiceCategory.objects.filter(locale=Locale.get_default()).first()
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "فئة جديدة"
        category.save()
    assert service_index("ar").full_url in cdn.purged


def test_a_rolled_back_change_purges_nothing(cdn, site_content, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            page = service("food-basket", "ar")
            page.title = "لن يُحفظ"
            page.save_revision().publish()
            raise RuntimeError
        # The next change in the same outer transaction is still announced after commit.
        category = ServiceCategory.objects.filter(locale=Locale.get_default()).first()
        category.save()
    assert len(set(cdn.purged)) == len(cdn.purged) > 0


def test_without_a_cdn_nothing_is_purged(settings, site_content, django_capture_on_commit_callbacks, monkeypatch):
    from core import frontend_cache

    settings.WAGTAILFRONTENDCACHE = None
    queued = []
    monkeypatch.setattr(frontend_cache, "purge_site", type("Task", (), {"enqueue": lambda: queued.append(1)}))
    with django_capture_on_commit_callbacks(execute=True):
        service("food-basket", "ar").save_revision().publish()
    assert queued == []


def test_the_cdn_is_configured_from_the_environment(monkeypatch):
    assert frontend_cache_from_env() is None
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_URL", "http://10.0.0.5:6081")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", "zone")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFLARE_TOKEN", "token")
    monkeypatch.setenv("FRONTEND_CACHE_HOSTNAMES", "jamiya.org.sa, www.jamiya.org.sa")
    backends = frontend_cache_from_env()
    assert backends["http"]["LOCATION"] == "http://10.0.0.5:6081"
    assert backends["cloudflare"]["ZONEID"] == "zone" and backends["cloudflare"]["BEARER_TOKEN"] == "token"
    assert backends["http"]["HOSTNAMES"] == ["jamiya.org.sa", "www.jamiya.org.sa"]
