"""A WSGI app for tests/website/test_deploy.py, run by gunicorn with deploy/gunicorn.conf.py: it refuses
every POST at once, reading none of its body, as the API refuses a write without a token."""


def application(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        status, body = "401 Unauthorized", b'{"detail": "no token"}'
    else:
        status, body = "200 OK", b"ok"
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
