"""Google's reCAPTCHA siteverify call, over a connection each worker thread keeps.

django-recaptcha posts every check with `urllib.request.build_opener()`, which
makes a new TLS context for each call (loading the whole certificate bundle
again: tens of milliseconds of CPU) and a new connection with a full TLS
handshake, then closes it. Every submission with reCAPTCHA paid that while
holding a web worker (bench/full_stack_submission.py --profile). Here the TLS
context is made once per process and the connection is kept alive per thread,
so a check is one request on an open connection. Certificates and the host
name are verified exactly as before (`ssl.create_default_context()`, which
also honours SSL_CERT_FILE).

`forms.apps` makes this django-recaptcha's `client.recaptcha_request`, so that
its `client.submit` (what our field calls, and what tests stand in for) uses
it. Errors surface as urllib's do (URLError, an OSError, or a TimeoutError),
which the field turns into its translated message. With RECAPTCHA_PROXY set,
django-recaptcha's own request is used (it knows the proxy).
"""

import functools
import http.client
import io
import ssl
import threading
from urllib.error import HTTPError, URLError

from django.conf import settings
from django_recaptcha import client
from django_recaptcha.constants import DEFAULT_RECAPTCHA_DOMAIN

PATH = "/recaptcha/api/siteverify"
HEADERS = {"Content-type": "application/x-www-form-urlencoded", "User-agent": "reCAPTCHA Django"}
library_request = client.recaptcha_request
_connections = threading.local()


@functools.cache
def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def _connection(host: str, timeout: float) -> tuple[http.client.HTTPSConnection, bool]:
    """This thread's connection to `host` (made if needed), and whether it was used before."""
    kept = getattr(_connections, "kept", None)
    if kept is not None and kept[0] == (host, timeout):
        return kept[1], True
    close()
    connection = http.client.HTTPSConnection(host, timeout=timeout, context=tls_context())
    _connections.kept = ((host, timeout), connection)
    return connection, False


def close() -> None:
    kept = getattr(_connections, "kept", None)
    _connections.kept = None
    if kept is not None:
        kept[1].close()


def request(params: bytes):
    """POST `params` to siteverify; the answer, as a file-like object (what `client.submit` reads)."""
    if getattr(settings, "RECAPTCHA_PROXY", {}):
        return library_request(params)
    host = getattr(settings, "RECAPTCHA_DOMAIN", DEFAULT_RECAPTCHA_DOMAIN)
    timeout = getattr(settings, "RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 10)
    while True:
        connection, reused = _connection(host, timeout)
        try:
            connection.request("POST", PATH, body=params, headers=HEADERS)
            response = connection.getresponse()
            body = response.read()
        except TimeoutError:
            close()
            raise
        except (OSError, http.client.HTTPException) as error:
            close()
            # A kept connection the other side closed while it was idle (reset, or a TLS close):
            # once more, on a new connection. Never twice, and never after a timeout.
            if reused:
                continue
            raise URLError(error) from error
        if response.will_close:
            close()
        if response.status != 200:  # as urllib's opener: an HTTPError, which is a URLError
            raise HTTPError(f"https://{host}{PATH}", response.status, response.reason, response.headers, None)
        return io.BytesIO(body)
