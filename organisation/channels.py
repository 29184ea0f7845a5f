"""Each association's own channels: the address its emails come from, the sender name its text messages
carry and its reCAPTCHA keys. What an association leaves blank (`Association`) is the deployment's setting:
DEFAULT_FROM_EMAIL, FORMS_SMS_SENDER, RECAPTCHA_PUBLIC_KEY/RECAPTCHA_PRIVATE_KEY.

One query for an association's four values; with a request at hand they are kept by the worker with the
sites' structure (core/site_facts.py's `lasting`: saving an `Association` changes the structure version,
organisation.apps), so a page needs none. Only the association's own values are kept: the settings are read
each time.
"""

from django.conf import settings

from core import site_facts
from organisation.models import Association

FIELDS = ("sender_email", "sms_sender", "recaptcha_public_key", "recaptcha_private_key")
NONE = dict.fromkeys(FIELDS, "")


def own(site_id: int | None, request=None) -> dict:
    """The association's own channels, blank where it has none (no fallback)."""
    if site_id is None:
        return NONE
    if request is not None:
        return site_facts.lasting(request, ("association-channels", site_id), lambda: _read(site_id))
    return _read(site_id)


def _read(site_id: int) -> dict:
    found = Association.objects.filter(site_id=site_id).values(*FIELDS).first()
    return dict(found) if found else NONE


def sender_email(site_id: int | None, request=None) -> str:
    """The address an association's emails come from."""
    return own(site_id, request)["sender_email"] or settings.DEFAULT_FROM_EMAIL


def sms_sender(site_id: int | None, request=None) -> str:
    """The sender name an association's text messages carry ('' leaves it to the gateway's account)."""
    return own(site_id, request)["sms_sender"] or getattr(settings, "FORMS_SMS_SENDER", "")


def recaptcha_keys(site_id: int | None, request=None) -> tuple[str, str]:
    """(site key, secret key): the association's pair when it has both, else the deployment's (a key of
    one pair never goes with the other's)."""
    values = own(site_id, request)
    if values["recaptcha_public_key"] and values["recaptcha_private_key"]:
        return values["recaptcha_public_key"], values["recaptcha_private_key"]
    return getattr(settings, "RECAPTCHA_PUBLIC_KEY", ""), getattr(settings, "RECAPTCHA_PRIVATE_KEY", "")
