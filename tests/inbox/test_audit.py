"""The inbox's audit entries: registered, readable by administrators, with no personal data."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from wagtail.log_actions import log, registry
from wagtail.models import ModelLogEntry

from inbox import audit, services
from inbox.lifecycle import Status
from inbox.models import Case, CaseLogEntry
from scripts.signin import sign_in
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db

SECRETS = ("سارة", "العتيبي", "0505550123", "+966505550123", "505550123", "1000000008", "sara@example.org")

ACTIONS = [
    "inbox.view", "inbox.move", "inbox.assign", "inbox.note", "inbox.download", "inbox.export", "inbox.erase",
    "inbox.correct", "inbox.personal_export", "inbox.personal_search", "inbox.retention",
]  # fmt: skip


def test_every_action_is_registered_with_a_label_and_a_message(help_case, staff):
    for action in ACTIONS:
        assert registry.action_exists(action), action
        assert str(registry.get_action_label(action))
    samples = {
        "inbox.move": {"from": "received", "to": "verification"},
        "inbox.assign": {"assignee": staff["relations"].pk},
        "inbox.export": {"format": "csv", "rows": 3, "filters": {"status": "received"}},
        "inbox.erase": {"requests": 2, "kept": 1},
        "inbox.correct": {"field": "mobile"},
        "inbox.personal_export": {"requests": 2},
        "inbox.personal_search": {"by": "mobile", "found": 2},
        "inbox.retention": {"deleted": 5, "kept": 0},
    }
    for action in ACTIONS:
        entry = log(help_case, action, user=staff["admin"], data=samples.get(action, {}))
        with translation.override("en"):
            message = str(registry.get_formatter(entry).format_message(entry))
        assert message, action
        for secret in SECRETS:
            assert secret not in message and secret not in entry.label
    move = CaseLogEntry.objects.filter(action="inbox.move").last()
    with translation.override("en"):
        assert str(registry.get_formatter(move).format_message(move)) == (
            "Status changed from “Received” to “Data verification”"
        )


def site_history_rows(client, user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks each person's chosen language
    profile.save()
    sign_in(client, user)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    html = response.content.decode()
    body = re.search(r"<tbody>(.*)</tbody>", html, re.S)
    return re.sub(r"<[^>]+>", " ", body.group(1)) if body else ""


def test_administrators_see_the_inbox_entries_with_no_personal_data(client, site_pages, staff):
    case = file_help_request(client)
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.add_note(case.pk, "called سارة on 0505550123", user=staff["relations"])
    rows = site_history_rows(client, staff["admin"])
    assert case.submission.reference in rows
    assert "Status changed from “Received” to “Data verification”" in rows
    assert "Internal note added" in rows
    for secret in SECRETS:
        assert secret not in rows


def test_administrators_see_the_entries_that_span_many_requests(client, site_pages, staff):
    """Exports, retention and the PDPL actions are logged on the inbox settings of the site."""
    # The Administrators group needs a permission on the inbox settings to see entries logged on
    # them (and to set the retention periods); given here until the inbox's migration gives it.
    staff["admin"].groups.get().permissions.add(Permission.objects.get(codename="change_inboxsettings"))
    audit.record("inbox.erase", user=staff["admin"], requests=2, kept=0)
    rows = site_history_rows(client, staff["admin"])
    assert "Erased an applicant&#x27;s data: 2 requests deleted" in rows or "Erased an applicant's data: 2" in rows


def test_staff_outside_the_inbox_see_none_of_it(client, site_pages, staff):
    case = file_help_request(client)
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    assert case.submission.reference not in site_history_rows(client, staff["editor"])


def test_a_requests_entries_are_its_own_and_listed_only_to_those_who_may_see_it(client, site_pages, staff):
    """Site history lists a request's entries (reference, moves, notes, who acted) by the inbox's
    own visibility rule: not to a social researcher it was not given to, nor to the committee
    before it reaches the committee."""
    case = file_help_request(client)
    reference = case.submission.reference
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.add_note(case.pk, "visit planned", user=staff["relations"])
    entry = CaseLogEntry.objects.get(action="inbox.note")
    assert entry.case_id == case.pk and entry.label == reference
    assert not ModelLogEntry.objects.filter(content_type__model="case").exists()

    def listed(role):
        client.logout()
        return reference in site_history_rows(client, staff[role])

    assert listed("relations") and listed("admin")
    assert not listed("researcher") and not listed("committee") and not listed("editor")
    services.make_move(case.pk, Status.COMMITTEE, user=staff["relations"])
    assert listed("committee") and not listed("researcher")
    services.assign(case.pk, staff["researcher"], user=staff["relations"])
    assert listed("researcher") and not listed("researcher2")
    # The "Action" filter (and the "User" one) is drawn from the entries this person may see, too.
    for role, shown in (("relations", True), ("researcher2", False)):
        client.logout()
        sign_in(client, staff[role])
        html = client.get("/admin/reports/site-history/").content.decode()
        assert ('value="inbox.note"' in html) == shown, role


def test_entries_of_a_deleted_request_stay_for_superusers_only(client, site_pages, staff, django_user_model):
    case = file_help_request(client)
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    reference = case.submission.reference
    case.submission.delete()
    assert CaseLogEntry.objects.filter(case_id=case.pk).exists()  # nothing cascades
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert reference in site_history_rows(client, root)
    client.logout()
    assert reference not in site_history_rows(client, staff["relations"])


def test_the_entries_written_before_move_to_the_requests_own_log(help_case, staff):
    """Migration 0005 moves the entries Wagtail's ModelLogEntry held about requests."""
    migration = importlib.import_module("inbox.migrations.0005_request_log_entries")
    case_type = ContentType.objects.get_for_model(Case)
    old = ModelLogEntry.objects.create(
        content_type=case_type, object_id=str(help_case.pk), label=help_case.submission.reference,
        action="inbox.view", timestamp=timezone.now(), user=staff["relations"],
    )  # fmt: skip
    other = audit.record("inbox.export", user=staff["admin"], format="csv", rows=1)

    migration.forwards(apps, None)

    assert not ModelLogEntry.objects.filter(pk=old.pk).exists() and ModelLogEntry.objects.filter(pk=other.pk).exists()
    moved = CaseLogEntry.objects.get(action="inbox.view")
    assert (moved.case_id, moved.label, moved.user_id, moved.timestamp) == (
        help_case.pk, old.label, staff["relations"].pk, old.timestamp,
    )  # fmt: skip
    migration.backwards(apps, None)
    assert ModelLogEntry.objects.get(action="inbox.view", object_id=str(help_case.pk)).timestamp == old.timestamp
