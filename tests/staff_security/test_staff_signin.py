"""Staff sign-in at /admin/login/ is protected against guessing (django-axes)."""

import io

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from scripts.signin import app_code, verified_device

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-Correct-passphrase-41"
LIMIT = settings.AXES_FAILURE_LIMIT

LOCKED_EN = "This account is locked for a while after too many failed sign-in attempts."
ASK_ADMIN_EN = "or ask an administrator to unlock the account"


def arabic(text):
    """The catalogue's Arabic for `text`: the page must show it, and it must really be Arabic."""
    from django.utils import translation

    with translation.override("ar"):
        translated = translation.gettext(text)
    assert translated != text and any("\u0600" <= char <= "\u06ff" for char in translated)
    return translated


@pytest.fixture
def staff(db):
    users = get_user_model().objects
    return {
        "amal": users.create_superuser("amal", "amal@example.org", PASSWORD),
        "khalid": users.create_superuser("khalid", "khalid@example.org", PASSWORD),
    }


def sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


def fail(client, username, times, **extra):
    return [sign_in(client, username, "wrong-guess", **extra).status_code for _ in range(times)]


def test_the_limit_is_five_and_the_cool_off_thirty_minutes():
    assert LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_wrong_passwords_lock_the_account_with_an_arabic_page(client, staff):
    # The admin's login form answers 200 with an error until the limit is reached.
    assert fail(client, "amal", LIMIT) == [200] * (LIMIT - 1) + [429]
    response = sign_in(client, "amal", PASSWORD)  # even the right password now
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert '<html lang="ar" dir="rtl"' in html
    assert arabic(LOCKED_EN) in html and arabic("Please ask an administrator to unlock the account.") not in html
    assert "\u0627" in html.split("<main", 1)[-1]  # the sentence with the duration is Arabic too
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_in_english(client, staff):
    fail(client, "amal", LIMIT, HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(client, "amal", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="en" dir="ltr"' in html
    assert LOCKED_EN in html and ASK_ADMIN_EN in html
    assert "30" in html and "minutes" in html


def test_another_user_from_the_same_address_is_not_locked(client, staff):
    fail(client, "amal", LIMIT)
    response = sign_in(client, "khalid", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_same_user_from_another_address_is_not_locked(client, staff):
    fail(client, "amal", LIMIT, REMOTE_ADDR="203.0.113.9")
    assert sign_in(client, "amal", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert sign_in(client, "amal", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_behind_a_proxy_the_trusted_forwarded_address_counts(client, staff, settings):
    settings.FORMS_PROXY_DEPTH = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fail(client, "amal", LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    # A forged entry in front of the one our proxy wrote changes nothing.
    forged = sign_in(client, "amal", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9", **proxy)
    assert forged.status_code == 429
    # Another visitor behind the same proxy signs in.
    assert sign_in(client, "amal", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302


def test_axes_reset_command_unlocks(client, staff):
    fail(client, "amal", LIMIT)
    assert sign_in(client, "amal", PASSWORD).status_code == 429
    call_command("axes_reset", stdout=io.StringIO())
    assert sign_in(client, "amal", PASSWORD).status_code == 302


def test_resetting_one_username_unlocks_only_that_account(client, staff):
    fail(client, "amal", LIMIT)
    fail(client, "khalid", LIMIT)
    assert reset(username="amal") == 1
    assert sign_in(client, "khalid", PASSWORD).status_code == 429
    assert sign_in(client, "amal", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, staff):
    device = verified_device(staff["amal"])
    assert fail(client, "amal", LIMIT - 1) == [200] * (LIMIT - 1)
    response = sign_in(client, "amal", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # A superuser's sign-in ends with the code from her app (staff_security).
    assert client.get("/admin/")["Location"].startswith("/admin/two-step/verify/")
    response = client.post("/admin/two-step/verify/", {"code": app_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A successful sign-in forgets the earlier failures.
    assert not AccessAttempt.objects.filter(username="amal").exists()
    client.logout()
    assert fail(client, "amal", LIMIT - 1) == [200] * (LIMIT - 1)
