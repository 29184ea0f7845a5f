"""Every role against every inbox action: the exact answer expected, no mismatch.

The request is a help request referred to the social researcher `researcher`
(status: with the social researcher); `researcher2` is another social researcher.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from forms.models import Attachment
from inbox import services
from inbox.lifecycle import Status
from inbox.models import Case
from scripts.signin import sign_in as sign_in_staff
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "moderator", "relations", "researcher", "researcher2", "committee", "admin"]
# Outcomes: "ok" (200, or the change made), "login" (to the sign-in page), "denied" (403 or the admin's
# permission redirect), "hidden" (404: the request does not exist for this person), "refused" (the change not made).
READ = {
    "anonymous": "login", "editor": "denied", "moderator": "denied", "relations": "ok", "researcher": "ok",
    "researcher2": "hidden", "committee": "hidden", "admin": "ok",
}  # fmt: skip
LISTED = {"relations": True, "researcher": True, "researcher2": False, "committee": False, "admin": True}
MOVE_TO_COMMITTEE = {
    "anonymous": "login", "editor": "denied", "moderator": "denied", "relations": "ok", "researcher": "ok",
    "researcher2": "hidden", "committee": "hidden", "admin": "ok",
}  # fmt: skip
ACCEPT_AT_COMMITTEE = {
    "anonymous": "login", "editor": "denied", "moderator": "denied", "relations": "refused", "researcher": "refused",
    "researcher2": "hidden", "committee": "ok", "admin": "ok",
}  # fmt: skip
BULK_SPAM = {
    "anonymous": "login", "editor": "denied", "moderator": "denied", "relations": "ok", "researcher": "refused",
    "researcher2": "refused", "committee": "refused", "admin": "ok",
}  # fmt: skip
EXPORT = {
    "anonymous": "login", "editor": "denied", "moderator": "denied", "relations": "ok", "researcher": "denied",
    "researcher2": "denied", "committee": "denied", "admin": "ok",
}  # fmt: skip
# Wagtail's Reports -> Site history opens for anyone in the admin; the request's entries are listed
# (on the page and in its CSV and XLSX exports) only to those who may see the request.
SITE_HISTORY = {role: "login" if role == "anonymous" else "ok" for role in ROLES}
HISTORY_LISTED = {**LISTED, "editor": False, "moderator": False}


@pytest.fixture
def referred(client, site_pages, staff):
    case = file_help_request(client)
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(
        case.pk, Status.RESEARCH, user=staff["relations"], reason="visit", researcher=staff["researcher"]
    )
    return Case.objects.get(pk=case.pk)


def sign_in(client, staff, role):
    client.logout()
    if role != "anonymous":
        sign_in_staff(client, staff[role])


def outcome_of(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    if response.status_code == 404:
        return "hidden"
    return "ok" if response.status_code in (200, 302) else f"status {response.status_code}"


def check(results, expected):
    mismatches = {role: (results[role], expected[role]) for role in ROLES if results[role] != expected[role]}
    assert not mismatches, f"(got, expected) per role: {mismatches}"


def test_read_the_listing_a_request_and_its_attachment(client, staff, referred):
    attachment = Attachment.objects.filter(submission_id=referred.pk).first()
    urls = {
        "listing": "/admin/inbox/",
        "detail": f"/admin/inbox/{referred.pk}/",
        "download": f"/admin/inbox/{referred.pk}/attachment/{attachment.pk}/",
    }
    for name, url in urls.items():
        results = {}
        for role in ROLES:
            sign_in(client, staff, role)
            response = client.get(url)
            results[role] = outcome_of(response)
            if name == "listing" and results[role] == "ok":
                shown = referred.submission.reference in response.content.decode()
                assert shown == LISTED[role], role
        check(results, READ if name != "listing" else {**READ, "researcher2": "ok", "committee": "ok"})


def _post_and_see(client, url, data, case, expect_status):
    response = client.post(url, data)
    result = outcome_of(response)
    if result == "ok":
        result = "ok" if Case.objects.get(pk=case.pk).status == expect_status else "refused"
    return result


def test_each_move_through_its_url(client, staff, referred):
    results = {}
    for role in ROLES:
        Case.objects.filter(pk=referred.pk).update(status=Status.RESEARCH, committee_at=None)
        sign_in(client, staff, role)
        url = reverse("inbox:move", args=[referred.pk])
        results[role] = _post_and_see(client, url, {"to": "committee"}, referred, Status.COMMITTEE)
    check(results, MOVE_TO_COMMITTEE)

    results = {}
    Case.objects.filter(pk=referred.pk).update(committee_at="2026-01-01T00:00:00Z")
    for role in ROLES:
        Case.objects.filter(pk=referred.pk).update(status=Status.COMMITTEE, answered_at=None)
        sign_in(client, staff, role)
        url = reverse("inbox:move", args=[referred.pk])
        results[role] = _post_and_see(client, url, {"to": "accepted"}, referred, Status.ACCEPTED)
    check(results, {**ACCEPT_AT_COMMITTEE, "researcher2": "hidden"})


def test_notes_and_assignment(client, staff, referred):
    notes, assignments = {}, {}
    for role in ROLES:
        sign_in(client, staff, role)
        before = referred.events.filter(kind="note").count()
        result = outcome_of(client.post(reverse("inbox:note", args=[referred.pk]), {"text": f"note by {role}"}))
        if result == "ok":
            result = "ok" if referred.events.filter(kind="note").count() > before else "refused"
        notes[role] = result
        Case.objects.filter(pk=referred.pk).update(assignee=None)
        result = outcome_of(
            client.post(reverse("inbox:assign", args=[referred.pk]), {"assignee": staff["relations"].pk})
        )
        if result == "ok":
            result = "ok" if Case.objects.get(pk=referred.pk).assignee_id == staff["relations"].pk else "refused"
        assignments[role] = result
    check(notes, READ)
    check(assignments, {**READ, "researcher": "refused"})


def test_send_a_new_link(client, staff, referred):
    """Beneficiary relations (and administrators, who hold their permission) send the applicant a new link."""
    results = {}
    for role in ROLES:
        sign_in(client, staff, role)
        before = Case.objects.get(pk=referred.pk).link_secret
        result = outcome_of(client.post(reverse("inbox:new_link", args=[referred.pk])))
        if result == "ok":
            result = "ok" if Case.objects.get(pk=referred.pk).link_secret != before else "refused"
        results[role] = result
    check(results, {**READ, "researcher": "refused"})


def test_bulk_action_checks_each_row(client, staff, referred):
    results = {}
    for role in ROLES:
        Case.objects.filter(pk=referred.pk).update(status=Status.RESEARCH)
        sign_in(client, staff, role)
        url = f"/admin/bulk/inbox/case/spam/?id={referred.pk}&next=/admin/inbox/"
        response = client.post(url, {})
        result = outcome_of(response)
        if result in ("ok", "hidden"):
            result = "ok" if Case.objects.get(pk=referred.pk).status == Status.SPAM else "refused"
        results[role] = result
    check(results, BULK_SPAM)


def test_export(client, staff, referred):
    results = {}
    for role in ROLES:
        sign_in(client, staff, role)
        response = client.get(reverse("inbox:export") + "?format=csv")
        results[role] = outcome_of(response)
        if results[role] == "ok":
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert referred.submission.reference in body.decode("utf-8-sig")
    check(results, EXPORT)


def test_every_url_with_another_requests_id_is_a_404(client, staff, referred, site_pages):
    """A social researcher's URLs with the id of a request not referred to them."""
    other = file_help_request(client)
    attachment = Attachment.objects.filter(submission_id=other.pk).first()
    sign_in_staff(client, staff["researcher"])
    for url in (
        f"/admin/inbox/{other.pk}/",
        f"/admin/inbox/{other.pk}/attachment/{attachment.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for name, data in (("move", {"to": "verification"}), ("assign", {}), ("note", {"text": "x"}), ("new_link", {})):
        assert client.post(reverse(f"inbox:{name}", args=[other.pk]), data).status_code == 404, name
    assert Case.objects.get(pk=other.pk).status == Status.RECEIVED
    assert not other.events.filter(kind="note").exists()


def _history_text(response, fmt) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return body.decode("utf-8-sig")


def test_site_history_and_its_export(client, staff, referred):
    reference = referred.submission.reference
    services.add_note(referred.pk, "visit planned", user=staff["researcher"])
    for fmt in ("", "csv", "xlsx"):
        results = {}
        for role in ROLES:
            sign_in(client, staff, role)
            response = client.get("/admin/reports/site-history/" + (f"?export={fmt}" if fmt else ""))
            results[role] = outcome_of(response)
            if results[role] == "ok":
                assert (reference in _history_text(response, fmt)) == HISTORY_LISTED[role], (role, fmt or "page")
        check(results, SITE_HISTORY)


def test_a_request_has_no_history_page_of_its_own(client, staff, referred):
    """The inbox's view set keeps only its listing: no generic history (nor edit, inspect) view of a request."""
    for role in ("relations", "admin"):
        sign_in(client, staff, role)
        for url in (f"/admin/inbox/history/{referred.pk}/", f"/admin/inbox/edit/{referred.pk}/"):
            assert client.get(url).status_code == 404, (role, url)
