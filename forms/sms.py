"""A small SMS backend interface: the console in development, a provider's API in production.

FORMS_SMS_BACKEND names a class with `send(to: str, text: str) -> None` that
raises on failure. Providers (Unifonic, Taqnyat, …) each get a small class.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleBackend:
    def send(self, to: str, text: str) -> None:
        logger.warning("SMS to %s: %s", to, text)
        print(f"SMS to {to}: {text}")  # noqa: T201 - the development backend prints


class MemoryBackend:
    """For tests: keeps what was sent in `MemoryBackend.outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        MemoryBackend.outbox.append((to, text))


def get_backend():
    return import_string(getattr(settings, "FORMS_SMS_BACKEND", "forms.sms.ConsoleBackend"))()
