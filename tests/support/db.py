"""Database helpers: work on a connection of its own, as another request's thread would (PostgreSQL's
concurrency tests), and rows made once for a module's tests."""

import threading
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import connections, transaction


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


@contextmanager
def rolled_back_at_the_end(django_db_blocker):
    """Rows made once for a module's tests (in a module-scoped fixture): each test's own transaction
    nests inside this one (a savepoint), and the whole is rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def built_once(django_db_blocker, build):
    """For a module-scoped fixture: `yield from built_once(django_db_blocker, build)` makes `build()`'s rows
    once for the module (rolled back at its end) and yields what `build` returned (primary keys, say).

    What building queued for after commit is dropped: it would never run (all is rolled back), and left
    queued it would stand in for the tests' own changes (core.content_version queues its after-commit
    step once per transaction, so a test's own change would queue nothing and no purge be captured)."""
    with rolled_back_at_the_end(django_db_blocker):
        rows = build()
        connections["default"].run_on_commit.clear()
        yield rows
