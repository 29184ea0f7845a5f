"""Request paths as logs may keep them: no query string, no secret token.

Some addresses carry a secret in their path: whoever reads it can act as the
person it was sent to. The personal link (…/link/<token>/, its documents/ and
withdraw/), the survey link (…/survey/<token>/ and its thanks/), a form's
thank-you page (…/thanks/<reference>-<signature>/, which shows the reference),
their API twins (/api/v3/followup/status/<token>/, /api/v3/followup/surveys/<token>/)
and Wagtail's password reset (/admin/password_reset/confirm/<uid>/<token>/, then .../set-password/).
The headless preview's token is in the query string, which is never logged.

Each such segment becomes REDACTED, and so does any segment holding a long run
of hexadecimal digits, the shape of every signature here, wherever a route
may move. Used by gunicorn's logger (deploy/gunicorn.conf.py), Django's
logging (PathsWithoutTokens in LOGGING: "Internal Server Error: <path>") and
error mail (core/error_reports.py); deploy/nginx/website.conf does the same with a `map` (tests/website/test_deploy.py
checks that both agree on the same paths).

Imports nothing from Django: gunicorn loads it before the site.
"""

import logging
import re

REDACTED = "[redacted]"

# The segment after each of these names (case-insensitive: a mistyped link still carries its token).
TOKEN_ROUTES = re.compile(r"(?i)(/api/v3/followup/(?:status|surveys)/|/(?:link|survey|thanks)/)[^/?#]+")
# Password reset: all that follows (the user's id, then the token or "set-password").
PASSWORD_RESET = re.compile(r"(?i)(/password_reset/confirm/)[^?#]*")
# 24 or more hexadecimal digits in a row: a signature (the thank-you page's has 24, the links' 32).
SIGNATURE = re.compile(r"(?<=/)[^/?#]*[0-9a-fA-F]{24}[^/?#]*")


def loggable_path(path) -> str:
    """`path` (or a whole request URI) without its query string, and with its tokens redacted."""
    if path is None:
        return "-"
    path = str(path).split("?", 1)[0].split("#", 1)[0]
    path = TOKEN_ROUTES.sub(lambda match: match.group(1) + REDACTED, path)
    path = PASSWORD_RESET.sub(lambda match: match.group(1) + REDACTED, path)
    return SIGNATURE.sub(REDACTED, path)


class PathsWithoutTokens(logging.Filter):
    """Log records name a request by its path ("Internal Server Error: %s", gunicorn's "Error
    handling request %s"): each argument that is a path is logged as loggable_path() gives it."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(
                loggable_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg for arg in record.args
            )
        return True
