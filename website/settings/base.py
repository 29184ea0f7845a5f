"""Settings shared by every profile (dev, test, production).

Profiles import this module and change only what differs; production reads
everything secret or site-specific from environment variables.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core.cache import file_cache

from .environment import env_bool, frontend_cache_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "hosting",
    "organisation",
    "home",
    "forms",
    "inbox",
    "followup",
    "beneficiaries",
    "research",
    "committee",
    "policies",
    "governance",
    "services",
    "backups",
    "staff_security",
    # Before core, whose ready() replaces its purge of one page (core/frontend_cache.py).
    "wagtail.contrib.frontend_cache",
    "core",
    "website",
    # Wagtail and its contrib apps.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.api.v3",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "organisation.users_app.UsersAppConfig",  # wagtail.users, each association's own users and groups
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_recaptcha",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # One time allowance for checking all the files of a request (core/file_safety/).
    "core.file_safety.SharedAllowanceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer: CORS headers on every API answer, 304s included.
    "corsheaders.middleware.CorsMiddleware",
    # ETag, Cache-Control and 304 for the API's public reads (core/headless.py).
    # Public pages and API reads for visitors without a session, from the shared cache
    # (core/page_cache.py); inside CORS so that a kept answer still gets its headers.
    "core.page_cache.PageCacheMiddleware",
    "core.headless.APIConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    # The site of each host and the page at each path, as this worker remembers them (core/routing.py).
    "core.routing.RememberedRoutesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # whether the session passed its second step
    "organisation.middleware.WorkingAssociationMiddleware",  # whose permissions count (organisation/backends.py)
    "django.contrib.messages.middleware.MessageMiddleware",
    # The second step and the idle timeout of staff sessions (staff_security/middleware.py).
    "staff_security.middleware.StaffSessionMiddleware",
    # Staff of a suspended association only read in the admin (organisation/suspension.py).
    "organisation.suspension.ReadOnlyWhileSuspendedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Staff sign-in: django-axes against password guessing ---------------------
# AxesStandaloneBackend only refuses locked-out attempts; ModelBackend signs in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with group permissions counted in the association worked in (organisation/associations.py)
    "organisation.backends.AssociationBackend",
]
# Five wrong passwords, each within 30 minutes of the one before, lock the
# account for 30 minutes; each attempt while locked starts the 30 again.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Username and address together: a guesser cannot lock a colleague out from
# elsewhere, and one address guessing many accounts is locked per account.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The same trusted client address as the forms' rate limit (FORMS_PROXY_DEPTH).
AXES_CLIENT_IP_CALLABLE = "forms.spam.client_ip"
# A complete sign-in forgets earlier typos: staff_security resets the count itself
# after the last step (the password, or the code when a second factor is owed),
# so wrong passwords and wrong codes count against one limit.
AXES_RESET_ON_SUCCESS = False
# Codes typed at the second step are never written into django-axes' records.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_LOCKOUT_CALLABLE = "website.lockout.lockout_response"

# --- Staff sign-in: a second factor and idle sessions (staff_security) ----------
# Staff who can see requests sign in with a code from an authenticator app
# (django-otp TOTP) as well, and are signed out after this long without a request.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
# Development only (dev.py): the second step shows the code of the demo account's simulated
# authenticator app (staff_security/development.py). A system check refuses it without DEBUG,
# and `check --deploy` refuses it at all.
STAFF_SECURITY_DEVELOPMENT_CODES = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: Arabic first -------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Each staff member picks the admin language in their account settings.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True

# --- Static files and media --------------------------------------------------
STATIC_URL = "/static/"
# Development and tests serve static files straight from the apps; production
# serves the collected, hashed and compressed copies (see production.py).
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
SERVE_MEDIA_LOCALLY = False
# Form attachments never live under MEDIA_ROOT: nothing serves this folder.
PRIVATE_MEDIA_ROOT = BASE_DIR / "private_media"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = _("Association website")
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# As large as an imported policy may be (policies/importer/reading.py); nginx's /admin/ limit follows it (deploy/nginx).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every new document is swept for active content (macros, scripts, embedded programs): core/file_safety/.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.document_forms.DocumentForm"
WAGTAILFORMS_HELP_TEXT_ALLOW_HTML = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# --- Background tasks --------------------------------------------------------
# "default" stays immediate so Wagtail's own small tasks (search index,
# reference index) never wait for a worker. The project's own tasks use the
# "background" alias, which production points at the database-backed queue.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# --- Cache -------------------------------------------------------------------
# The embedded default (make run): a folder every process on this machine shares, so that a
# change saved by any of them (a second server, manage.py import_policy, a task) shows at
# the next request of every other (core/cache.py). Production uses Redis (REDIS_URL); the
# tests, local memory.
CACHES = {"default": file_cache(os.environ.get("DJANGO_CACHE_DIR") or BASE_DIR / "var" / "cache")}
# Public pages kept in that cache (core/page_cache.py), under the content version.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# A CDN in front (wagtail.contrib.frontend_cache), purged on every content change.
WAGTAILFRONTENDCACHE = frontend_cache_from_env()
WAGTAILFRONTENDCACHE_LANGUAGES = []  # core/frontend_cache.py lists every language's URLs itself
# How long a CDN may keep a public page: long when it is purged on changes, short otherwise.
PAGE_CACHE_CDN_SECONDS = int(os.environ.get("PAGE_CACHE_CDN_SECONDS", "86400" if WAGTAILFRONTENDCACHE else "60"))

# --- Security defaults shared by all profiles --------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views opt back in to SAMEORIGIN for their own iframe; CSP's
# frame-ancestors 'self' below is what modern browsers follow.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4): nothing is loaded from another
# origin; fonts, scripts and styles are all served by the site itself.
# Public pages allow no inline script or style at all; the admin (Wagtail's
# inline scripts and style attributes) and pages showing Google's reCAPTCHA
# widget (its style attributes) get 'unsafe-inline' added per response:
# core/middleware.py.
CSP_MEDIA_ORIGINS: list[str] = []  # production adds the S3/CDN origin
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "base-uri": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "frame-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
    }
}

# --- reCAPTCHA ---------------------------------------------------------------
# Without keys (development) forms run without a check and say so; production
# requires real keys (see production.py).
RECAPTCHA_PUBLIC_KEY = ""
RECAPTCHA_PRIVATE_KEY = ""

# --- Request forms -----------------------------------------------------------
FORMS_MAX_FILE_BYTES = 10 * 1024 * 1024
FORMS_MAX_SUBMISSION_BYTES = 25 * 1024 * 1024
FORMS_RATE_LIMIT = 20  # submissions per address ...
FORMS_RATE_WINDOW_SECONDS = 600  # ... in ten minutes
FORMS_PROXY_DEPTH = 0  # proxies in front of the app whose X-Forwarded-For entries we trust
FORMS_SMS_BACKEND = "forms.sms.ConsoleBackend"
# Used by forms.sms.HttpGatewayBackend only (see README.md).
FORMS_SMS_GATEWAY_URL = ""
FORMS_SMS_GATEWAY_TOKEN = ""
FORMS_SMS_SENDER = ""
FORMS_SMS_GATEWAY_TIMEOUT = 10  # seconds, per connect or read
RECAPTCHA_VERSION = "v2"  # or "v3" (score-based, no checkbox)
RECAPTCHA_REQUIRED_SCORE = 0.5
# Android apps' package names a reCAPTCHA token may name (siteverify's
# apk_package_name), besides the site's host names (forms/spam.py).
RECAPTCHA_ALLOWED_PACKAGE_NAMES: list[str] = []
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email -------------------------------------------------------------------
DEFAULT_FROM_EMAIL = "no-reply@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "skip_deliberate_unavailable": {"()": "core.error_reports.SkipDeliberateUnavailable"},
        # A path with a secret token (the personal link...) logged with the token redacted.
        "paths_without_tokens": {"()": "core.log_paths.PathsWithoutTokens"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["paths_without_tokens"]},
        # Server errors to ADMINS (none unless DJANGO_ADMINS is set), without visitors' values.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "skip_deliberate_unavailable"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["paths_without_tokens"],  # the error mail's subject too
        },
    },
}
# Error reports (emails to ADMINS) name the fields a visitor sent, never their values;
# log lines name requests and notifications by reference or id (tests/core/test_no_personal_data_in_logs.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.PersonalDataReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "core.error_reports.PersonalDataExceptionReporter"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third party for avatars

# --- Headless front ends -------------------------------------------------------
# Cross-origin calls to the API only from these origins (none by default), and
# never with credentials: the API reads no session cookie for its writes.
CORS_ALLOWED_ORIGINS: list[str] = []
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization", "content-type", "idempotency-key", "if-none-match"]
CORS_EXPOSE_HEADERS = ["etag"]
# Where "Preview → Front end" sends editors (wagtail-headless-preview): the front
# end's preview page, which fetches /api/v3/preview/?content_type=…&token=….
# Empty: no front-end preview mode is offered.
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {}, "ENFORCE_TRAILING_SLASH": False, "REDIRECT_ON_PREVIEW": True}
