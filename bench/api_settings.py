"""bench/api.py's settings: the bench profile with a trivial JSON view added to the URLs."""

from website.settings.bench import *  # noqa: F401,F403

ROOT_URLCONF = "bench.api_urls"
