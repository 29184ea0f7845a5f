"""The embedded default across processes: what `make run` serves shows a change saved by another process.

Two servers as `make run` starts one (`manage.py runserver`, development's settings, no Redis) on a
SQLite file of the test's own, with the cache folder those settings choose (DJANGO_CACHE_DIR, here in
the test's folder rather than the working copy's var/cache/). A page is kept; another process
(`manage.py shell`, as `import_policy` or a task would be) publishes a new title through the ORM; the
next request to either server shows it.
"""

import contextlib
import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.servers.ports import server_port

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = """from website.settings.dev import *  # noqa: F403 - the embedded default, as `make run` has it

DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {database!r}}}}}
MEDIA_ROOT = {media!r}
PRIVATE_MEDIA_ROOT = {private!r}
"""

PUBLISH = """
from django.core.cache import caches
from home.models import HomePage

page = HomePage.objects.get(locale__language_code="ar", depth=2)
page.title = {title!r}
page.save_revision().publish()
print(type(caches["default"]).__name__, caches["default"]._dir)
"""


def embedded_env(folder: Path) -> dict[str, str]:
    """Development's settings on a database and cache folder in `folder`."""
    (folder / "embedded_settings.py").write_text(
        SETTINGS.format(
            database=str(folder / "db.sqlite3"), media=str(folder / "media"), private=str(folder / "private")
        )
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "embedded_settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")])),
            "DJANGO_CACHE_DIR": str(folder / "cache"),
        }
    )
    return env


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def get(port, path):
    """GET `path` as http://localhost/ (a kept page's key has the host: the same for both servers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


@contextlib.contextmanager
def runservers(env, count):
    """`count` servers as `make run` starts one (`manage.py runserver`, here without the reloader and the
    system checks) on free loopback ports; their ports, once each answers."""
    ports = [server_port() for _ in range(count)]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        for port, server in zip(ports, servers, strict=True):
            while True:
                try:
                    if get(port, "/healthz")[0].status == 200:
                        break
                except OSError:
                    pass
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "runserver did not answer"
                time.sleep(0.3)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)


def title(html: str) -> str:
    return re.search(r"<title>\s*([^<|]*?)\s*[<|]", html).group(1)


def kept_home_page(port) -> str:
    """/ar/ until the server answers it from the cache (its first requests may still save rows that count
    as content, such as the site's settings made on first use); the title it shows."""
    for _ in range(5):
        response, html = get(port, "/ar/")
        assert response.status == 200, html[:500]
        if response.getheader("X-Cache") == "hit":
            return title(html)
    raise AssertionError("the home page was never kept")


@pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""),
    reason="the servers use a SQLite database of their own: the SQLite pass runs this",
)
def test_a_change_saved_by_another_process_shows_at_the_next_request(tmp_path):
    env = embedded_env(tmp_path)
    manage(env, "migrate", "--no-input")  # the home page and the site, in Arabic
    with runservers(env, 2) as (first, second):
        assert kept_home_page(first) == "الرئيسية"
        # The second server reads the page the first one kept: one cache for both.
        response, html = get(second, "/ar/")
        assert response.getheader("X-Cache") == "hit" and title(html) == "الرئيسية"

        # Another process publishes a new title, and uses the same cache folder.
        printed = manage(env, "shell", "--no-imports", "-c", PUBLISH.format(title="بيت الجمعية"))
        assert printed.split()[-2:] == ["FileCache", str(tmp_path / "cache")]

        # The next request to either server shows it, rendered afresh by the first, kept for the second.
        response, html = get(first, "/ar/")
        assert response.status == 200 and response.getheader("X-Cache") == "miss"
        assert title(html) == "بيت الجمعية"
        response, html = get(second, "/ar/")
        assert response.getheader("X-Cache") == "hit" and title(html) == "بيت الجمعية"
