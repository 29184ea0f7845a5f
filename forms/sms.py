"""A small SMS backend interface: the console in development, a provider's API in production.

FORMS_SMS_BACKEND names a class with `send(to: str, text: str) -> None` that
raises on failure, made with `sender=` when an association has its own sender name (organisation.channels);
made without it, a backend that sends a sender name uses FORMS_SMS_SENDER. Providers (Unifonic, Taqnyat, …)
each get a small class; `HttpGatewayBackend` speaks to a gateway that takes one JSON POST per message.
"""

import functools
import http.client
import json
import logging
import re
import ssl
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleBackend:
    """Development: prints the message. Anywhere else (no gateway configured in production)
    it sends nothing and logs only that, never the number or the text."""

    def __init__(self, sender=""):
        self.sender = sender

    def send(self, to: str, text: str) -> None:
        if settings.DEBUG:
            print(f"SMS to {to}: {text}")  # noqa: T201 - the development backend prints
            return
        logger.warning("SMS of %s characters not sent: no SMS gateway is configured (FORMS_SMS_BACKEND)", len(text))


class MemoryBackend:
    """For tests: keeps what was sent in `MemoryBackend.outbox`, and the sender name each message was
    made with (its association's, else '') in `MemoryBackend.senders`, beside it."""

    outbox: list[tuple[str, str]] = []
    senders: list[str] = []

    def __init__(self, sender=""):
        self.sender = sender

    def send(self, to: str, text: str) -> None:
        MemoryBackend.outbox.append((to, text))
        MemoryBackend.senders.append(self.sender)

    @classmethod
    def clear(cls):
        cls.outbox.clear()
        cls.senders.clear()


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Certificates and host names checked as urllib's default does (and SSL_CERT_FILE honoured)."""
    return ssl.create_default_context()


def get_backend(sender: str = ""):
    """The configured backend; `sender`, an association's own sender name, replaces FORMS_SMS_SENDER."""
    backend = import_string(getattr(settings, "FORMS_SMS_BACKEND", "forms.sms.ConsoleBackend"))
    return backend(sender=sender) if sender else backend()


class SmsDeliveryError(Exception):
    """The message did not reach the gateway, or the gateway refused it.

    `reason` says which in a few words that name no one (for logs); the message
    adds what the gateway answered, cleared of the number and text sent.
    """

    def __init__(self, message, *, reason=""):
        super().__init__(message)
        self.reason = reason or message


def _without(detail: str, *sent: str) -> str:
    """A gateway's answer without what it echoes of the message (as sent, or JSON-escaped)."""
    for value in sent:
        if value:
            for form in {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}:
                detail = detail.replace(form, "…")
    return detail


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would resend the bearer token to wherever it points, and turn
    # the POST into a GET: treat it as the failure it is.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


E164 = re.compile(r"\+[1-9]\d{7,14}")


class HttpGatewayBackend:
    """Posts each message as JSON to FORMS_SMS_GATEWAY_URL with a bearer token.

    Body: {"to": "+9665…", "text": "…", "sender": the association's sender name, else
    FORMS_SMS_SENDER} (sender left out when unset, so the gateway uses the account's default). Any answer but
    2xx, a network error or a timeout raises SmsDeliveryError, and the
    notification task records it and tries again later.
    """

    def __init__(self, url=None, token=None, sender=None, timeout=None):
        self.url = url if url is not None else getattr(settings, "FORMS_SMS_GATEWAY_URL", "")
        self.token = token if token is not None else getattr(settings, "FORMS_SMS_GATEWAY_TOKEN", "")
        self.sender = sender if sender is not None else getattr(settings, "FORMS_SMS_SENDER", "")
        self.timeout = timeout if timeout is not None else getattr(settings, "FORMS_SMS_GATEWAY_TIMEOUT", 10)
        if not self.url or not self.token:
            raise ImproperlyConfigured("HttpGatewayBackend needs FORMS_SMS_GATEWAY_URL and FORMS_SMS_GATEWAY_TOKEN.")
        # urllib would also open file:// and ftp:// URLs.
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("FORMS_SMS_GATEWAY_URL must be an http:// or https:// URL.")
        # One TLS context per process (urllib's default makes one per connection, loading the whole
        # certificate bundle each time: tens of milliseconds of a task worker's CPU per message).
        self.opener = urllib.request.build_opener(_NoRedirects, urllib.request.HTTPSHandler(context=tls_context()))

    def send(self, to: str, text: str) -> None:
        if not E164.fullmatch(to or ""):
            raise SmsDeliveryError("Not an international (E.164) mobile number", reason="not an E.164 number")
        payload = {"to": to, "text": text}
        if self.sender:
            payload["sender"] = self.sender
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read(4096)
                status = response.status
        except urllib.error.HTTPError as error:
            try:
                detail = error.read(4096).decode("utf-8", "replace").strip()
            except (OSError, http.client.HTTPException):
                detail = ""
            detail = _without(detail, to, text)[:200]  # cut after clearing: no half-echoed text stays
            raise SmsDeliveryError(
                f"SMS gateway answered HTTP {error.code}: {detail}", reason=f"gateway answered HTTP {error.code}"
            ) from error
        except (OSError, http.client.HTTPException) as error:  # URLError and timeouts are OSErrors
            reason = getattr(error, "reason", error)
            raise SmsDeliveryError(
                f"SMS gateway not reached: {reason!r}", reason=f"gateway not reached ({type(reason).__name__})"
            ) from error
        if not 200 <= status < 300:
            raise SmsDeliveryError(f"SMS gateway answered HTTP {status}", reason=f"gateway answered HTTP {status}")
