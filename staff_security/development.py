"""The demo's second step in development (`make run`): an authenticator app simulated on the computer.

seed_demo gives the local `admin` account an authenticator app of its own, unless it added one: a
confirmed TOTP device named DEVICE_NAME with a random key. The second step's page then shows the code
that app would show now, so a newcomer signs in with nothing installed. The step itself stays real:
the code is checked like any other (once per time step, throttled, counted against django-axes' limit).

Only when settings.DEBUG and STAFF_SECURITY_DEVELOPMENT_CODES are both on (website/settings/dev.py
alone turns the setting on). The system checks below stop any other profile from turning it on:
`check` refuses it without DEBUG, `check --deploy` (deploy/update.sh) refuses it at all.
"""

import time

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from staff_security import policy

SETTING = "STAFF_SECURITY_DEVELOPMENT_CODES"
# A stored device name: never shown, so not translated.
DEVICE_NAME = "development"


def enabled() -> bool:
    """Whether the second step may show the code of a simulated app (development only)."""
    return bool(settings.DEBUG) and getattr(settings, SETTING, False) is True


def give_app(user) -> TOTPDevice:
    """`user`'s authenticator app: the one they added, or else a simulated one, made now."""
    if not enabled():
        raise ImproperlyConfigured(f"A simulated authenticator app needs DEBUG and {SETTING} (development only).")
    device = policy.app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=random_hex(20), confirmed=True)
    return device


def is_simulated(device) -> bool:
    return isinstance(device, TOTPDevice) and device.name == DEVICE_NAME


def simulated_app(user):
    """`user`'s simulated app while development codes are on, else None (a real app, or production)."""
    if not enabled():
        return None
    device = policy.app_device(user)
    return device if is_simulated(device) else None


def code_now(device) -> str | None:
    """The code the simulated `device` shows now, as django-otp will take it; None while the codes of
    every step it would take were used already (a few sign-ins in one half minute): wait for the next.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now_t = totp.t()
    for ahead in range(device.tolerance + 1):
        if now_t + ahead > device.last_t:
            totp.drift = device.drift + ahead
            return f"{totp.token():0{device.digits}d}"
    return None


# --- system checks (registered in apps.py) ----------------------------------------------------------


def check_only_with_debug(app_configs=None, **kwargs):
    if getattr(settings, SETTING, False) and not settings.DEBUG:
        return [
            Error(
                f"{SETTING} is on without DEBUG: the second step would show sign-in codes.",
                hint=f"Only website/settings/dev.py turns {SETTING} on; remove it from this profile.",
                id="staff_security.E001",
            )
        ]
    return []


def check_never_deployed(app_configs=None, **kwargs):
    if getattr(settings, SETTING, False):
        return [
            Error(
                f"{SETTING} is on: the second step shows sign-in codes (development only).",
                hint=f"A deployed profile never turns {SETTING} on.",
                id="staff_security.E002",
            )
        ]
    return []
