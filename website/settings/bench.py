"""Benchmarks (bench/): the test profile on PostgreSQL, without the per-address rate limit."""

from .test import *  # noqa: F401,F403

FORMS_RATE_LIMIT = 10**9
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# As in production: the web process only queues notifications; a worker sends them.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
