"""Production: everything site-specific comes from environment variables.

Every variable is documented in README.md. A missing required variable stops
the process at start-up with one message naming all that are missing, rather
than failing later on the first request that needs it.
"""

import os
from urllib.parse import urlparse

import dj_database_url
from botocore.config import Config

from core.cache import redis_cache
from core.database import with_planner_costs

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, CONTENT_SECURITY_POLICY
from .environment import env_bool, env_list, require_all

require_all()

DEBUG = False
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "static_collected"))
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# Earlier keys, still accepted while they are rotated out (sessions, API tokens, the erasure log's fingerprints).
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"]

DATABASES = {
    # The planner's costs for tables in memory or on SSD (core/database.py).
    "default": with_planner_costs(
        dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
}

# Redis down reads as a cache miss (pages slower, never an error): core/cache.py.
CACHES = {"default": redis_cache(os.environ["REDIS_URL"], os.environ.get("CACHE_KEY_PREFIX", "website"))}

# --- HTTPS behind a proxy that terminates TLS ---------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Health checks from the load balancer come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# --- Storage: S3 for public media and for private attachments -----------------
_s3_common = {
    "access_key": os.environ["AWS_ACCESS_KEY_ID"],
    "secret_key": os.environ["AWS_SECRET_ACCESS_KEY"],
    "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
    "file_overwrite": False,
    # Upload in the request's own thread: a file of an application (at most 10 MB) is sent in one
    # request anyway, and a pool of threads started for each file only cost time (bench/full_stack_submission.py).
    "use_threads": False,
}


def _s3_client(**options):
    """Fail fast when the bucket cannot be reached: botocore's defaults (60 s to connect, 60 s
    to read, 5 attempts with growing pauses) hold a web worker past gunicorn's 30 s, and the
    applicant gets a 502 instead of the form back with its clear 503 (scripts/scale_test.py).
    This Config replaces the one django-storages would build: a bucket's signature goes in it."""
    return Config(connect_timeout=3, read_timeout=10, retries={"total_max_attempts": 2, "mode": "standard"}, **options)


_public_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "client_config": _s3_client(),
            "custom_domain": _public_domain,
            "querystring_auth": False,
            "default_acl": None,
        },
    },
    # Attachments: a bucket with no public access; staff reach a file only
    # through a permission-checked view or a signed URL valid for minutes.
    "private": {
        # A new file is one conditional PUT, never over an existing one (core/s3_storage.py).
        "BACKEND": "core.s3_storage.NewFilesS3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": os.environ["AWS_PRIVATE_STORAGE_BUCKET_NAME"],
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "client_config": _s3_client(signature_version="s3v4"),
            "default_acl": "private",
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Images and documents are served from S3 (or its CDN): allow that origin.
if _public_domain:
    _media_origin = "https://" + _public_domain
elif os.environ.get("AWS_S3_ENDPOINT_URL"):
    _parsed = urlparse(os.environ["AWS_S3_ENDPOINT_URL"])
    _media_origin = f"{_parsed.scheme}://{_parsed.netloc}"
else:
    _media_origin = "https://*.amazonaws.com"
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], _media_origin],
        "media-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"], _media_origin],
        # reCAPTCHA's script and frame come from Google (forms only).
        "script-src": [
            *CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
            "https://www.google.com/recaptcha/",
            "https://www.gstatic.com/recaptcha/",
        ],
        "frame-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"], "https://www.google.com/recaptcha/"],
        "upgrade-insecure-requests": True,
    },
}

# --- Background tasks: a database-backed queue worked by `manage.py db_worker` --
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# --- Email ---------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ["EMAIL_HOST"]
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Administrators", address) for address in env_list("DJANGO_ADMINS")]

# --- reCAPTCHA -----------------------------------------------------------------
RECAPTCHA_PUBLIC_KEY = os.environ["RECAPTCHA_PUBLIC_KEY"]
RECAPTCHA_VERSION = os.environ.get("RECAPTCHA_VERSION", "v2")
RECAPTCHA_REQUIRED_SCORE = float(os.environ.get("RECAPTCHA_REQUIRED_SCORE", "0.5"))
RECAPTCHA_ALLOWED_HOSTNAMES = env_list("RECAPTCHA_ALLOWED_HOSTNAMES") or None
RECAPTCHA_ALLOWED_PACKAGE_NAMES = env_list("RECAPTCHA_ALLOWED_PACKAGE_NAMES")
FORMS_PROXY_DEPTH = int(os.environ.get("FORMS_PROXY_DEPTH", "1"))
FORMS_SMS_BACKEND = os.environ.get("FORMS_SMS_BACKEND", "forms.sms.ConsoleBackend").strip()
# The HTTP gateway backend (require_all() insists on URL and token when it is chosen).
FORMS_SMS_GATEWAY_URL = os.environ.get("FORMS_SMS_GATEWAY_URL", "").strip()
FORMS_SMS_GATEWAY_TOKEN = os.environ.get("FORMS_SMS_GATEWAY_TOKEN", "").strip()
FORMS_SMS_SENDER = os.environ.get("FORMS_SMS_SENDER", "").strip()
FORMS_SMS_GATEWAY_TIMEOUT = float(os.environ.get("FORMS_SMS_GATEWAY_TIMEOUT", "10"))
RECAPTCHA_PRIVATE_KEY = os.environ["RECAPTCHA_PRIVATE_KEY"]

# --- Headless front ends (README.md, "API") -------------------------------------
CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS")
if os.environ.get("HEADLESS_PREVIEW_CLIENT_URL", "").strip():
    WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": os.environ["HEADLESS_PREVIEW_CLIENT_URL"].strip()},
        "ENFORCE_TRAILING_SLASH": False,
        "REDIRECT_ON_PREVIEW": True,
    }
    # The admin's preview panel is a frame that is sent on to the front end.
    _client = urlparse(WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]["default"])
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append(f"{_client.scheme}://{_client.netloc}")
