"""Benchmarks (bench/): the test profile on PostgreSQL, with production's
database and cache settings, and without the per-address rate limit."""

import os

from .test import *  # noqa: F401,F403
from .test import DATABASES

FORMS_RATE_LIMIT = 10**9
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# As in production: a worker keeps its database connection between requests
# (opening one costs more than a whole submission), and the cache is Redis.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["BENCH_REDIS_URL"]}
    }

# As in production: the web process only queues notifications; a worker sends them.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
