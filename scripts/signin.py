"""One way for tests to sign a staff member in to the admin."""

from django_otp import DEVICE_ID_SESSION_KEY


def verified_device(user):
    """The user's authenticator app, made (confirmed) when they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staff_security import policy

    return policy.app_device(user) or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def sign_in(client, user):
    """Sign `user` in on the Django test `client`, as the admin requires of them.

    Staff who owe a second step (those who can see requests, or anyone with an
    app) get a confirmed TOTP device and a session that passed that step, as
    django_otp.login() leaves it.
    """
    from staff_security import policy, sessions

    client.force_login(user)
    # A fresh copy: permission caches on the test's own object would outlive later changes.
    fresh = type(user)._default_manager.get(pk=user.pk)
    if policy.needs_verification(fresh):
        device = verified_device(fresh)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[sessions.VERIFIED_KEY] = True
        session.save()
    return client


def app_code(device, steps_ahead=0):
    """The code `device`'s app shows now (or `steps_ahead` time steps later), as six digits."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
