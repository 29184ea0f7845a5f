"""Revoking an applicant's personal links: correcting their mobile or email, "send a new link", erasure.

A revoked link answers exactly as a link that never existed (status, headers and bytes), on its
page, its upload and withdrawal, and in the API; the request's survey link dies with it.
"""

import importlib
import json

from django.apps import apps as global_apps
from django.utils.crypto import salted_hmac
from wagtail.models import ModelLogEntry

from followup import tokens
from followup.models import SurveyInvitation
from forms.models import Attachment, Submission
from inbox import personal_data, retention, services
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent, CaseLogEntry
from tests.support.followup import ANSWERS, status_path, survey_link
from tests.support.forms import pdf, private_files
from tests.support.inbox import ask_for_documents, deliver

NEVER = f"999999999-{'f' * 32}"  # the shape of a link, never issued
NEVER_PAGE = f"/ar/track-request/link/{NEVER}/"
NEVER_SURVEY = f"/ar/track-request/survey/{NEVER}/"


def api_status(token):
    return f"/api/v3/followup/status/{token}/?locale=ar"


def assert_answered_as_unknown(revoked, unknown):
    """Nothing tells a revoked link from one that never existed."""
    assert revoked.status_code == unknown.status_code == 404
    assert dict(revoked.items()) == dict(unknown.items())
    assert revoked.content == unknown.content


def correct(case, staff, field="role:mobile", value="٠٥٥ ١٢٣ ٤٥٦٧"):
    submissions = Submission.objects.filter(pk=case.pk)
    personal_data.correct(submissions, field, value, "sent to the wrong number", staff["admin"])
    return Case.objects.select_related("submission").get(pk=case.pk)


def test_correcting_the_mobile_revokes_the_link_with_its_upload_and_withdrawal(client, help_case, staff):
    case = ask_for_documents(help_case, staff)
    old, old_token = status_path(case), tokens.status_token(case)
    assert client.get(old).status_code == 200

    case = correct(case, staff)

    assert_answered_as_unknown(client.get(old), client.get(NEVER_PAGE))
    files, attachments = private_files(), Attachment.objects.count()
    documents = {"documents": [pdf("lease.pdf")], "version": case.version}
    assert_answered_as_unknown(
        client.post(old + "documents/", documents),
        client.post(NEVER_PAGE + "documents/", {"documents": [pdf("lease.pdf")], "version": case.version}),
    )
    withdrawal = {"confirm": "yes", "version": case.version, "reason": "x"}
    assert_answered_as_unknown(
        client.post(old + "withdraw/", withdrawal), client.post(NEVER_PAGE + "withdraw/", withdrawal)
    )
    assert_answered_as_unknown(client.get(api_status(old_token)), client.get(api_status(NEVER)))
    # Nothing changed through the old link.
    case.refresh_from_db()
    assert case.status == Status.WAITING and case.closed_at is None
    assert private_files() == files and Attachment.objects.count() == attachments
    assert not CaseEvent.objects.filter(case=case, kind="applicant").exists()
    # The request's new link works, on the page and in the API.
    new = status_path(case)
    assert new != old and client.get(new).status_code == 200
    assert client.get(api_status(tokens.status_token(case))).status_code == 200
    # Staff see why on the timeline, and the log says so without the data.
    assert CaseEvent.objects.filter(case=case, kind="link", actor=staff["admin"]).count() == 1
    entry = CaseLogEntry.objects.get(action="inbox.personal_link", case_id=case.pk)
    assert entry.data == {"why": "correction"}


def test_correcting_the_email_revokes_the_link_and_the_name_does_not(client, help_case, staff):
    old = status_path(help_case)
    case = correct(help_case, staff, field="role:name", value="سارة محمد")
    assert client.get(old).status_code == 200  # the messages still go where they went
    case = correct(case, staff, field="role:email", value=case.submission.applicant_email)
    assert client.get(old).status_code == 200  # the same address again: nothing changed, nothing revoked
    case = correct(case, staff, field="role:email", value="other@example.org")
    assert_answered_as_unknown(client.get(old), client.get(NEVER_PAGE))
    assert client.get(status_path(case)).status_code == 200


def test_the_survey_link_dies_with_a_correction(client, help_case, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliver(help_case, staff)
    old = survey_link(help_case)
    old_token = old.rstrip("/").rsplit("/", 1)[1]
    assert client.get(old).status_code == 200

    correct(help_case, staff)

    assert_answered_as_unknown(client.get(old), client.get(NEVER_SURVEY))
    answers = {**ANSWERS, "submission_token": "3f0c6a3e-6a5b-4c55-9d43-6a0c1b1e2f10"}
    assert_answered_as_unknown(client.post(old, answers), client.post(NEVER_SURVEY, answers))
    assert_answered_as_unknown(client.get(old + "thanks/"), client.get(NEVER_SURVEY + "thanks/"))
    body = json.dumps({"overall": 4, "speed": 3, "staff": 3})
    assert_answered_as_unknown(
        client.post(f"/api/v3/followup/surveys/{old_token}/?locale=ar", body, content_type="application/json"),
        client.post(f"/api/v3/followup/surveys/{NEVER}/?locale=ar", body, content_type="application/json"),
    )
    invitation = SurveyInvitation.objects.get(case=help_case)
    assert invitation.used_at is None and invitation.response is None


def test_an_erasure_revokes_the_link_even_when_the_rows_stay_for_another_try(client, help_case, staff, monkeypatch):
    old, old_token = status_path(help_case), tokens.status_token(help_case)
    other = personal_data.parse_identifier("0505550123")

    def storage_down(case_id, **kwargs):
        raise retention.RemovalFailed(case_id, 0, OSError("storage down"))

    monkeypatch.setattr(retention, "remove_case", storage_down)
    erased, kept = personal_data.erase(other, staff["admin"])
    assert erased == 0 and kept == [help_case.submission.reference]
    assert Case.objects.filter(pk=help_case.pk).exists()
    assert_answered_as_unknown(client.get(old), client.get(NEVER_PAGE))
    assert_answered_as_unknown(client.get(api_status(old_token)), client.get(api_status(NEVER)))

    monkeypatch.undo()
    assert personal_data.erase(other, staff["admin"]) == (1, [])
    assert_answered_as_unknown(client.get(old), client.get(NEVER_PAGE))


def test_a_revoked_link_costs_what_an_unknown_one_does(help_case, staff, monkeypatch, django_assert_num_queries):
    """Same timing class: one query and one signature, whether the request exists or not."""
    old = tokens.status_token(help_case)
    correct(help_case, staff)
    signatures = []
    real = tokens.salted_hmac
    monkeypatch.setattr(tokens, "salted_hmac", lambda *args, **kwargs: signatures.append(1) or real(*args, **kwargs))
    for token in (old, NEVER):
        signatures.clear()
        with django_assert_num_queries(1):
            assert tokens.case_for_status_token(token) is None
        assert len(signatures) == 1, token


def test_a_link_revoked_while_the_applicant_acts_changes_nothing(help_case, staff):
    """The secret is checked again with the request's row locked."""
    case = ask_for_documents(help_case, staff)
    opened = tokens.case_for_status_token(tokens.status_token(case))
    services.revoke_personal_links(case.pk, user=staff["relations"], why="sent")
    files = private_files()
    for act in (
        lambda: services.applicant_send_documents(case.pk, [pdf()], link_secret=opened.link_secret),
        lambda: services.applicant_withdraw(case.pk, link_secret=opened.link_secret),
    ):
        try:
            act()
        except services.LinkRevoked:
            pass
        else:
            raise AssertionError("acted through a revoked link")
    case.refresh_from_db()
    assert case.status == Status.WAITING and private_files() == files


def test_links_sent_before_the_secret_existed_work_until_the_first_revocation(client, help_case, staff):
    """The migration gives existing requests an empty secret: their links keep the old signature."""
    Case.objects.filter(pk=help_case.pk).update(link_secret="")
    signed = f"{help_case.pk}:{help_case.submission.reference}"
    legacy = f"{help_case.pk}-{salted_hmac('followup.status', signed, algorithm='sha256').hexdigest()[:32]}"
    assert client.get(f"/ar/track-request/link/{legacy}/").status_code == 200
    correct(help_case, staff)
    assert_answered_as_unknown(client.get(f"/ar/track-request/link/{legacy}/"), client.get(NEVER_PAGE))


def test_the_migration_revokes_the_links_of_requests_corrected_before_it(client, site_pages, help_case, staff):
    from tests.support.inbox import file_help_request

    untouched = file_help_request(client)
    Case.objects.filter(pk__in=[help_case.pk, untouched.pk]).update(link_secret="")
    # Written as it was before migration 0005 moved requests' entries to their own log (CaseLogEntry).
    ModelLogEntry.objects.log_action(help_case, "inbox.correct", user=staff["admin"], data={"field": "mobile"})
    migration = importlib.import_module("inbox.migrations.0004_personal_link_secret")
    migration.forwards(global_apps, None)
    assert Case.objects.get(pk=help_case.pk).link_secret != ""
    assert Case.objects.get(pk=untouched.pk).link_secret == ""
