"""The shared cache, configured to fail soft: Redis in production, a folder in the embedded default.

The site must keep serving pages and taking submissions when the cache is down,
only slower. django-redis with IGNORE_EXCEPTIONS turns every error into a miss
(a read gives its default, a write does nothing and returns None); short
socket timeouts bound what one call can cost. What they cannot bound is the
number of calls: a page makes several, and a host that drops packets costs
the whole connect timeout each time. So each process also stops trying a
server for BREAK_SECONDS after one failure (a small circuit breaker, in the
connections of the pool below), and then tries again.

Without Redis (`make run`, development) the cache is a folder on this machine
(`file_cache`): every process there (a second server, `manage.py` commands,
task workers) reads and writes the same entries, so a change one of them saves
(the content version, core/content_version.py) shows at the next request of
every other. A folder that cannot be read or written reads as a miss too
(`FileCache`), with no breaker: a failing file call costs no timeout.
"""

import functools
import logging
import pickle
import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 0.25
SOCKET_TIMEOUT_SECONDS = 0.25
BREAK_SECONDS = 5.0

# Per process: server address -> time.monotonic() until which it is not tried.
_skip_until: dict[str, float] = {}
# Per process: cache folder -> time.monotonic() of its last warning.
_folder_warned_at: dict[str, float] = {}
FOLDER_WARNING_SECONDS = 60.0
# Every public page of the demo in both languages (about 60) many times over, with the API's reads
# and pages kept under earlier versions until they expire. Each write lists the folder (about 2-3 ms
# at 1,000 entries); beyond it Django's file cache deletes a third of them, chosen at random.
FILE_CACHE_MAX_ENTRIES = 1000
_MISSING = object()


def redis_cache(url: str, key_prefix: str = "") -> dict:
    """A CACHES entry for the Redis server at `url` that reads errors as misses."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": CONNECT_TIMEOUT_SECONDS,
            "SOCKET_TIMEOUT": SOCKET_TIMEOUT_SECONDS,
            "CONNECTION_POOL_CLASS": "core.cache.BreakerConnectionPool",
        },
    }


def reset_breaker():
    """Try every server again at the next call, and warn again about any folder (tests)."""
    _skip_until.clear()
    _folder_warned_at.clear()


class _BreakerMixin:
    """A redis-py connection that is not even tried while its server is in a break."""

    def connect_check_health(self, *args, **kwargs):
        if self._sock is None:
            self._refuse_during_break()
        return self._watch(super().connect_check_health, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        # A connection opened before the break is not used during it either.
        self._refuse_during_break()
        return self._watch(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        response = self._watch(super().read_response, *args, **kwargs)
        if _skip_until and _skip_until.pop(self._host_error(), None) is not None:
            logger.warning("Cache server %s answers again", self._host_error())
        return response

    def _refuse_during_break(self):
        address = self._host_error()
        if time.monotonic() < _skip_until.get(address, 0.0):
            self.disconnect()
            raise RedisConnectionError(f"{address} failed less than {BREAK_SECONDS:g} s ago: not tried")

    def _watch(self, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            address = self._host_error()
            if address not in _skip_until:
                logger.warning("Cache server %s failed (%s): not tried for %g s", address, error, BREAK_SECONDS)
            _skip_until[address] = time.monotonic() + BREAK_SECONDS
            raise


@functools.cache
def _with_breaker(connection_class: type) -> type:
    return type(f"Breaker{connection_class.__name__}", (_BreakerMixin, connection_class), {})


class BreakerConnectionPool(ConnectionPool):
    """redis-py's pool, whose connections (plain, TLS or Unix socket, as the URL says) have the breaker."""

    def __init__(self, connection_class=Connection, **kwargs):
        super().__init__(connection_class=_with_breaker(connection_class), **kwargs)


def file_cache(location, key_prefix: str = "") -> dict:
    """A CACHES entry for a folder that every process on this machine shares, failing soft."""
    return {
        "BACKEND": "core.cache.FileCache",
        "LOCATION": str(location),
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_MAX_ENTRIES},
    }


class FileCache(FileBasedCache):
    """Django's file-based cache, for which a folder that fails is a cache that misses.

    Django's raises when its folder cannot be made, read or written (permissions,
    a full disk, a file in its place) or an entry cannot be read back (cut short,
    or pickled by code since changed). Here a read then gives its default and a
    write does nothing (`add` and `touch` say False, `incr` None, as django-redis
    with IGNORE_EXCEPTIONS does), with a warning at most once a minute per process.
    Entries are written whole and renamed into place (Django's), so a process never
    reads another's half-written entry; the folder is made readable by its owner only,
    since entries are pickles.
    """

    def __init__(self, dir, params):
        try:
            super().__init__(dir, params)  # makes the folder
        except OSError as error:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        now = time.monotonic()
        if now - _folder_warned_at.get(self._dir, -FOLDER_WARNING_SECONDS) >= FOLDER_WARNING_SECONDS:
            _folder_warned_at[self._dir] = now
            logger.warning("Cache folder %s failed (%r): read as a miss", self._dir, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception as error:  # any entry that cannot be read back is not there
            self._failed(error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OSError as error:
            self._failed(error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's add() calls set(), which here would hide a failure: True for an entry never
        # written would count every attempt of a rate limit as the first. An entry that cannot be
        # read back is not there (Django's has_key() reads its expiry only): it is written over,
        # or the content version would stay unknown until the next change.
        if self.get(key, _MISSING, version) is not _MISSING:
            return False
        try:
            FileBasedCache.set(self, key, value, timeout, version)
        except OSError as error:
            self._failed(error)
            return False
        return True

    def incr(self, key, delta=1, version=None):
        """As Django's incr (ValueError for a missing entry; not atomic between processes), but the
        entry keeps its expiry: Django's base class would give it the default timeout again."""
        name = self._key_to_file(key, version)
        try:
            try:
                # This folder's own entries, readable by its owner only, read as Django's own get() does.
                with open(name, "rb") as entry:
                    expiry = pickle.load(entry)  # noqa: S301
                    value = pickle.loads(zlib.decompress(entry.read()))  # noqa: S301
            except FileNotFoundError:
                value, expiry = _MISSING, None
            if value is _MISSING or (expiry is not None and expiry < time.time()):
                raise ValueError(f"Key '{key}' not found")
            value += delta
            timeout = None if expiry is None else max(expiry - time.time(), 0.001)
            FileBasedCache.set(self, key, value, timeout, version)
        except (OSError, EOFError, zlib.error, pickle.UnpicklingError) as error:
            self._failed(error)
            return None
        return value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except Exception as error:
            self._failed(error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OSError as error:
            self._failed(error)
            return False

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except Exception as error:
            self._failed(error)
            return False

    def clear(self):
        try:
            super().clear()
        except OSError as error:
            self._failed(error)
