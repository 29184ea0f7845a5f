"""Benchmarks (bench/): the test profile on PostgreSQL, with production's
database and cache settings, and without the per-address rate limit."""

import os

from core.cache import redis_cache
from core.database import with_planner_costs

from .test import *  # noqa: F401,F403
from .test import DATABASES

FORMS_RATE_LIMIT = 10**9
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# As in production: a worker keeps its database connection between requests
# (opening one costs more than a whole submission), the planner's costs are
# those of tables in memory (core/database.py), and the cache is Redis.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"] = with_planner_costs(DATABASES["default"])
if os.environ.get("BENCH_REDIS_URL"):
    # Each bench database has its own keys: runs (and servers side by side) never read each other's.
    CACHES = {"default": redis_cache(os.environ["BENCH_REDIS_URL"], os.environ.get("BENCH_CACHE_KEY_PREFIX", ""))}

# As in production: the web process only queues notifications; a worker sends them.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
