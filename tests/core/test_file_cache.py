"""The embedded default's cache (core.cache.file_cache): one folder for every process, failing soft.

Two instances on one folder stand for two processes here; tests/website/test_embedded_cache.py
runs real ones (a server and a manage.py command).
"""

import logging
import os
import pickle

import pytest

from core import cache as website_cache
from core.cache import FileCache, file_cache
from website.settings import base as base_settings


@pytest.fixture(autouse=True)
def _fresh_warnings():
    website_cache.reset_breaker()
    yield
    website_cache.reset_breaker()


def folder_cache(location) -> FileCache:
    """The cache a process makes from the embedded default's CACHES entry on `location`."""
    config = file_cache(location)
    return FileCache(config["LOCATION"], config)


def entry_file(cache: FileCache, key: str):
    return cache._key_to_file(key)


def expiry_of(cache: FileCache, key: str) -> float | None:
    """When the entry expires, as written first in its file (None: never)."""
    with open(entry_file(cache, key), "rb") as entry:
        return pickle.load(entry)  # noqa: S301 - the test's own entry


def test_the_embedded_default_is_a_folder_in_the_working_copy():
    config = base_settings.CACHES["default"]
    assert config["BACKEND"] == "core.cache.FileCache"
    assert config["OPTIONS"]["MAX_ENTRIES"] == website_cache.FILE_CACHE_MAX_ENTRIES
    assert config["LOCATION"] == os.environ.get("DJANGO_CACHE_DIR", str(base_settings.BASE_DIR / "var" / "cache"))


def test_what_one_process_writes_the_other_reads(tmp_path):
    server, command = folder_cache(tmp_path / "cache"), folder_cache(tmp_path / "cache")
    assert server.add("website:content-version", "v1", timeout=None) is True
    assert command.add("website:content-version", "v2", timeout=None) is False  # already there
    command.set("website:content-version", "v2", timeout=None)  # a change saved by the command
    assert server.get("website:content-version") == "v2"
    server.set("page:v2:home", (b"<html>", [], 0.0), 600)
    assert command.get("page:v2:home") == (b"<html>", [], 0.0)
    assert command.delete("page:v2:home") is True and server.get("page:v2:home") is None


def test_the_folder_is_its_owners_only(tmp_path):
    folder_cache(tmp_path / "cache").set("k", 1)
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0  # entries are pickles


def test_a_folder_that_cannot_be_made_reads_as_a_miss_with_one_warning(tmp_path, caplog):
    (tmp_path / "a-file").write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache = folder_cache(tmp_path / "a-file" / "cache")
        for _ in range(3):
            assert cache.get("k", "missed") == "missed"
            assert cache.set("k", 1) is None
            assert cache.add("k", 1) is False  # never "added" when nothing was written
            assert cache.incr("k") is None  # as django-redis with IGNORE_EXCEPTIONS
            assert cache.touch("k") is False
            assert cache.delete("k") is False
            assert cache.has_key("k") is False
            assert cache.get_many(["k", "j"]) == {}
            cache.clear()
    warnings = [record for record in caplog.records if "Cache folder" in record.getMessage()]
    assert len(warnings) == 1 and "read as a miss" in warnings[0].getMessage()


def test_a_folder_replaced_under_the_cache_misses_then_heals(tmp_path):
    location = tmp_path / "cache"
    cache = folder_cache(location)
    cache.set("k", "kept")
    for entry in location.iterdir():
        entry.unlink()
    location.rmdir()
    location.write_text("a file where the folder was")
    assert cache.get("k", "missed") == "missed"
    cache.set("k", "again")  # dropped
    location.unlink()
    assert cache.get("k", "missed") == "missed"
    cache.set("k", "again")  # the folder is made again
    assert cache.get("k") == "again"


@pytest.mark.parametrize("content", [b"", b"\x80\x05garbage", pickle.dumps(None) + b"not zlib"])
def test_an_entry_cut_short_or_unreadable_is_not_there(tmp_path, content):
    cache = folder_cache(tmp_path / "cache")
    cache.set("k", "kept")
    with open(entry_file(cache, "k"), "wb") as entry:
        entry.write(content)
    assert cache.get("k", "missed") == "missed"
    assert cache.add("k", "new") is True  # written over
    assert cache.get("k") == "new"


def test_incr_counts_and_keeps_the_entry_expiry(tmp_path):
    cache = folder_cache(tmp_path / "cache")
    with pytest.raises(ValueError):
        cache.incr("forms:rate:192.0.2.1")
    assert cache.add("forms:rate:192.0.2.1", 1, timeout=600) is True
    expiry = expiry_of(cache, "forms:rate:192.0.2.1")
    assert cache.incr("forms:rate:192.0.2.1") == 2
    assert cache.incr("forms:rate:192.0.2.1", 3) == 5
    assert cache.get("forms:rate:192.0.2.1") == 5
    # The window the count began with, not the default timeout from the last increment.
    assert expiry_of(cache, "forms:rate:192.0.2.1") == pytest.approx(expiry, abs=1)
    cache.set("forever", 1, timeout=None)
    assert cache.incr("forever") == 2
    assert expiry_of(cache, "forever") is None


def test_incr_of_an_expired_entry_is_a_missing_entry(tmp_path):
    cache = folder_cache(tmp_path / "cache")
    cache.set("k", 1, timeout=0)  # expired as soon as written
    with pytest.raises(ValueError):
        cache.incr("k")
