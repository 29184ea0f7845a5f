"""No personal data in gunicorn's own access log: no query strings, no referrers."""

import runpy
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from tests.support.personal_data import MOBILE, NAME_AR, canaries_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


@pytest.mark.skipif(not GUNICORN_CONF.exists(), reason="deploy/gunicorn.conf.py is not there yet")
def test_gunicorn_access_log_leaves_out_query_strings_and_referrers(monkeypatch):
    """%(r)s (the request line) and %(q)s carry the query string, %(f)s the referring page's (a search for a
    name); the log is rendered by gunicorn itself to be sure."""
    import datetime
    import types

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    namespace = runpy.run_path(str(GUNICORN_CONF))
    config = Config()
    for key, value in namespace.items():
        if key in config.settings and not key.startswith("_"):
            config.set(key, value)
    log_format = config.access_log_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({referer}i)s", "%({referrer}i)s"):
        assert atom.lower() not in log_format.lower(), f"{atom} writes query strings into the access log"

    config.set("accesslog", None)
    config.set("errorlog", "-")
    logger = Logger(config)
    query = f"q={quote_plus(NAME_AR)}&mobile={MOBILE}"
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/ar/search/?{query}", "PATH_INFO": "/ar/search/",
        "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://example.org/ar/track-request/?{query}", "HTTP_USER_AGENT": "test",
    }  # fmt: skip
    request = types.SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"]), ("USER-AGENT", "test")])
    response = types.SimpleNamespace(status="200 OK", headers=[("Content-Type", "text/html")], sent=123)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    line = log_format % logger.atoms_wrapper_class(atoms)
    assert "/ar/search/" in line or "%(U)s" not in log_format
    assert canaries_in(line) == [], line
