"""Development: SQLite, files on disk, immediate tasks, no reCAPTCHA keys."""

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-3b1f0c6a8e2d4f7a9c5b"  # noqa: S105
# ".localhost": a second association on second.localhost:8000 (README, "A second association").
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost", "[::1]"]
SERVE_MEDIA_LOCALLY = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The test keys of django-recaptcha are only meant for development.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
# `make run`: seed_demo gives the demo account `admin` a simulated authenticator app, and the
# second step shows its code, so a newcomer signs in with nothing else installed (staff_security/development.py).
STAFF_SECURITY_DEVELOPMENT_CODES = True
