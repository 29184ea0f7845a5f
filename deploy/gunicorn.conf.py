"""gunicorn in production: `gunicorn -c deploy/gunicorn.conf.py`, from the project's folder.

Every value that differs between servers comes from the environment, so one
file serves every app server (scripts/scale_test.py runs two instances of it):

  GUNICORN_BIND         address:port to listen on, comma-separated for several
                        (default 127.0.0.1:8000; the balancer's side of a private
                        network, e.g. 10.0.0.11:8000, when nginx is on another host)
  GUNICORN_WORKERS      worker processes (default: WEB_CONCURRENCY, else 2 × cores + 1)
  GUNICORN_TIMEOUT      seconds a request may take before its worker is replaced (default 30)
  GUNICORN_MAX_REQUESTS requests after which a worker is replaced (default 2000, 0: never)
  GUNICORN_LOG_LEVEL    debug, info, warning, error (default info)
  FORWARDED_ALLOW_IPS   the balancer's addresses, whose X-Forwarded-Proto is believed
                        (default 127.0.0.1; comma-separated)

The site is loaded once in the master and the workers are forked from it
(preload_app): a new release needs a restart of the service; `kill -HUP`
would start workers with the old code.

Logs go to stdout (access) and stderr (errors), for journald or the container
runtime, with no query string and no token in a path (logger_class below);
gunicorn writes no file: no pid file, no log file, and its workers'
heartbeat files live in memory (/dev/shm), never under the code tree.
"""

import multiprocessing
import os

from gunicorn import glogging

from core import log_paths  # no Django: gunicorn's folder (the project's) is on the path already


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "website.wsgi:application"
proc_name = "website"

bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Plain sync workers: nginx buffers whole request bodies (uploads) and responses,
# so a slow client never holds a worker.
worker_class = "sync"
# Load the site before listening, then fork the workers from it. Without this,
# a restarting instance accepts connections for the seconds its workers take
# to import the site, and the balancer's requests wait there instead of going
# to the other app servers (scripts/scale_test.py saw 20 s waits).
preload_app = True
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Replace each worker after 2,000 to 3,000 requests: bounds memory growth. Spread
# widely, so that an instance's workers are not replaced together: an exiting
# worker takes seconds to end, and the master forks its successor only then, so
# two at once left an instance without workers while it still took connections
# (scripts/scale_test.py saw 15 s waits). GUNICORN_MAX_REQUESTS=0: never.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 2

# Only the balancer may say the visitor came over HTTPS (Django reads the same
# header: SECURE_PROXY_SSL_HEADER). The visitor's address is read by the app
# from X-Forwarded-For, trusting FORMS_PROXY_DEPTH entries (forms/spam.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

if os.access("/dev/shm", os.W_OK):  # noqa: S108 - gunicorn's own heartbeat files, in memory
    worker_tmp_dir = "/dev/shm"  # noqa: S108
# (else gunicorn's default: the temporary folder, which systemd's PrivateTmp makes private)
pidfile = None


def when_ready(server):
    # The master imported the site (preload_app): it must hand no open database
    # connection to the workers it forks, which would then share one socket.
    from django.db import connections  # noqa: PLC0415 -- Django is set up only once the master loaded the app

    connections.close_all()


def post_request(worker, req, environ, resp):
    # The app may answer without reading the request's body (a refusal by its headers: no API
    # token, a link that is not valid). gunicorn then closes the connection with the body unread,
    # the kernel resets it, and nginx, still sending that body, answers 502 in place of the app's
    # answer. Read the rest first: nginx has it buffered whole (and bounded by its limits).
    body = environ.get("wsgi.input")
    while body is not None and body.read(1 << 16):
        pass


accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The path without its query string (%(U)s, never %(r)s or %(q)s: a query can
# carry what someone typed), no referrer (it has query strings too), no user
# name, no client address (nginx logs that). The request id matches nginx's line.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}i)s'


class _LoggerWithoutTokens(glogging.Logger):
    """Paths with a secret token (the personal link, the survey link, a thank-you page, the
    password reset) are logged with the token redacted (core/log_paths.py), as nginx logs them."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = log_paths.loggable_path(atoms["U"])
        atoms["r"] = f"{atoms['m']} {atoms['U']} {atoms['H']}"  # never the raw URI
        atoms["q"] = atoms["f"] = "-"
        return atoms

    def setup(self, cfg):
        super().setup(cfg)
        # Its error log names a failed request by its URI too ("Error handling request %s").
        self.error_log.addFilter(log_paths.PathsWithoutTokens())


logger_class = _LoggerWithoutTokens
