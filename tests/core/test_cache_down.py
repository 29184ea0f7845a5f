"""The shared cache fails soft: with Redis down, pages are served and forms take submissions.

The cache here is production's configuration (core.cache.redis_cache) on a
redis-server of the test's own, which a test stops in the middle of its run;
and the embedded default's (core.cache.file_cache) on a folder of the test's
own, which a test replaces with a file in the middle of its run.
"""

import logging
import shutil
import socket
import threading
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from core import cache as website_cache
from core import content_version
from forms import prepared, spam
from forms.models import FormPage, Submission
from tests.support.forms import help_request_data
from tests.support.redis_server import RedisServer, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_breaker_and_counts():
    website_cache.reset_breaker()
    spam._local_counts.clear()
    yield
    website_cache.reset_breaker()
    spam._local_counts.clear()


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def production_cache(settings, redis_server):
    """The site's cache as production configures it, on this test's own Redis."""
    settings.CACHES = {"default": website_cache.redis_cache(redis_server.url, "test")}
    return redis_server


def django_raising_cache(url):
    """Django's own RedisCache, which raises when the server cannot be reached."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }


@pytest.fixture
def embedded_cache(settings, tmp_path):
    """The site's cache as the embedded default (make run) configures it, in this test's own folder."""
    folder = tmp_path / "cache"
    settings.CACHES = {"default": website_cache.file_cache(folder)}
    return folder


@pytest.fixture(params=["production", "raising", "embedded"])
def cache_down(request, settings, tmp_path):
    """A cache that cannot be reached: production's whose server does not listen, Django's Redis cache that
    raises instead of missing, and the embedded default's whose folder cannot be made (a file is in the way)."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    if request.param == "embedded":
        (tmp_path / "a-file").write_text("not a folder")
        settings.CACHES = {"default": website_cache.file_cache(tmp_path / "a-file" / "cache")}
    else:
        settings.CACHES = {
            "default": website_cache.redis_cache(url) if request.param == "production" else django_raising_cache(url)
        }
    return url


def public_pages(site_content):
    """A service and the privacy policy in both languages, a form, the catalogue and the library."""
    service, policy = site_content.service, site_content.policy
    help_request = FormPage.objects.get(slug="help-request", locale__language_code="ar")
    return [
        "/ar/", "/en/", service["ar"].url, service["en"].url, policy["ar"].url,
        policy["en"].url, help_request.url, "/ar/services/", "/ar/policies/",
    ]  # fmt: skip


def survey_answers():
    return {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4())}


def assert_pages_answer(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def file_help_request(client):
    """Post a help request, follow to its reference (thank-you) page; the stored submission."""
    page = FormPage.objects.get(slug="help-request", locale__language_code="ar")
    before = set(Submission.objects.values_list("pk", flat=True))
    response = client.post(page.send_url, help_request_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    (submission,) = Submission.objects.exclude(pk__in=before)
    assert submission.attachments.count() == 2
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and submission.reference in thanks.content.decode()
    return submission


def test_pages_and_forms_keep_working_when_the_cache_server_stops_mid_run(site_content, production_cache, settings):
    client = Client(raise_request_exception=False)
    pages = public_pages(site_content)

    # Redis up: pages and a submission, and the cache is really in use.
    assert_pages_answer(client, pages)
    file_help_request(client)
    redis = production_cache.client()
    assert redis.keys(f"*{content_version.VERSION_KEY}") and redis.keys("*forms:rate:*")
    assert content_version._kept  # the form page was kept under the shared version

    production_cache.stop()

    # Redis down: the same pages, a new submission stored with its files and reference page.
    assert_pages_answer(client, pages)
    submission = file_help_request(client)
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert not content_version._kept  # the version cannot be read: nothing is kept

    # The rate limit still counts, in this process (the help request above was its first attempt).
    settings.FORMS_RATE_LIMIT = 3
    survey = FormPage.objects.get(slug="satisfaction-survey", locale__language_code="ar")
    assert client.post(survey.send_url, survey_answers()).status_code == 302
    assert client.post(survey.send_url, survey_answers()).status_code == 302
    stored = Submission.objects.count()
    refused = client.post(survey.send_url, survey_answers())
    assert refused.status_code == 429 and Submission.objects.count() == stored


def test_pages_and_forms_keep_working_when_the_cache_folder_fails_mid_run(site_content, embedded_cache, settings):
    client = Client(raise_request_exception=False)
    pages = public_pages(site_content)

    # The folder works: pages and a submission, and the cache is really in use.
    assert_pages_answer(client, pages)
    file_help_request(client)
    assert cache.get(content_version.VERSION_KEY) and cache.get("forms:rate:127.0.0.1")
    assert any(embedded_cache.iterdir())
    assert content_version._kept  # the form page was kept under the shared version
    assert client.get("/ar/")["X-Cache"] == "hit"

    # A file where the folder was: nothing can be read or written there any more.
    shutil.rmtree(embedded_cache)
    embedded_cache.write_text("not a folder")

    # The same pages (uncached), a new submission stored with its files and reference page.
    assert_pages_answer(client, pages)
    assert "X-Cache" not in client.get("/ar/")
    submission = file_help_request(client)
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert not content_version._kept  # the version cannot be read: nothing is kept

    # The rate limit still counts, in this process (the help request above was its first attempt).
    settings.FORMS_RATE_LIMIT = 3
    survey = FormPage.objects.get(slug="satisfaction-survey", locale__language_code="ar")
    assert client.post(survey.send_url, survey_answers()).status_code == 302
    assert client.post(survey.send_url, survey_answers()).status_code == 302
    stored = Submission.objects.count()
    refused = client.post(survey.send_url, survey_answers())
    assert refused.status_code == 429 and Submission.objects.count() == stored


def test_the_rate_limit_counts_per_process_when_the_cache_is_down(cache_down, settings, rf):
    settings.FORMS_RATE_LIMIT = 2
    request = rf.post("/", REMOTE_ADDR="192.0.2.7")
    other = rf.post("/", REMOTE_ADDR="192.0.2.8")
    assert [spam.over_rate_limit(request) for _ in range(3)] == [False, False, True]
    assert spam.over_rate_limit(other) is False  # counted per address


def test_the_rate_limit_uses_the_shared_count_while_the_cache_answers(production_cache, settings, rf):
    settings.FORMS_RATE_LIMIT = 2
    request = rf.post("/", REMOTE_ADDR="192.0.2.9")
    assert [spam.over_rate_limit(request) for _ in range(3)] == [False, False, True]
    assert cache.get("forms:rate:192.0.2.9") == 3
    assert spam._local_counts.hit("forms:rate:192.0.2.9", 60) == 1  # the local count was never used


def test_the_local_count_is_windowed_and_bounded():
    now = [1000.0]
    counter = spam.LocalCounter(max_keys=3, clock=lambda: now[0])
    assert [counter.hit("a", 60) for _ in range(3)] == [1, 2, 3]
    now[0] += 59
    assert counter.hit("a", 60) == 4
    now[0] += 1  # the window that began at the first attempt has ended
    assert counter.hit("a", 60) == 1
    for key in ("b", "c", "d"):
        counter.hit(key, 60)
    assert counter.hit("a", 60) == 1  # the least recently counted key was forgotten beyond three
    assert counter.hit("d", 60) == 2


def test_the_local_count_is_exact_under_threads():
    counter = spam.LocalCounter()
    threads = [threading.Thread(target=lambda: [counter.hit("a", 600) for _ in range(500)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.hit("a", 600) == 8 * 500 + 1


def test_the_prepared_pages_version_reads_as_unknown_when_the_cache_is_down(cache_down):
    assert content_version.current() is None
    content_version.bump()  # announcing a change does not raise either


@pytest.mark.parametrize("cache_down", ["production", "embedded"], indirect=True)
def test_prepared_pages_are_made_afresh_when_the_cache_is_down(site_pages, cache_down, rf):
    page = FormPage.objects.get(slug="satisfaction-survey", locale__language_code="ar")
    request = rf.post(page.send_url)
    first = prepared.live_form_page(page.pk, request)
    second = prepared.live_form_page(page.pk, request)
    assert first is not None and second is not None and first is not second
    assert first.pk == second.pk == page.pk
    assert not content_version._kept


def test_what_was_kept_before_the_cache_went_down_is_dropped(site_pages, production_cache, rf):
    page = FormPage.objects.get(slug="satisfaction-survey", locale__language_code="ar")
    request = rf.post(page.send_url)
    kept = prepared.live_form_page(page.pk, request)
    assert prepared.live_form_page(page.pk, request) is kept
    production_cache.stop()
    # A page saved now could not announce itself; what this worker kept must not outlive that.
    assert prepared.live_form_page(page.pk, request) is not kept
    assert not content_version._kept


class SilentServer:
    """Accepts connections on loopback and never answers (like a host that hangs); counts them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def test_a_server_that_does_not_answer_is_skipped_for_a_while(settings, caplog):
    server = SilentServer()
    try:
        settings.CACHES = {"default": website_cache.redis_cache(f"redis://127.0.0.1:{server.port}/0")}
        with caplog.at_level(logging.WARNING, logger="core.cache"):
            assert cache.get("anything", "missed") == "missed"  # waited for the socket timeout once
            for _ in range(20):
                assert cache.get("anything", "missed") == "missed"
                cache.set("anything", 1)
        assert len(server.accepted) == 1  # none of the later calls tried the server
        assert len([r for r in caplog.records if "not tried for" in r.getMessage()]) == 1  # one warning
        # The break over, the server is tried again.
        website_cache._skip_until[f"127.0.0.1:{server.port}"] = 0.0
        assert cache.get("anything", "missed") == "missed"
        assert len(server.accepted) == 2
    finally:
        server.close()


def test_the_cache_is_used_again_once_the_server_is_back(production_cache, caplog):
    cache.set("greeting", "before")
    production_cache.stop()
    assert cache.get("greeting", "missed") == "missed"
    restarted = RedisServer(port=production_cache.port).start()
    try:
        restarted.client().set(str(cache.make_key("greeting")), "1")
        assert cache.get("greeting", "missed") == "missed"  # still in its break
        website_cache._skip_until[f"127.0.0.1:{production_cache.port}"] = 0.0  # the break is over
        with caplog.at_level(logging.WARNING, logger="core.cache"):
            assert cache.get("greeting") == 1
        assert any("answers again" in record.getMessage() for record in caplog.records)
    finally:
        restarted.stop()
