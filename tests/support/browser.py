"""What the browser tests share: the test server's admin account, running code on its site, axe-core,
reflow and screenshots (the fixtures that start the server and Chromium are in tests/browser/conftest.py)."""

import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else "python"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
ADMIN_PASSWORD = "browser-tests"  # noqa: S105
# The key of the admin's authenticator app (a TOTP device seeded with the site), from
# which sign_in_admin() computes the code an app would show.
ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"  # noqa: S105
SITE_ENV: dict = {}  # the environment the test server runs in, for run_on_site()
PHONE = {"width": 390, "height": 844}
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


# Wagtail's admin slides its messages in once its script marks the page ready: until then they stand
# transparent, and mid-slide half faded, either of which axe reads as text without contrast.
SETTLED = """() => document.getAnimations().every(animation => animation.playState !== 'running')
    && [...document.querySelectorAll('.messages > ul')].every(list => getComputedStyle(list).opacity === '1')"""


def run_axe(page):
    """The serious and critical WCAG 2.1 AA violations axe finds once the page has settled."""
    page.wait_for_function(SETTLED)
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


def answer_every_question(page):
    """Answer each question of the research report's form (texts, numbers in Arabic-Indic digits, yes to yes-no)."""
    questions = page.locator("fieldset.research-report__group").first
    for field in questions.locator("textarea").all():
        field.fill("بيت شعبي من غرفتين، بحاجة إلى ترميم")
    for field in questions.locator("input[inputmode=numeric], input[inputmode=decimal]").all():
        field.fill("٦٠٠")
    for radio in questions.locator("input[type=radio][value=yes]").all():
        radio.check()
