"""A live HTTP server for one test, inside the test's own database transaction.

The site's WSGI application answers on a free loopback port, in a thread of the test's process, through
the test's own database connection: a client speaks real HTTP to it (sockets, headers, multipart bodies),
and whatever the server writes is rolled back with the test, on SQLite and PostgreSQL alike. Nothing to
migrate or seed (a second process would need both), and no table flushed afterwards (pytest-django's
`live_server` needs `transactional_db`, which empties the tables the session's association lives in).

The server has one thread and answers one request at a time, and the test waits for each answer, so the
connection is never used by two threads at once.
"""

import threading
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections


class QuietRequestHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 -- the standard library's signature
        pass


@contextmanager
def serving():
    """Serve the site over HTTP on the current test's connection; yields its base URL ("http://127.0.0.1:port")."""
    connection = connections[DEFAULT_DB_ALIAS]
    server = WSGIServer(("127.0.0.1", 0), QuietRequestHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())

    def serve():
        connections[DEFAULT_DB_ALIAS] = connection  # this thread uses the test's connection, not one of its own
        server.serve_forever(poll_interval=0.05)

    connection.inc_thread_sharing()
    # As Django's test client does: the end of a request must not close the test's connection (and transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    thread = threading.Thread(target=serve, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        connection.dec_thread_sharing()
