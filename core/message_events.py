"""What an applicant can be told about: message events, registered by the app that raises them.

A move of the inbox, the survey of the follow-up, and later the family file, research, the committee, appeals
and escalation each name an event; message templates (inbox.MessageTemplate) are edited per event, kind of
request and language. An event is data: adding one is a registration in the app that raises it, never an edit
to the inbox's moves or a migration (the templates' field reads its choices from here).
"""

import dataclasses

from django.core.exceptions import ImproperlyConfigured


@dataclasses.dataclass(frozen=True)
class MessageEvent:
    key: str
    label: str  # a lazy translation
    # Placeholders only this event fills, besides those every message has (inbox.messages.placeholders).
    placeholders: tuple[str, ...] = ()


_events: dict[str, MessageEvent] = {}


def register(key: str, label, *, placeholders: tuple[str, ...] = ()) -> str:
    """Declare an event; returns its key, for the raising app's constant. Registering the same event twice
    (a module imported again) is harmless; two different events under one key are a mistake."""
    event = MessageEvent(key, label, tuple(placeholders))
    known = _events.setdefault(key, event)
    if known != event:
        raise ImproperlyConfigured(f"Two message events are registered as {key!r}")
    return key


def get(key: str) -> MessageEvent:
    return _events[key]


def choices() -> list[tuple[str, str]]:
    """For a model field's `choices` (a callable: read when a form is built, after every app registered)."""
    return [(event.key, event.label) for event in _events.values()]


def keys() -> list[str]:
    return list(_events)
