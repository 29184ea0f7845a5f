"""Environment for running the production profile in a subprocess."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "DJANGO_SECRET_KEY": "prod-test-" + "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "AWS_STORAGE_BUCKET_NAME": "public",
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": "private",
            "AWS_ACCESS_KEY_ID": "test-access-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret-key",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
            "EMAIL_HOST": "127.0.0.1",
            "DEFAULT_FROM_EMAIL": "no-reply@example.org",
            "RECAPTCHA_PUBLIC_KEY": "public-key-for-tests",
            "RECAPTCHA_PRIVATE_KEY": "private-key-for-tests",
            "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        }
    )
    env.update(overrides)
    return env
