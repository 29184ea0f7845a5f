"""The newcomer's first sign-in with `make run`: seed_demo gives the demo account `admin` an authenticator
app simulated on the computer, and the second step's page shows its code (staff_security/development.py).
The step stays real, and nothing of it exists outside development."""

import html as html_lib
import io
import re
import subprocess

import pytest
from axes.models import AccessAttempt
from django.core.checks import Tags, run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from organisation.factories import PASSWORD
from scripts.servers.production_env import PYTHON, ROOT, production_env
from staff_security import development, policy
from staff_security.factories import StaffFactory, app_code
from website.management.commands.seed_demo import Command as SeedDemo

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
VERIFY = "/admin/two-step/verify/"
NOTE = "Development only: this account's authenticator app is simulated on this computer, so no phone is needed."
WAIT = "Each code is taken once, and this half minute's were used: wait a few seconds and reload this page."
SHOWN_CODE = re.compile(r"<code [^>]*data-development-code>(\d{6})</code>")


def arabic(text):
    """`text` as the default (Arabic) admin shows it; it must really be translated."""
    with translation.override("ar"):
        translated = translation.gettext(text)
    assert translated != text and any("\u0600" <= char <= "\u06ff" for char in translated)
    return html_lib.escape(translated)


@pytest.fixture
def development_settings(settings):
    """website/settings/dev.py's part in this: DEBUG and the development codes."""
    settings.DEBUG = True
    settings.STAFF_SECURITY_DEVELOPMENT_CODES = True
    return settings


def seed_dev_account():
    """What `make run`'s seed_demo prints about the local account (its demo content aside)."""
    out = io.StringIO()
    SeedDemo(stdout=out).ensure_dev_superuser()
    return out.getvalue()


def printed_credentials(printed):
    return re.search(r"as '([^']+)' with the password '([^']+)'", printed).groups()


def shown_code(response):
    match = SHOWN_CODE.search(response.content.decode())
    return match.group(1) if match else None


def password_step(client, username, password, next_url="/admin/"):
    response = client.post(LOGIN, {"username": username, "password": password, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"], follow=True)


def reaches_the_dashboard(client):
    response = client.get("/admin/")
    return response.status_code == 200 and "wagtailadmin/home.html" in [t.name for t in response.templates]


def test_a_newcomer_signs_in_with_what_seed_demo_prints_and_the_code_the_page_shows(development_settings):
    printed = seed_dev_account()
    assert "http://127.0.0.1:8000/admin/" in printed
    assert "its page shows the code of an app simulated on this computer" in printed and "oathtool" not in printed
    username, password = printed_credentials(printed)

    client = Client()
    page = password_step(client, username, password)
    assert page.redirect_chain[-1][0] == VERIFY + "?next=%2Fadmin%2F"
    html = page.content.decode()
    assert arabic(NOTE) in html and arabic("Type the code it shows now:") in html
    code = shown_code(page)
    assert code and 'value="' + code not in html  # shown to be typed, never filled in
    assert not reaches_the_dashboard(client)

    response = client.post(VERIFY, {"code": code, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert reaches_the_dashboard(client)
    # Checked as any code is: spent now, so another sign-in cannot use it again.
    device = TOTPDevice.objects.get(user__username=username)
    assert development.is_simulated(device) and device.last_t >= 0
    other = Client()
    password_step(other, username, password)
    assert other.post(VERIFY, {"code": code}).status_code == 200
    assert not reaches_the_dashboard(other)


def test_the_simulated_app_is_given_once_and_its_key_is_random(development_settings, django_user_model):
    seed_dev_account()
    seed_dev_account()
    (device,) = TOTPDevice.objects.filter(user__username="admin")
    assert device.confirmed and device.name == development.DEVICE_NAME
    assert django_user_model.objects.get(username="admin").is_superuser
    second = development.give_app(StaffFactory(role="superuser", second_factor=False))
    assert second.key != device.key and len(second.key) == 40


def test_a_wrong_code_is_refused_and_counts_against_the_sign_in_limit(development_settings):
    username, password = printed_credentials(seed_dev_account())
    client = Client()
    code = shown_code(password_step(client, username, password))
    wrong = next(candidate for candidate in ("000000", "111111", "222222") if candidate != code)
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200 and not reaches_the_dashboard(client)
    assert arabic("That code is not right. Type the code your app shows now.") in response.content.decode()
    assert AccessAttempt.objects.get(username=username).failures_since_start == 1


def test_signing_in_again_within_the_half_minute_shows_the_next_code(development_settings):
    username, password = printed_credentials(seed_dev_account())
    first = Client()
    code = shown_code(password_step(first, username, password))
    assert first.post(VERIFY, {"code": code})["Location"] == "/admin/"
    second = Client()
    page = password_step(second, username, password)
    again = shown_code(page)
    assert again and second.post(VERIFY, {"code": again})["Location"] == "/admin/"
    assert reaches_the_dashboard(first) and reaches_the_dashboard(second)


def test_when_every_code_it_would_take_was_used_the_page_says_to_wait(development_settings):
    username, password = printed_credentials(seed_dev_account())
    device = TOTPDevice.objects.get(user__username=username)
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    # One step more than the page would reach, so the half minute turning during the test changes nothing.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=now + device.tolerance + 1)
    client = Client()
    page = password_step(client, username, password)
    assert shown_code(page) is None and arabic(WAIT) in page.content.decode()
    # Once the next steps come, so does a code.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=now)
    code = shown_code(client.get(VERIFY))
    assert code and client.post(VERIFY, {"code": code})["Location"] == "/admin/"


def test_a_recovery_code_page_shows_no_app_code(development_settings):
    username, password = printed_credentials(seed_dev_account())
    client = Client()
    password_step(client, username, password)
    page = client.get(VERIFY, {"method": "recovery"})
    assert shown_code(page) is None and arabic(NOTE) not in page.content.decode()


def test_an_app_the_account_added_is_kept_and_its_code_never_shown(development_settings):
    username, password = printed_credentials(seed_dev_account())
    user = TOTPDevice.objects.get(user__username=username).user
    added, _codes = policy.enrol(user, random_hex(20), last_t=0, drift=0)
    printed = seed_dev_account()
    assert "the authenticator app you added" in printed and "reset_second_factor admin" in printed
    assert list(TOTPDevice.objects.filter(user=user)) == [added]
    client = Client()
    page = password_step(client, username, password)
    assert shown_code(page) is None and arabic(NOTE) not in page.content.decode()
    assert client.post(VERIFY, {"code": app_code(added)})["Location"] == "/admin/"


def test_staff_with_their_own_apps_see_no_code_in_development(development_settings):
    staff = StaffFactory(role="relations")
    client = Client()
    page = password_step(client, staff.username, PASSWORD)
    assert page.status_code == 200 and shown_code(page) is None and arabic(NOTE) not in page.content.decode()


@pytest.mark.parametrize("debug, codes", [(False, True), (True, False), (False, False)])
def test_outside_development_a_simulated_app_is_an_app_like_any_other(settings, debug, codes):
    """A device named as the simulated one (a database seeded in development, say) shows no code
    unless both DEBUG and the development setting are on, and none can be made."""
    settings.DEBUG = debug
    settings.STAFF_SECURITY_DEVELOPMENT_CODES = codes
    user = StaffFactory(role="superuser", second_factor=False)
    device = TOTPDevice.objects.create(user=user, name=development.DEVICE_NAME, key=random_hex(20), confirmed=True)
    assert not development.enabled() and development.simulated_app(user) is None
    with pytest.raises(ImproperlyConfigured):
        development.give_app(StaffFactory(role="superuser", second_factor=False))
    client = Client()
    page = password_step(client, user.username, PASSWORD)
    assert page.status_code == 200 and shown_code(page) is None and arabic(NOTE) not in page.content.decode()
    assert client.post(VERIFY, {"code": app_code(device)})["Location"] == "/admin/"


def test_seed_demo_without_development_codes_tells_of_the_enrolment(settings):
    settings.DEBUG = True  # DEBUG alone, as a profile other than dev.py might
    printed = seed_dev_account()
    assert "oathtool" in printed and not TOTPDevice.objects.exists()
    settings.DEBUG = False
    assert seed_dev_account() == ""


# --- the guard: development only ------------------------------------------------------------------------


def check_ids(deploy=False):
    return {message.id for message in run_checks(tags=[Tags.security], include_deployment_checks=deploy)}


def test_the_checks_refuse_development_codes_without_debug_and_in_any_deployment(settings):
    assert {"staff_security.E001", "staff_security.E002"}.isdisjoint(check_ids(deploy=True))
    settings.STAFF_SECURITY_DEVELOPMENT_CODES = True
    settings.DEBUG = False
    assert "staff_security.E001" in check_ids()
    assert {"staff_security.E001", "staff_security.E002"} <= check_ids(deploy=True)
    settings.DEBUG = True  # development: `check` passes, `check --deploy` never does
    assert {"staff_security.E001", "staff_security.E002"}.isdisjoint(check_ids())
    assert "staff_security.E002" in check_ids(deploy=True)


SHOW = (
    "import json; from django.conf import settings as s; from staff_security import development as d; "
    "print(json.dumps({'debug': s.DEBUG, 'codes': s.STAFF_SECURITY_DEVELOPMENT_CODES, 'enabled': d.enabled()}))"
)


def manage(*args, env):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )  # fmt: skip


def test_production_settings_have_no_development_codes_and_cannot_turn_them_on(tmp_path):
    shown = manage("shell", "--no-imports", "-c", SHOW, env=production_env(STAFF_SECURITY_DEVELOPMENT_CODES="1"))
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shown.stdout.strip().splitlines()[-1] == '{"debug": false, "codes": false, "enabled": false}'
    # A profile built on production that turns them on anyway does not pass `check --deploy`
    # (deploy/update.sh), nor even `check`; with DEBUG on too, `check --deploy` still refuses it.
    for debug in (False, True):
        (tmp_path / f"with_codes_{debug}.py").write_text(
            "from website.settings.production import *  # noqa\n"
            f"DEBUG = {debug}\nSTAFF_SECURITY_DEVELOPMENT_CODES = True\n"
        )
    env = production_env(DJANGO_SETTINGS_MODULE="with_codes_False", PYTHONPATH=f"{tmp_path}:{ROOT}")
    checked = manage("check", "--deploy", env=env)
    assert checked.returncode != 0
    assert "staff_security.E001" in checked.stderr and "staff_security.E002" in checked.stderr
    assert "staff_security.E001" in manage("check", env=env).stderr
    env["DJANGO_SETTINGS_MODULE"] = "with_codes_True"
    checked = manage("check", "--deploy", env=env)
    assert checked.returncode != 0 and "staff_security.E002" in checked.stderr
