"""Browser tests: Debian's Chromium driven by Playwright, against a real server.

The site runs under gunicorn in its own process, on a seeded SQLite file, the
way a visitor meets it; the tests only speak HTTP to it.
"""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else "python"
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
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
ADMIN_PASSWORD = "browser-tests"  # noqa: S105
# The key of the admin's authenticator app (a TOTP device seeded with the site), from
# which sign_in_admin() computes the code an app would show.
ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"  # noqa: S105
SITE_ENV: dict = {}  # the environment the test server runs in, for run_on_site()


SEED_ADMIN_APP = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.create(user=get_user_model().objects.get(username="admin"), name="app", key="{key}", confirmed=True)
"""
_used_steps: dict = {}  # the last time step whose code each key signed in with


def totp_code(key: str = ADMIN_TOTP_KEY) -> str:
    """The code an authenticator app with `key` shows now; a fresh one each call.

    django-otp accepts each time step's code once, so when this step's code was
    used already, this waits for the next step (at most 30 seconds).
    """
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key))
    while totp.t() <= _used_steps.get(key, -1):
        time.sleep(0.5)
    _used_steps[key] = totp.t()
    return f"{totp.token():06d}"


def sign_in_admin(page, site_url: str, username: str = "admin", key: str = ADMIN_TOTP_KEY, next_path: str = "/admin/"):
    """Sign in through /admin/login/ as a person does: the password, then the app's code."""
    page.goto(f"{site_url}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/two-step/verify/**")
    page.fill("#id_code", totp_code(key))
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(site_url + next_path)


def run_on_site(code: str) -> str:
    """Run Python in the test server's project (its database and media), as `manage.py shell -c`."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=SITE_ENV, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


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


PHONE = {"width": 390, "height": 844}


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


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def scrolls_sideways(page) -> bool:
    """Whether the page is wider than the screen it is shown on (WCAG 1.4.10, Reflow).

    Measured against the emulated width: on a mobile viewport Chromium widens the layout
    viewport to whatever overflows, so `window.innerWidth` grows with the page and a
    comparison with it never fails.
    """
    return page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]


def save_screenshot(page, name):
    """Retake docs/screenshots/NAME when asked to (make screenshots)."""
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
