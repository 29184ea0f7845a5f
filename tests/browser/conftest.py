"""Browser tests: Debian's Chromium driven by Playwright, against a real server.

The site runs under gunicorn in its own process, on a seeded SQLite file, the
way a visitor meets it; the tests only speak HTTP to it.
"""

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.support.browser import ADMIN_PASSWORD, ADMIN_TOTP_KEY, PHONE, PYTHON, ROOT, SITE_ENV

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


SEED_ADMIN_APP = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.create(user=get_user_model().objects.get(username="admin"), name="app", key="{key}", confirmed=True)
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.demo)  # the test server is the seeded demo


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """A seeded site under gunicorn; yields its base URL."""
    workdir = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_TEST_MEDIA_DIR": str(workdir / "media"),
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }

    def manage(*args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    SITE_ENV.update(env)
    manage("migrate", "--no-input")
    manage("seed_demo")
    manage("createsuperuser", "--no-input", "--username", "admin", "--email", "admin@example.org")
    manage("shell", "-c", SEED_ADMIN_APP.format(key=ADMIN_TOTP_KEY))
    port = _free_port()
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 - loopback only
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the test server did not start") from None
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar-SA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page in Arabic (390 × 844, touch)."""
    context = browser.new_context(locale="ar-SA", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """A page whose context may inject axe-core despite the site's CSP."""
    context = browser.new_context(locale="ar-SA", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()
