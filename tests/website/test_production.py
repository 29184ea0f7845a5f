"""The production profile, booted for real: PostgreSQL, gunicorn, WhiteNoise, Redis."""

import contextlib
import gzip
import http.client
import os
import re
import socket
import subprocess
import time
import uuid

import psycopg
import pytest

from scripts.servers.production_env import PYTHON, ROOT, production_env

pytestmark = pytest.mark.production

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _postgres_or_skip():
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if os.environ.get("CI") or os.environ.get("REQUIRE_TEST_SERVICES"):
            raise
        pytest.skip(f"no PostgreSQL at {ADMIN_URL}: {error}")


@pytest.fixture
def production_database():
    _postgres_or_skip()
    name = f"prodboot_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    return response, response.read()


def test_production_profile_serves_pages_under_gunicorn(production_database, tmp_path):
    env = production_env(DATABASE_URL=production_database, DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        result = subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr

    probe = (
        "from django.core.cache import caches; c = caches['default']; c.set('p', 'redis'); "
        "print(type(c).__name__, c.get('p'))"
    )
    cache = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert cache.stdout.strip().endswith("RedisCache redis"), cache.stdout + cache.stderr

    with gunicorn_serving(env) as port:
        # Plain HTTP is sent to HTTPS.
        response, _ = get(port, "/ar/")
        assert response.status == 301 and response.getheader("Location") == "https://127.0.0.1/ar/"

        behind_proxy = {"X-Forwarded-Proto": "https"}
        response, body = get(port, "/", {**behind_proxy, "Accept-Language": "en"})
        assert response.status == 302 and response.getheader("Location") == "/en/"

        response, body = get(port, "/ar/", behind_proxy)
        html = body.decode()
        assert response.status == 200, html[:500]
        assert '<html lang="ar" dir="rtl">' in html
        assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
        assert "default-src 'self'" in response.getheader("Content-Security-Policy")
        assert response.getheader("X-Content-Type-Options") == "nosniff"

        # WhiteNoise: hashed names, long cache, compressed.
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
        response, body = get(port, stylesheet, {**behind_proxy, "Accept-Encoding": "gzip"})
        assert response.status == 200
        assert "immutable" in response.getheader("Cache-Control")
        assert response.getheader("Content-Encoding") == "gzip"
        assert b"IBM Plex Sans Arabic" in gzip.decompress(body)

        response, _ = get(port, "/admin/login/", behind_proxy)
        assert response.status == 200
        assert "secure" in (response.getheader("Set-Cookie") or "secure").lower()

    # The cache server gone (nothing listens on its port): pages are still served.
    with gunicorn_serving({**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}) as port:
        for path in ("/ar/", "/admin/login/"):
            response, body = get(port, path, behind_proxy)
            assert response.status == 200, (path, body.decode()[:500])


@contextlib.contextmanager
def gunicorn_serving(env):
    """gunicorn (2 workers) on a free loopback port with `env`, once /healthz answers; its port."""
    port = free_port()
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    gunicorn = str(gunicorn) if gunicorn.exists() else "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response, _ = get(port, "/healthz")
                if response.status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer"
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
