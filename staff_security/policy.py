"""Who needs a second factor, and the devices that give it (django-otp).

A staff member who can see requests must use one: the permissions are the
inbox's (inbox.roles), never group names, so a role given to one person
counts too. Anyone else (editors, moderators) may enrol; once they have an
app, their sign-in asks for its code as well.

Each person has at most one authenticator app (a confirmed TOTPDevice) and
one set of recovery codes (a StaticDevice whose tokens are single-use).
"""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inbox.roles import EXPORT_PERMISSION, PERMISSION_OF_ROLE, PERSONAL_DATA_PERMISSION

# Operators (hosting) make associations and their administrators: a second factor too.
OPERATE_PERMISSION = "hosting.operate_associations"
SECOND_FACTOR_PERMISSIONS = (
    *PERMISSION_OF_ROLE.values(), EXPORT_PERMISSION, PERSONAL_DATA_PERMISSION, OPERATE_PERMISSION,
)  # fmt: skip
RECOVERY_CODE_COUNT = 10
# Stored device names: never shown, so not translated.
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery"


def must_use_second_factor(user) -> bool:
    """Whether `user` can see requests, and so may not reach the admin on a password alone."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_staff_security_must", None)
    if cached is None:
        cached = user.is_superuser or any(user.has_perm(permission) for permission in SECOND_FACTOR_PERMISSIONS)
        user._staff_security_must = cached
    return cached


def app_device(user):
    """The user's confirmed authenticator app, or None."""
    if not user or not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_app(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    device = getattr(user, "otp_device", None)
    if isinstance(device, TOTPDevice):
        return True
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def needs_verification(user) -> bool:
    """Whether signing in takes a code as well as the password."""
    return must_use_second_factor(user) or has_app(user)


def recovery_device(user):
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _replace_recovery_codes(user) -> list[str]:
    # The device itself is kept: a session verified by a recovery code stays verified.
    device = recovery_device(user) or StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    StaticDevice.objects.devices_for_user(user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def new_recovery_codes(user) -> list[str]:
    """Void the user's recovery codes and return ten new ones (shown once, never again)."""
    with transaction.atomic():
        return _replace_recovery_codes(user)


def enrol(user, key: str, last_t: int, drift: int):
    """Make `key` the user's only authenticator app; returns (device, new recovery codes).

    `last_t` is the time step of the code that confirmed it, so that code cannot be used again.
    """
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, key=key, confirmed=True, last_t=last_t, drift=drift
        )
        codes = _replace_recovery_codes(user)
    return device, codes


def remove_all(user) -> int:
    """Delete every second-factor device of `user` (app and recovery codes); returns how many."""
    count = 0
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            devices = model.objects.devices_for_user(user)
            count += devices.count()
            devices.delete()
    return count


def can_reset(actor, target) -> bool:
    """Whether `actor` may reset `target`'s second factor from the admin (a lost phone).

    User managers may, once they have passed their own second step; only a
    superuser may reset a superuser's.
    """
    if not actor or not actor.is_authenticated or not actor.has_perm("auth.change_user"):
        return False
    is_verified = getattr(actor, "is_verified", None)
    if not (callable(is_verified) and is_verified()):
        return False
    return actor.is_superuser or not target.is_superuser
