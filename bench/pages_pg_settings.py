"""bench/pages.py --postgresql: the bench profile (production's database and cache
settings, on PostgreSQL) plus the trivial JSON view as the yardstick."""

from website.settings.bench import *  # noqa: F401,F403

ROOT_URLCONF = "bench.api_urls"
