"""The deployment files (deploy/) agree with the settings of the site they serve.

scripts/scale_test.py runs both for real under load; these are the quick checks.
"""

import contextlib
import datetime
import http.client
import os
import re
import runpy
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from django.conf import settings
from django.urls import get_resolver, resolve, reverse
from django.utils import translation
from gunicorn.config import Config
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from core.log_paths import REDACTED, loggable_path
from forms.spam import client_ip
from forms.views import thanks_token
from policies.importer import MAX_BYTES as POLICY_MAX_BYTES
from scripts.scale_services import leaked_secrets, make_certificate, nginx_serving
from scripts.servers.ports import server_port
from scripts.servers.production_env import ROOT

NGINX = (ROOT / "deploy" / "nginx" / "website.conf").read_text()
GUNICORN = ROOT / "deploy" / "gunicorn.conf.py"
MB = 1024 * 1024


def server_blocks():
    """The text of each `server { ... }` block (their locations hold no nested braces)."""
    return re.findall(r"^server \{\n(.*?)^\}", NGINX, flags=re.MULTILINE | re.DOTALL)


def tls_server():
    (block,) = [block for block in server_blocks() if "ssl_certificate" in block]
    return block


def location(pattern):
    match = re.search(r"^\s*location " + re.escape(pattern) + r" \{\n(.*?)^\s*\}", tls_server(), re.M | re.S)
    assert match, f"no location {pattern} in the TLS server"
    return match.group(1)


def body_size(block) -> int:
    value = re.search(r"client_max_body_size (\d+)([km]?);", block).groups()
    return int(value[0]) * {"": 1, "k": 1024, "m": MB}[value[1]]


FORM_POSTS = "~ ^/[a-z][a-z]/forms/[0-9]+/send/$"
API_SUBMISSIONS = "~ ^/api/v3/forms/[0-9]+/submissions/$"


def test_form_posts_may_carry_what_the_forms_accept_and_little_more():
    for pattern in (FORM_POSTS, API_SUBMISSIONS):
        limit = body_size(location(pattern))
        assert settings.FORMS_MAX_SUBMISSION_BYTES < limit <= settings.FORMS_MAX_SUBMISSION_BYTES + 2 * MB


def test_the_form_post_locations_match_the_addresses_forms_post_to():
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert re.fullmatch(FORM_POSTS[2:], reverse("form_send", args=[42]))
    assert resolve("/api/v3/forms/42/submissions/").url_name == "forms_submit"
    assert re.fullmatch(API_SUBMISSIONS[2:], "/api/v3/forms/42/submissions/")


def test_the_admin_takes_the_largest_document_image_and_policy():
    limit = body_size(location("/admin/"))
    image_limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * MB)
    largest = max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, image_limit, POLICY_MAX_BYTES)
    assert largest < limit <= largest + 2 * MB


def test_everything_else_keeps_small_bodies():
    server_level = tls_server().split("location", 1)[0]
    assert body_size(server_level) <= MB


def test_only_form_posts_are_retried_on_another_app_server():
    # A repeat of a form post is answered from its submission token; nothing else is safe to send twice.
    assert "non_idempotent" in location(FORM_POSTS)
    assert NGINX.count("non_idempotent") == 1


def test_the_app_sees_the_scheme_and_the_address_nginx_saw():
    block = tls_server()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in block
    # Appended, not replaced: with FORMS_PROXY_DEPTH=1 the app trusts exactly nginx's entry.
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block
    assert "$remote_addr" not in re.sub(r"log_format.*?;", "", NGINX, flags=re.S)


def test_a_visitors_own_forwarded_for_is_not_believed(rf, settings):
    settings.FORMS_PROXY_DEPTH = 1  # production's default: nginx alone in front
    # What nginx sends on for a visitor at 203.0.113.7 who wrote their own header.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.1, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "203.0.113.7"


def test_access_logs_leave_out_query_strings_and_referrers():
    (log_format,) = re.findall(r"log_format \w+ (.*?);", NGINX, flags=re.S)
    assert "$website_log_path" in log_format  # $uri with its tokens redacted (the `map`s)
    for variable in ("$uri", "$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_referer",
                     "$arg_"):  # fmt: skip
        assert variable not in log_format
    assert all("website_noquery" in line for line in re.findall(r"access_log [^;]*;", NGINX) if "off" not in line)

    config = runpy.run_path(str(GUNICORN))
    assert "%(U)s" in config["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(u)s", "{referer}"):
        assert atom not in config["access_log_format"]


def test_gunicorn_takes_its_settings_from_the_environment_and_writes_no_file(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "10.0.0.11:8000, 127.0.0.1:8001")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "20")
    config = runpy.run_path(str(GUNICORN))
    assert config["bind"] == ["10.0.0.11:8000", "127.0.0.1:8001"]
    assert (config["workers"], config["timeout"]) == (3, 20)
    assert (config["accesslog"], config["errorlog"], config["pidfile"]) == ("-", "-", None)
    assert config["preload_app"] is True

    # Every name is a gunicorn setting, and gunicorn accepts its value.
    gunicorn = Config()
    names = {name for name, value in config.items() if not name.startswith("_") and not isinstance(value, ModuleType)}
    assert names <= set(gunicorn.settings), names - set(gunicorn.settings)
    for name in names:
        gunicorn.set(name, config[name])


needs_nginx = pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"),
                                 reason="nginx or openssl missing")  # fmt: skip


@needs_nginx
def test_nginx_accepts_the_site(tmp_path):
    cert, key = make_certificate(tmp_path)
    # nginx -t of the very file, its placeholders replaced as scripts/scale_test.py does.
    nginx_serving(tmp_path / "nginx", tmp_path, 1443, 1080, ["127.0.0.1:1", "127.0.0.1:2"], cert, key)


# --- tokens in paths: never in a log -----------------------------------------------------------------
SECRET = "4217-" + "9c1e5b7a" * 4  # the shape of a personal or survey link's token
TOKEN_PARAMETER = re.compile(r"<(?:\w+:)?(?:\w*token\w*|uidb64)>")


def routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def sample_path(route, secret=SECRET):
    path = TOKEN_PARAMETER.sub(secret, route)
    return "/" + re.sub(r"<int:\w+>", "7", re.sub(r"<(?:str:)?\w+>", "x", path)).lstrip("/")


def token_paths():
    """A path for every route of the site with a token in it: URL patterns (the API's, the admin's
    password reset) and routable pages' sub-pages (the personal and survey links, the thank-you page)."""
    paths = [sample_path(route) for route in routes(get_resolver().url_patterns) if TOKEN_PARAMETER.search(route)]
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            for url in model.get_subpage_urls():
                if TOKEN_PARAMETER.search(str(url.pattern)):
                    paths.append("/ar/follow-up/" + sample_path(str(url.pattern)).lstrip("/"))
                    paths.append("/en/services/requests/" + sample_path(str(url.pattern)).lstrip("/"))
    return paths


def test_every_route_with_a_token_is_logged_without_it():
    paths = token_paths()
    # The routes this was written for are all found (a route renamed would be missed silently).
    for expected in ("/link/", "/link/{}/documents/", "/link/{}/withdraw/", "/survey/", "/survey/{}/thanks/",
                     "/thanks/", "/api/v3/followup/status/", "/api/v3/followup/surveys/",
                     "/admin/password_reset/confirm/"):  # fmt: skip
        assert any(expected.format(SECRET) in path for path in paths), expected
    for path in paths:
        logged = loggable_path(f"{path}?q=nawal")
        assert SECRET not in logged and "nawal" not in logged and REDACTED in logged, (path, logged)
    # The thank-you page's own token (the reference, signed) and a link mistyped or cut short.
    thanks = thanks_token("HR-2026-000013")
    assert loggable_path(f"/ar/help-request/thanks/{thanks}/") == f"/ar/help-request/thanks/{REDACTED}/"
    assert loggable_path(f"/ar/follow-up/LINK/{SECRET[:20]}/") == f"/ar/follow-up/LINK/{REDACTED}/"
    # Everything else is logged as it is.
    for path in ("/ar/", "/en/help-request/", "/static/css/site.0123456789ab.css", "/api/v3/pages/7/"):
        assert loggable_path(path) == path


def gunicorn_config():
    config = Config()
    for name, value in runpy.run_path(str(GUNICORN)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_logs_paths_without_tokens_or_queries(capsys):
    logger = gunicorn_config().logger_class(gunicorn_config())
    path = f"/ar/follow-up/link/{SECRET}/documents/"
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "RAW_URI": f"{path}?name=nawal", "QUERY_STRING": "name=nawal",
        "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_REFERER": f"https://example.org{path}",
    }  # fmt: skip
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    request = SimpleNamespace(headers=[("X-REQUEST-ID", "req-1")])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    # What gunicorn's worker logs when the app raises (gunicorn/workers/base.py).
    logger.exception("Error handling request %s", environ["RAW_URI"])
    logged = capsys.readouterr()
    assert f"POST /ar/follow-up/link/{REDACTED}/documents/ HTTP/1.1" in logged.out
    assert f"Error handling request /ar/follow-up/link/{REDACTED}/documents/" in logged.err
    for text in (logged.out, logged.err):
        assert SECRET not in text and "nawal" not in text


class Upstream:
    """What nginx sends on to: answers 200 after reading the whole body, and says how much it read."""

    def __init__(self):
        self.port = server_port()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def answer(self):
                remaining = int(self.headers.get("Content-Length") or 0)
                while remaining:
                    remaining -= len(self.rfile.read(min(remaining, 1 << 20)) or b"x" * remaining)
                body = b"from the app"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

        self.server = None
        self.handler = Handler

    def start(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def nginx_in_front_of(app_port, *, app_answers=True):
    """deploy/nginx/website.conf running, both app servers being the one on `app_port` (which
    answers, unless `app_answers` is False: then nginx is waited for through its 502)."""
    folder = Path(tempfile.mkdtemp(prefix="nginx-test-"))
    os.chmod(folder, 0o755)  # noqa: S103 - nginx's workers (user nobody) keep request bodies here
    cert, key = make_certificate(folder)
    https_port, http_port = server_port(), server_port()
    app = f"127.0.0.1:{app_port}"
    argv = nginx_serving(folder / "nginx", folder, https_port, http_port, [app, app], cert, key)
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    site = SimpleNamespace(port=https_port, folder=folder, process=process)
    try:
        deadline = time.monotonic() + 30
        while send(site, "GET", "/healthz")[0] != (200 if app_answers else 502):
            assert time.monotonic() < deadline and process.poll() is None, "nginx or the app did not start"
            time.sleep(0.2)
        yield site
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def nginx():
    """The site's nginx in front of a stand-in app (Upstream)."""
    if not shutil.which("nginx") or not shutil.which("openssl"):
        pytest.skip("nginx or openssl missing")
    upstream = Upstream()
    upstream.start()
    try:
        with nginx_in_front_of(upstream.port) as site:
            site.upstream = upstream
            yield site
    finally:
        upstream.stop()


def send(site, method, path, size=0, *, body=True):
    """A request to nginx's TLS server; `size` bytes of body (only announced when body is False)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", site.port, timeout=60, context=context)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.putheader("Content-Length", str(size))
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.endheaders()
        chunk = b"\0" * (1 << 20)
        remaining = size if body else 0
        while remaining:
            connection.send(chunk[: min(remaining, len(chunk))])
            remaining -= min(remaining, len(chunk))
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace"), dict(response.getheaders())
    except OSError as error:
        return None, str(error), {}
    finally:
        connection.close()


def logged_paths(site, at_least=0):
    """The paths of `site`'s access log, once it has `at_least` of them (waited for, 10 s at most): nginx
    writes a request's line after answering it, so the client may read the log before it is there."""
    deadline = time.monotonic() + 10
    while True:
        paths = re.findall(r'"(?:GET|POST) (\S+) HTTP/1\.1"', (site.folder / "nginx-access.log").read_text())
        if len(paths) >= at_least or time.monotonic() > deadline:
            return paths
        time.sleep(0.05)


@needs_nginx
def test_nginx_logs_paths_without_tokens_and_its_error_log_no_requests(nginx):
    paths = [*token_paths(), f"/ar/help-request/thanks/{thanks_token('HR-2026-000013')}/"]
    before = len(logged_paths(nginx))
    for path in paths:
        assert send(nginx, "GET", f"{path}?name=nawal")[0] == 200
    # nginx decodes the path before matching, as the app does: an escaped slash hides nothing.
    assert send(nginx, "GET", f"/ar/follow-up/link%2F{SECRET}/")[0] == 200
    # The same paths as gunicorn logs them (core/log_paths.py).
    logged = logged_paths(nginx, before + len(paths) + 1)[before:]
    assert logged[: len(paths)] == [loggable_path(path) for path in paths]
    assert logged[-1] == f"/ar/follow-up/link/{REDACTED}/"

    # Request-level errors, which nginx's error log would write with the whole request line:
    # a body too large (413) and both app servers down (502). Still in the access log, redacted.
    too_large = send(nginx, "POST", f"/ar/follow-up/link/{SECRET}/?name=nawal", 2 * MB, body=False)
    assert too_large[0] == 413 and "ما أرسلته أكبر مما يقبله الموقع" in too_large[1]
    logged_paths(nginx, before + len(paths) + 2)  # its line written
    # Both app servers down: a site of its own in front of a port nothing listens on. (Stopping the
    # shared site's app would leave it marked failed for 10 s in a worker that a reload does not end at once.)
    with nginx_in_front_of(server_port(), app_answers=False) as site_without_app:
        assert send(site_without_app, "GET", f"/ar/follow-up/survey/{SECRET}/?name=nawal")[0] == 502
        logged_paths(site_without_app, 1)  # its line written (the health checks are not logged)
        for site in (nginx, site_without_app):
            access = (site.folder / "nginx-access.log").read_text()
            errors = (site.folder / "nginx-error.log").read_text()
            assert SECRET not in access and "nawal" not in access
            assert SECRET not in errors and "nawal" not in errors and "request:" not in errors, errors
            assert leaked_secrets(site.folder, [SECRET, "nawal"]) == []
        assert f'/ar/follow-up/survey/{REDACTED}/ HTTP/1.1" 502' in access


def test_the_log_scan_of_the_scale_test_finds_a_planted_token(tmp_path):
    clean = f'127.0.0.1 [06/Dec/2026:10:00:00 +0000] "GET /ar/follow-up/link/{REDACTED}/ HTTP/1.1" 200 12\n'
    (tmp_path / "nginx-access.log").write_text(clean)
    (tmp_path / "gunicorn-a.log").write_text(clean.replace("/link/", "/survey/"))
    assert leaked_secrets(tmp_path, [SECRET]) == []
    # A token the run sent, anywhere in a log; and one it did not know, by the shape of its path.
    (tmp_path / "worker-1.log").write_text(f"sent the link https://example.org/ar/x/link/{SECRET}/\n")
    assert leaked_secrets(tmp_path, [SECRET]) == [SECRET, f"/link/{SECRET}"]
    (tmp_path / "worker-1.log").write_text("")
    (tmp_path / "gunicorn-b.log").write_text('"GET /en/help-request/thanks/HR-2026-000013-0a1b2c3d4e5f60718293a4b5/"')
    assert leaked_secrets(tmp_path, []) == ["/thanks/HR-2026-000013-0a1b2c3d4e5f60718293a4b5"]


# --- bodies: each way a file comes in takes what the app takes --------------------------------------
def ways_files_come_in():
    """(what, path, the app's limit in bytes) for every address that takes files."""
    documents = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    submission = settings.FORMS_MAX_SUBMISSION_BYTES
    with translation.override("ar"):
        form_post = reverse("form_send", args=[7])
    return [
        ("a form post", form_post, submission),
        ("the headless API's submission", "/api/v3/forms/7/submissions/", submission),
        ("the personal link's documents", f"/ar/follow-up/link/{SECRET}/documents/", submission),
        ("the survey link's form", f"/en/services/follow-up/survey/{SECRET}/", submission),
        ("the survey through the API", f"/api/v3/followup/surveys/{SECRET}/", submission),
        ("staff entering a request", reverse("inbox:enter", args=[7]), submission),
        ("the admin's documents", reverse("wagtaildocs:add_multiple"), documents),
        ("an imported policy", reverse("policies_import"), POLICY_MAX_BYTES),
        ("the API's documents", "/api/v3/documents/", documents),
        ("the API's other writes", "/api/v3/pages/", settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    ]


@needs_nginx
def test_each_way_a_file_comes_in_takes_what_the_app_takes(nginx):
    for what, path, limit in ways_files_come_in():
        # As large as the app takes, with a form's other fields and framing: the app answers.
        status, body, _headers = send(nginx, "POST", path, limit + 64 * 1024)
        assert (status, body) == (200, "from the app"), (what, path, status)
        # Past what nginx lets through: its refusal, at once, in both languages (the API's as problem+json).
        status, body, headers = send(nginx, "POST", path, limit + 3 * MB, body=False)
        assert status == 413, (what, path, status)
        if path.startswith("/api/"):
            assert headers["Content-Type"] == "application/problem+json" and '"status": 413' in body, what
        else:
            assert "What you sent is larger than the site accepts" in body, what


@needs_nginx
def test_an_app_answer_given_before_the_body_was_read_reaches_the_client():
    # gunicorn with the site's configuration, its app refusing every POST without reading it: the
    # client gets that refusal, not a 502 from nginx (deploy/gunicorn.conf.py post_request).
    port = server_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1",
           "DJANGO_SETTINGS_MODULE": "website.settings.test"}  # fmt: skip
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(GUNICORN), "tests.website.deploy_refusing_app:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with nginx_in_front_of(port) as site:
            for path, size in [("/api/v3/pages/", 2 * MB), ("/api/v3/documents/", 20 * MB)] * 3:
                assert send(site, "POST", path, size)[:2] == (401, '{"detail": "no token"}'), (path, size)
    finally:
        server.terminate()
        server.wait(timeout=20)
