"""bench/associations.py's settings: the bench profile (production's database and cache settings, on
PostgreSQL), every association's host (a1.localhost ... on loopback) and the trivial JSON view."""

from website.settings.bench import *  # noqa: F401,F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost"]
ROOT_URLCONF = "bench.api_urls"
