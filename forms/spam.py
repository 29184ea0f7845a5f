"""Keeping robots out: reCAPTCHA (when keys are set: the host's association's own, else the deployment's),
a honeypot, and a rate limit."""

import logging
import threading
import time
from collections import OrderedDict
from urllib.error import URLError

from django import forms as django_forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_recaptcha import client
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

from core import site_facts
from organisation import channels

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The visitor's address, trusting exactly FORMS_PROXY_DEPTH proxies in front of us.

    A raw X-Forwarded-For can be written by anyone; only the entries our own
    proxies appended (the last N) are believed.
    """
    depth = getattr(settings, "FORMS_PROXY_DEPTH", 0)
    if depth:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= depth:
            return forwarded[-depth]
    return request.META.get("REMOTE_ADDR", "")


class LocalCounter:
    """Attempts per key in this process, in fixed windows (as the shared count is).

    Thread-safe, and bounded: beyond `max_keys` the least recently counted key
    is forgotten (it starts again from zero).
    """

    def __init__(self, max_keys=10_000, clock=time.monotonic):
        self.max_keys = max_keys
        self.clock = clock
        self._counts: OrderedDict[str, tuple[float, int]] = OrderedDict()  # key -> (window's end, count)
        self._lock = threading.Lock()

    def hit(self, key: str, window: float) -> int:
        now = self.clock()
        with self._lock:
            ends, count = self._counts.pop(key, (0.0, 0))
            if now >= ends:
                ends, count = now + window, 0
            self._counts[key] = (ends, count + 1)
            while len(self._counts) > self.max_keys:
                self._counts.popitem(last=False)
            return count + 1

    def clear(self):
        with self._lock:
            self._counts.clear()


_local_counts = LocalCounter()


def _shared_count(key: str, window: int) -> int | None:
    """This attempt counted in the shared cache; None when the cache cannot be reached."""
    try:
        # Increment first: an address already counted in this window needs no `add`.
        try:
            return cache.incr(key)  # None: the cache ignored an error (core/cache.py)
        except ValueError:  # the first attempt in this window (or the window just ended)
            return 1 if cache.add(key, 1, timeout=window) else cache.incr(key)
    except Exception as error:  # a cache backend that raises instead
        logger.warning("Rate limit counted in this process: the cache failed (%r)", error)
        return None


def over_rate_limit(request) -> bool:
    """Count this submission attempt; True when the address sent too many recently.

    The count lives in the shared cache, for all workers. When that cannot be
    reached, each process counts on its own: the limit still applies, per process.
    """
    limit = getattr(settings, "FORMS_RATE_LIMIT", 20)
    window = getattr(settings, "FORMS_RATE_WINDOW_SECONDS", 600)
    key = f"forms:rate:{client_ip(request)}"
    count = _shared_count(key, window)
    if count is None:
        count = _local_counts.hit(key, window)
    return count > limit


def recaptcha_keys(request=None) -> tuple[str, str]:
    """(site key, secret key) of the association of the request's host: its own pair when it has one,
    else the deployment's (RECAPTCHA_PUBLIC_KEY/RECAPTCHA_PRIVATE_KEY, also without a request)."""
    if request is None:
        return channels.recaptcha_keys(None)
    return channels.recaptcha_keys(site_facts.site_id(request), request)


def recaptcha_enabled(request=None) -> bool:
    return all(recaptcha_keys(request))


class VerifiedReCaptchaField(ReCaptchaField):
    """django-recaptcha's field, made safe to run in production.

    It is given the trusted client address instead of reading a raw
    X-Forwarded-For; a network error or timeout becomes a form error instead
    of a 500; and the verified hostname and (for v3) action are checked.
    """

    default_error_messages = {
        "captcha_invalid": _("We could not confirm that you are not a robot. Please try again."),
        "captcha_error": _("We could not reach the anti-spam check just now. Please try again in a moment."),
        "required": _("Please confirm that you are not a robot."),
    }

    def __init__(self, remote_ip="", action="submit", **kwargs):
        """`public_key`/`private_key` (django-recaptcha's own arguments): the association's pair, shown on
        the page (the widget's data-sitekey) and sent to Google to verify."""
        if getattr(settings, "RECAPTCHA_VERSION", "v2") == "v3":
            kwargs["widget"] = ReCaptchaV3(action=action)
        else:
            kwargs["widget"] = ReCaptchaV2Checkbox()
        super().__init__(**kwargs)
        self.remote_ip = remote_ip
        self.action = action

    def get_remote_ip(self):
        return self.remote_ip

    def validate(self, value):
        django_forms.CharField.validate(self, value)
        try:
            result = client.submit(recaptcha_response=value, private_key=self.private_key, remoteip=self.remote_ip)
        except (URLError, OSError, TimeoutError, ValueError, KeyError) as error:
            logger.warning("reCAPTCHA verification failed to run: %r", error)
            raise ValidationError(self.error_messages["captcha_error"], code="captcha_error") from None
        invalid = ValidationError(self.error_messages["captcha_invalid"], code="captcha_invalid")
        if not result.is_valid:
            raise invalid
        allowed_hosts = getattr(settings, "RECAPTCHA_ALLOWED_HOSTNAMES", None) or [
            host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"
        ]
        hostname = result.extra_data.get("hostname", "")
        # A token solved in a native app names the app (siteverify's apk_package_name) instead of a host.
        app = result.extra_data.get("apk_package_name", "")
        if app and not hostname:
            if app not in getattr(settings, "RECAPTCHA_ALLOWED_PACKAGE_NAMES", []):
                logger.warning("reCAPTCHA token was made in an app that is not allowed: %s", app)
                raise invalid
        elif allowed_hosts and hostname not in allowed_hosts:
            logger.warning("reCAPTCHA token was made for another host: %s", hostname)
            raise invalid
        if isinstance(self.widget, ReCaptchaV3):
            if result.action != self.action:
                raise invalid
            if float(result.extra_data.get("score", 0)) < float(getattr(settings, "RECAPTCHA_REQUIRED_SCORE", 0.5)):
                raise invalid
