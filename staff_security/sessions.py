"""What a staff session remembers about its sign-in, and django-axes' part in it.

A sign-in is complete when its last step is done: the password for someone
without a second factor, the code (or a recovery code) for everyone else.
django-axes forgets earlier failures only then (AXES_RESET_ON_SUCCESS is off),
so wrong passwords and wrong codes count against one limit.
"""

import time

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django_otp import login as otp_login

from staff_security.policy import needs_verification

# When the person last made a request (Unix seconds), written at most once a
# ACTIVITY_RESOLUTION seconds so that a busy admin does not save its session on every request.
SEEN_KEY = "staff_security_seen"
# Set when this session passed its second step: if the device that verified it
# is later removed (a reset, a new app), the session ends instead of falling
# back to "password only".
VERIFIED_KEY = "staff_security_verified"
# The secret being enrolled, until a code from it confirms it.
PENDING_KEY = "staff_security_pending_key"
ACTIVITY_RESOLUTION = 60


def idle_seconds_allowed() -> int:
    return int(getattr(settings, "STAFF_SESSION_IDLE_SECONDS", 1800))


def now() -> int:
    return int(time.time())


def idle_expired(session) -> bool:
    """Whether the session saw no request for longer than allowed; else note this one.

    The note is written at most once a minute, so a session may end up to a
    minute early, never late.
    """
    current = now()
    seen = session.get(SEEN_KEY)
    if isinstance(seen, int) and current - seen > idle_seconds_allowed():
        return True
    if not isinstance(seen, int) or current - seen >= ACTIVITY_RESOLUTION:
        session[SEEN_KEY] = current
    return False


def axes_credentials(user) -> dict:
    return get_credentials(user.get_username())


def axes_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, axes_credentials(user))


def forget_failures(request, user):
    """The sign-in is complete: django-axes forgets this username's failures from this address."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, axes_credentials(user))


def mark_verified(request, device):
    """The session passed its second step with `device`."""
    otp_login(request, device)
    # A new session key for the stronger session, as Django does at sign-in.
    request.session.cycle_key()
    request.session[VERIFIED_KEY] = True
    request.session[SEEN_KEY] = now()
    forget_failures(request, request.user)


def password_step_done(sender, request, user, **kwargs):
    """user_logged_in: the password was right (or a test signed someone in)."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SEEN_KEY] = now()
    request.session.pop(VERIFIED_KEY, None)
    if not needs_verification(user):
        forget_failures(request, user)
