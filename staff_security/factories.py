"""Test factories for staff with a verified second factor, and a test client signed in past it.

`StaffFactory(role=...)` is organisation's UserFactory with an authenticator app enrolled as the
setup page enrols one (`staff_security.policy.enrol`: a confirmed TOTP device, the code that confirmed
it spent, ten recovery codes). `signed_in_client(user)` is a Django test Client whose session passed
the second step, as `staff_security.sessions.mark_verified` leaves it.
"""

import time

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.util import random_hex

from organisation.factories import UserFactory
from staff_security import policy, sessions


def app_code(device, steps_ahead=0) -> str:
    """The six digits `device`'s authenticator app shows now (or `steps_ahead` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


class StaffFactory(UserFactory):
    """A staff member of `role` (organisation.factories.ROLES) with an authenticator app: `user.device`
    (its code: `app_code(user.device, 1)`, the current one being spent) and `user.recovery_codes`.
    `second_factor=False` leaves them without one."""

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        key = random_hex(20)
        confirmed_at = TOTP(bytes.fromhex(key)).t()  # the step whose code confirmed the app
        user.device, user.recovery_codes = policy.enrol(user, key, last_t=confirmed_at, drift=0)


def signed_in_client(user, client=None) -> Client:
    """`client` (default: a new test Client) signed in as `user`; if they owe a second step (staff who
    can see requests, anyone with an app), past it with their app, which they must have (StaffFactory)."""
    client = client or Client()
    client.force_login(user)
    fresh = type(user)._default_manager.get(pk=user.pk)  # no permission caches from the caller's copy
    if policy.needs_verification(fresh):
        device = policy.app_device(fresh)
        if device is None:
            raise ValueError(f"{user} owes a second step but has no authenticator app: make them with StaffFactory.")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[sessions.VERIFIED_KEY] = True
        session[sessions.SEEN_KEY] = sessions.now()
        session.save()
    return client
