"""Production, for scripts/scale_test.py only: with a stand-in for Google's reCAPTCHA check.

The scale test cannot reach Google, so it answers the siteverify call itself,
over TLS on loopback (a certificate of its own, trusted through SSL_CERT_FILE).
Nothing else differs from production.py.
"""

import os

from .production import *  # noqa: F401,F403

RECAPTCHA_DOMAIN = os.environ["SCALE_TEST_RECAPTCHA_DOMAIN"]
