"""Staff sessions: the second step after the password, and the idle timeout.

After django_otp.middleware.OTPMiddleware (which tells whether the session
passed its second step) and MessageMiddleware. For a signed-in user:

- Someone who must use a second factor is signed out after
  STAFF_SESSION_IDLE_SECONDS without a request. Every request counts: the
  page editor's pings to /admin/editing-sessions/ping/… (every 10 seconds
  while its tab is visible) and its autosaves keep an open editor's session.
- A session whose verifying device was removed (a reset, a new app) ends.
- A session that owes its second step reaches, under /admin/, only that step
  (or the enrolment when there is no app yet), signing out and the admin's
  static helpers; the sign-in pages (the admin's and Wagtail's front-end one
  for private pages) lead to that step. Elsewhere it is treated as anonymous,
  so pages or documents kept for signed-in users stay closed to a password alone.
"""

from functools import cache
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from staff_security import policy, sessions

# Admin views a session may open before its second step.
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def view_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.check(request)
        if response is not None:
            return response
        return self.get_response(request)

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        in_admin = request.path_info.startswith(admin_prefix())
        must = policy.must_use_second_factor(user)

        if must and sessions.idle_expired(request.session):
            logout(request)
            if in_admin:
                minutes = sessions.idle_seconds_allowed() // 60
                messages.info(
                    request,
                    ngettext(
                        "You were signed out after %(minutes)s minute without activity. Please sign in again.",
                        "You were signed out after %(minutes)s minutes without activity. Please sign in again.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
            return None

        verified = user.is_verified()
        if not verified and request.session.get(sessions.VERIFIED_KEY):
            logout(request)
            if in_admin:
                messages.warning(request, _("Your two-step verification was changed. Please sign in again."))
            return None

        if verified:
            return None
        has_app = policy.has_app(user)
        if not (must or has_app):
            return None

        # Signed in with the password only, and a second step is owed.
        step = "staff_security:verify" if has_app else "staff_security:setup"
        name = view_name(request)
        if not in_admin and name != "wagtailcore_login":
            request.user = AnonymousUser()
            request.auser = _anonymous
            return None
        if name == step or name in OPEN_BEFORE_SECOND_STEP:
            return None
        if name in ("wagtailadmin_login", "wagtailcore_login"):
            # Wagtail sends a signed-in user on to `next`: go through the second step first.
            next_url = request.GET.get("next") or admin_prefix()
        else:
            next_url = request.get_full_path()
        return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")


async def _anonymous():
    return AnonymousUser()
