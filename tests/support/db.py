"""Work done on a connection of its own, as another request's thread would (PostgreSQL's concurrency tests)."""

import threading
from types import SimpleNamespace

from django.db import connections


def in_new_connection(function):
    result = SimpleNamespace(value=None, error=None)

    def run():
        try:
            result.value = function()
        except Exception as error:  # pragma: no cover
            result.error = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if result.error:
        raise result.error
    return result.value
