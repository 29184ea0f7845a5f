"""The deployment files (deploy/) agree with the settings of the site they serve.

scripts/scale_test.py runs both for real under load; these are the quick checks.
"""

import re
import runpy
import shutil
import sys
from types import ModuleType

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import translation

from forms.spam import client_ip
from policies.importer import MAX_BYTES as POLICY_MAX_BYTES
from tests.production_env import ROOT

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
    assert "$uri" in log_format
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_referer", "$arg_"):
        assert variable not in log_format
    assert all("website_noquery" in line for line in re.findall(r"access_log [^;]*;", NGINX) if "off" not in line)

    config = runpy.run_path(str(GUNICORN))
    assert "%(U)s" in config["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(u)s", "{referer}"):
        assert atom not in config["access_log_format"]


def test_gunicorn_takes_its_settings_from_the_environment_and_writes_no_file(monkeypatch):
    from gunicorn.config import Config

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


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx or openssl missing")
def test_nginx_accepts_the_site(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from scale_services import make_certificate, nginx_serving

    cert, key = make_certificate(tmp_path)
    # nginx -t of the very file, its placeholders replaced as scripts/scale_test.py does.
    nginx_serving(tmp_path / "nginx", tmp_path, 1443, 1080, ["127.0.0.1:1", "127.0.0.1:2"], cert, key)
