"""The admin's two-step verification pages.

verify   the second step of signing in: a code from the app, or a recovery code
setup    adding an authenticator app (QR code and the secret as text), first
         during sign-in for someone who must have one, later from the account
         menu to replace a phone or to opt in
overview the account's page: what is set up, new recovery codes, turning it off
reset    an administrator's reset of someone's second factor (a lost phone)
"""

import math
import time
from binascii import unhexlify
from urllib.parse import urlencode

from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Site

from organisation.associations import working_site_id, works_for
from staff_security import audit, development, policy, qr, sessions
from staff_security.forms import CodeForm, SetupForm, is_app_code

# How many steps either side of now a code may come from (phones whose clock is a little off).
TOLERANCE = 1


def _next_url(request, default=None):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse("wagtailadmin_home")


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _signing_in(request) -> bool:
    """Whether this session is still between the password and its second step."""
    user = request.user
    return not user.is_verified() and policy.needs_verification(user)


def _locked_out(request, user):
    """Too many failures: end the half-done sign-in; django-axes' middleware answers 429."""
    credentials = sessions.axes_credentials(user)
    request.axes_locked_out = True
    request.axes_credentials = credentials
    logout(request)
    return get_lockout_response(request, None, credentials)


def _check_code(user, code):
    """(device that accepted `code` or None, seconds to wait before another try: 0 when none)."""
    model = TOTPDevice if is_app_code(code) else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            return None, 0
        allowed, info = device.verify_is_allowed()
        if not allowed:
            until = (info or {}).get("locked_until")
            wait = math.ceil((until - timezone.now()).total_seconds()) if until else 1
            return None, max(wait, 1)
        return (device if device.verify_token(code) else None), 0


def verify(request):
    user = request.user
    next_url = _next_url(request)
    if not _signing_in(request):
        return redirect(next_url)
    if not policy.has_app(user):
        return redirect(_with_next("staff_security:setup", next_url))
    if sessions.axes_locked(request, user):
        return _locked_out(request, user)

    recovery = (request.POST.get("method") or request.GET.get("method")) == "recovery"
    form = CodeForm(request.POST or None, recovery=recovery)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device, wait = _check_code(user, code)
        if device is not None:
            sessions.mark_verified(request, device)
            if isinstance(device, StaticDevice):
                audit.record(audit.RECOVERY_CODE_USED, user, by=user)
                left = policy.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(count)s is left. If you lost your phone, "
                        "set up the app again and make new recovery codes.",
                        "You signed in with a recovery code; %(count)s are left. If you lost your phone, "
                        "set up the app again and make new recovery codes.",
                        left,
                    )
                    % {"count": left},
                )
                return redirect("staff_security:overview")
            return redirect(next_url)
        if wait:
            form.add_error(
                None,
                ngettext(
                    "Too many wrong codes in a row. Try again in %(seconds)s second.",
                    "Too many wrong codes in a row. Try again in %(seconds)s seconds.",
                    wait,
                )
                % {"seconds": wait},
            )
        else:
            if is_app_code(code):
                form.add_error("code", _("That code is not right. Type the code your app shows now."))
            else:
                form.add_error("code", _("That recovery code is not right, or it was used already."))
            # A wrong code counts as a failed sign-in, against the same limit as wrong passwords.
            user_login_failed.send(sender=__name__, credentials=sessions.axes_credentials(user), request=request)
            if getattr(request, "axes_locked_out", False):
                return _locked_out(request, user)

    context = {"form": form, "next": next_url, "recovery": recovery}
    simulated = None if recovery else development.simulated_app(user)
    if simulated is not None:
        # Development only (make run): the code the demo account's simulated app shows now.
        context["development"] = {"code": development.code_now(simulated)}
    return TemplateResponse(request, "staff_security/verify.html", context)


def _issuer(request) -> str:
    site = Site.find_for_request(request)
    return (site.site_name if site and site.site_name else "") or request.get_host()


def setup(request):
    user = request.user
    next_url = _next_url(request, reverse("staff_security:overview"))
    replacing = policy.has_app(user)
    if replacing and not user.is_verified():
        # Only the second step itself may replace an app.
        return redirect(_with_next("staff_security:verify", next_url))
    during_sign_in = _signing_in(request)

    key = request.session.get(sessions.PENDING_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = random_hex(20)
        request.session[sessions.PENDING_KEY] = key

    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(unhexlify(key), step=qr.STEP, digits=qr.DIGITS)
        totp.time = time.time()
        if totp.verify(int(form.cleaned_data["code"]), tolerance=TOLERANCE):
            device, codes = policy.enrol(user, key, last_t=totp.t(), drift=totp.drift)
            del request.session[sessions.PENDING_KEY]
            sessions.mark_verified(request, device)
            audit.record(audit.ENROL, user, by=user)
            return _show_recovery_codes(request, codes, next_url, after_setup=True, bare=during_sign_in)
        form.add_error(
            "code",
            _(
                "That code is not right. Check that your phone sets its time automatically, "
                "and type the code the app shows now."
            ),
        )

    account = user.get_username()
    context = {
        "form": form,
        "next": next_url,
        "during_sign_in": during_sign_in,
        "base_template": _base_template(during_sign_in),
        "replacing": replacing,
        "must": policy.must_use_second_factor(user),
        "qr_svg": qr.qr_svg(
            qr.otpauth_uri(key, account, _issuer(request)),
            _("QR code to add this account to an authenticator app"),
        ),
        "secret": qr.grouped_secret(key),
        "account": account,
    }
    return TemplateResponse(request, "staff_security/setup.html", context)


def _base_template(bare):
    return "staff_security/bare.html" if bare else "staff_security/admin.html"


def _show_recovery_codes(request, codes, continue_url, after_setup=False, bare=False):
    context = {
        "codes": codes,
        "continue_url": continue_url,
        "after_setup": after_setup,
        "base_template": _base_template(bare),
    }
    response = TemplateResponse(request, "staff_security/recovery_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


def overview(request):
    user = request.user
    context = {
        "app": policy.app_device(user),
        "codes_left": policy.recovery_codes_left(user),
        "must": policy.must_use_second_factor(user),
    }
    return TemplateResponse(request, "staff_security/overview.html", context)


@require_POST
def recovery_codes(request):
    user = request.user
    if not policy.has_app(user):
        messages.error(request, _("Set up an authenticator app first."))
        return redirect("staff_security:overview")
    codes = policy.new_recovery_codes(user)
    audit.record(audit.RECOVERY_CODES, user, by=user)
    return _show_recovery_codes(request, codes, reverse("staff_security:overview"))


@require_POST
def turn_off(request):
    user = request.user
    if policy.must_use_second_factor(user):
        messages.error(request, _("Your account can see applicants' requests, so two-step verification stays on."))
        return redirect("staff_security:overview")
    if policy.remove_all(user):
        audit.record(audit.TURNED_OFF, user, by=user)
    # This session is signed in for good: forget the device it was verified with.
    request.session.pop(sessions.VERIFIED_KEY, None)
    messages.success(request, _("Two-step verification is off."))
    return redirect("staff_security:overview")


def reset(request, user_id):
    account = get_object_or_404(get_user_model(), pk=user_id)
    # A person of another association is none here: an association's administrators reset their own people.
    if not request.user.is_superuser and not works_for(account, working_site_id(request)):
        raise Http404
    if not policy.can_reset(request.user, account):
        raise PermissionDenied
    name = get_user_display_name(account)
    if request.method == "POST":
        if policy.remove_all(account):
            audit.record(audit.RESET, account, by=request.user, via="admin")
        messages.success(
            request,
            _("Two-step verification of %(name)s was reset: they set it up again at their next sign-in.")
            % {"name": name},
        )
        return redirect("wagtailusers_users:index")
    context = {
        "account": account,
        "name": name,
        "app": policy.app_device(account),
        "codes_left": policy.recovery_codes_left(account),
        "must": policy.must_use_second_factor(account),
    }
    return TemplateResponse(request, "staff_security/reset_confirm.html", context)
