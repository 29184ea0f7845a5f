"""The shared cache (Redis), configured to fail soft.

The site must keep serving pages and taking submissions when Redis is down,
only slower. django-redis with IGNORE_EXCEPTIONS turns every error into a miss
(a read gives its default, a write does nothing and returns None); short
socket timeouts bound what one call can cost. What they cannot bound is the
number of calls: a page makes several, and a host that drops packets costs
the whole connect timeout each time. So each process also stops trying a
server for BREAK_SECONDS after one failure (a small circuit breaker, in the
connections of the pool below), and then tries again.
"""

import functools
import logging
import time

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 0.25
SOCKET_TIMEOUT_SECONDS = 0.25
BREAK_SECONDS = 5.0

# Per process: server address -> time.monotonic() until which it is not tried.
_skip_until: dict[str, float] = {}


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
    """Try every server again at the next call (tests)."""
    _skip_until.clear()


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
