"""Test profile: like dev, on SQLite unless DATABASE_URL names another server."""

import os
import tempfile

import dj_database_url

from .base import *  # noqa: F401,F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-not-secret-8d2e7c1b5a9f4e3d"  # noqa: S105
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
WAGTAILADMIN_BASE_URL = "http://testserver"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Tests never write into the working copy's media folders. A server started
# for the browser tests shares its folder with the process that seeded it.
SERVE_MEDIA_LOCALLY = True
_tmp = os.environ.get("DJANGO_TEST_MEDIA_DIR") or tempfile.mkdtemp(prefix="website-test-")
MEDIA_ROOT = os.path.join(_tmp, "media")
PRIVATE_MEDIA_ROOT = os.path.join(_tmp, "private")
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# One process's memory, emptied before each test (tests/conftest.py), whose database is rolled back
# under it. The embedded default's shared folder is tested in tests/website/test_embedded_cache.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

FORMS_SMS_BACKEND = "forms.sms.MemoryBackend"
FORMS_RATE_LIMIT = 1000
