"""Message events are data: registered by the app that raises them, read by the templates and the moves."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core import message_events
from inbox.lifecycle import LIFECYCLES, Event
from inbox.models import MessageTemplate


@pytest.fixture
def appeal_event():
    """An event a later feature registers (an appeal's answer), forgotten again after the test."""
    key = message_events.register("appeal_answer", _("Answer to an appeal"), placeholders=("appeal_reference",))
    yield key
    message_events._events.pop(key)


def test_registering_returns_the_key_and_the_same_event_twice_is_harmless():
    assert Event.ACCEPTED == "accepted"
    assert message_events.register("accepted", _("Request accepted")) == "accepted"
    assert message_events.get("accepted").label == _("Request accepted")


def test_two_events_under_one_key_are_refused():
    with pytest.raises(ImproperlyConfigured):
        message_events.register("accepted", _("Something else"))


def test_every_move_that_tells_the_applicant_names_a_registered_event():
    told = {
        move.tells_applicant
        for lifecycle in LIFECYCLES.values()
        for moves in lifecycle.moves.values()
        for move in moves
        if move.tells_applicant
    }
    assert told and told <= set(message_events.keys())


@pytest.mark.django_db
def test_a_newly_registered_event_gets_templates_without_a_migration(appeal_event):
    field = MessageTemplate._meta.get_field("event")
    assert appeal_event in dict(field.choices)
    site = Site.objects.get(is_default_site=True)
    template = MessageTemplate(site=site, event=appeal_event, language="ar", subject="ردّ على تظلمك", body="{reference}")
    template.full_clean()
    template.save()
    assert message_events.get(appeal_event).placeholders == ("appeal_reference",)


@pytest.mark.django_db
def test_an_unregistered_event_is_refused():
    template = MessageTemplate(event="no_such_event", language="ar", subject="x", body="x")
    with pytest.raises(Exception, match="event"):
        template.full_clean()
