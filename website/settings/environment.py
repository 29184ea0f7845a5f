"""Reading the production environment: what is required, and small parsers.

Kept apart from production.py so that tests and documentation can list the
required variables without importing (and so failing) the production profile.
"""

import os

from django.core.exceptions import ImproperlyConfigured

REQUIRED = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "WAGTAILADMIN_BASE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
    "RECAPTCHA_PUBLIC_KEY",
    "RECAPTCHA_PRIVATE_KEY",
]

# Required only when FORMS_SMS_BACKEND names the HTTP gateway backend.
SMS_GATEWAY_BACKEND = "forms.sms.HttpGatewayBackend"
REQUIRED_FOR_SMS_GATEWAY = ["FORMS_SMS_GATEWAY_URL", "FORMS_SMS_GATEWAY_TOKEN"]


def required() -> list[str]:
    names = list(REQUIRED)
    if os.environ.get("FORMS_SMS_BACKEND", "").strip() == SMS_GATEWAY_BACKEND:
        names += REQUIRED_FOR_SMS_GATEWAY
    return names


def require_all() -> None:
    """Stop at start-up, naming every missing variable at once."""
    missing = [name for name in required() if not os.environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            "Production settings need these environment variables (see README.md): " + ", ".join(missing)
        )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def frontend_cache_from_env() -> dict | None:
    """WAGTAILFRONTENDCACHE for the CDN named by the environment, or None (no CDN).

    FRONTEND_CACHE_PURGE_URL: a cache that takes HTTP PURGE (Varnish, nginx's cache_purge);
    FRONTEND_CACHE_CLOUDFLARE_ZONE_ID with FRONTEND_CACHE_CLOUDFLARE_TOKEN (an API token
    allowed to purge); FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID (AWS credentials from the
    usual variables). FRONTEND_CACHE_HOSTNAMES limits purging to these hosts.
    """
    backends = {}
    if os.environ.get("FRONTEND_CACHE_PURGE_URL", "").strip():
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"].strip(),
        }
    if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", "").strip():
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"].strip(),
            "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_TOKEN", "").strip(),
        }
    if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", "").strip():
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"].strip(),
        }
    hostnames = env_list("FRONTEND_CACHE_HOSTNAMES")
    if hostnames:
        for backend in backends.values():
            backend["HOSTNAMES"] = hostnames
    return backends or None
