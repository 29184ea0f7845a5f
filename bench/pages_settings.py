"""bench/pages.py's settings: development's profile (DEBUG on, local memory cache,
SQLite) on a throw-away database file, with production's persistent database
connections, plus the trivial JSON view as the yardstick.

With --postgresql, bench/pages.py uses bench.pages_pg_settings instead: the
bench profile (production's database and cache settings) on PostgreSQL.
"""

import os

from website.settings.dev import *  # noqa: F401,F403

# As production does (DATABASE_CONN_MAX_AGE): a worker keeps its connection between requests.
# Development's default opens one per request, which here costs more (about 4 ms of CPU with
# SQLite) than most pages' own work; bench/pages.py --connection-per-request measures that.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_SQLITE_PATH"],
        "CONN_MAX_AGE": int(os.environ.get("BENCH_CONN_MAX_AGE", "60")),
    }
}
MEDIA_ROOT = os.path.join(os.path.dirname(os.environ["BENCH_SQLITE_PATH"]), "media")
# Each worker's own memory, as when README.md's figures were measured (development's default is now a
# folder shared by all processes, core/cache.py: a fraction of a millisecond more per page read).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ROOT_URLCONF = "bench.api_urls"
