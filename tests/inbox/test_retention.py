"""Retention: finished requests past their kind's period go, files first; an anonymous row stays."""

import datetime
import io
import os

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from forms.kinds import FormKind
from forms.models import Attachment, Submission
from inbox import retention, services
from inbox.lifecycle import LIFECYCLES, NOT_SPAM_DAYS, REL, Lifecycle, Status, move
from inbox.models import MAX_RETENTION_DAYS, AnonymisedCase, Case, CaseLogEntry, InboxSettings
from tests.support.inbox import file_help_request, file_survey, finish, make_case

pytestmark = pytest.mark.django_db


def retention_days(**days):
    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    for kind, value in days.items():
        setattr(settings, f"{kind}_retention_days", value)
    settings.save()


def test_a_closed_request_past_its_period_goes_with_its_files_and_leaves_an_anonymous_row(client, site_pages, staff):
    rel, com = staff["relations"], staff["committee"]
    case = file_help_request(client)
    submission = case.submission
    files = set(Attachment.objects.filter(submission=submission).values_list("file", flat=True))
    assert len(files) == 2 and all(storages["private"].exists(name) for name in files)
    services.make_move(case.pk, Status.VERIFICATION, user=rel)
    services.make_move(case.pk, Status.COMMITTEE, user=rel)
    services.make_move(case.pk, Status.REJECTED, user=com, reason="income above the limit")
    # A rejected request is closed once the applicant's appeal period has ended (tests/inbox/test_appeals.py).
    appeal_ended = timezone.now() - datetime.timedelta(days=InboxSettings().appeal_days + 1)
    Case.objects.filter(pk=case.pk).update(status_changed_at=appeal_ended)
    services.make_move(case.pk, Status.CLOSED, user=rel)
    case.refresh_from_db()
    retention_days(help_request=30)
    assert retention.run().deleted == 0  # closed today
    finish(case, "closed", days_ago=31)

    report = retention.run()

    assert report.deleted == 1 and report.failed == []
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not any(storages["private"].exists(name) for name in files)
    row = AnonymisedCase.objects.get()
    assert (row.kind, row.form_key, row.form_title, row.language, row.channel, row.final_status) == (
        "help_request", submission.form_key, submission.form_title, "ar", "website", "closed",
    )  # fmt: skip
    assert row.received_at == submission.submitted_at and row.due_date == case.due_date
    assert row.answered_at == case.answered_at and row.closed_at is not None
    assert [(move["from"], move["to"]) for move in row.moves] == [
        ("received", "verification"), ("verification", "committee"), ("committee", "rejected"),
        ("rejected", "closed"),
    ]  # fmt: skip
    assert all(move["at"] for move in row.moves)
    assert row.satisfaction is None
    # Nothing that names the applicant is in the anonymous row.
    text = " ".join(str(value) for value in row.__dict__.values())
    for secret in ("سارة", "+966505550123", "1000000008", "sara@example.org", "income above"):
        assert secret not in text


def test_each_kind_has_its_own_period_and_open_requests_stay(site_pages):
    retention_days(help_request=100, complaint=10)
    old_help = finish(make_case("help-request"), "closed", days_ago=50)
    old_complaint = finish(make_case("complaints"), "closed", days_ago=50)
    open_help = make_case("help-request")
    Case.objects.filter(pk=open_help.pk).update(status_changed_at=old_help.closed_at)
    spam = finish(make_case("help-request"), "spam", days_ago=100 + NOT_SPAM_DAYS + 1)

    assert retention.run().deleted == 2
    remaining = set(Case.objects.values_list("pk", flat=True))
    assert {old_help.pk, open_help.pk} <= remaining
    assert not {old_complaint.pk, spam.pk} & remaining
    assert sorted(AnonymisedCase.objects.values_list("final_status", flat=True)) == ["closed", "spam"]


# A form page of the demo for each kind; a kind without one borrows another's page.
DEMO_PAGE = {FormKind.HELP_REQUEST: "help-request", FormKind.COMPLAINT: "complaints",
             FormKind.VOLUNTEER: "volunteer", FormKind.SURVEY: "satisfaction-survey"}  # fmt: skip


def case_of_kind(kind, **columns):
    case = make_case(DEMO_PAGE.get(kind, "complaints"), applicant_national_id="1000000008", **columns)
    Submission.objects.filter(pk=case.pk).update(kind=kind)
    return Case.objects.select_related("submission").get(pk=case.pk)


def test_every_final_status_of_every_kind_goes_after_its_period(site_pages):
    """Walks the statuses each lifecycle declares final (none listed here): each is deleted once its
    period has passed, counted from the end of any time in which it can still be reopened."""
    period = 10
    retention_days(**dict.fromkeys(FormKind.values, period))
    kept, gone = {}, {}
    for kind, lifecycle in LIFECYCLES.items():
        assert lifecycle.final_statuses, kind
        for status in lifecycle.final_statuses:
            start = period + lifecycle.reopen_days(status)
            kept[kind, status] = finish(case_of_kind(kind), status, days_ago=start - 1).pk
            gone[kind, status] = finish(case_of_kind(kind), status, days_ago=start + 1).pk
    assert (FormKind.HELP_REQUEST, Status.WITHDRAWN) in gone and (FormKind.SURVEY, Status.RECORDED) in gone
    assert LIFECYCLES[FormKind.HELP_REQUEST].reopen_days(Status.SPAM) == NOT_SPAM_DAYS

    report = retention.run()

    remaining = set(Case.objects.values_list("pk", flat=True))
    assert not {key for key, pk in gone.items() if pk in remaining}, "kept past its period"
    assert not {key for key, pk in kept.items() if pk not in remaining}, "deleted too early"
    assert report.deleted == len(gone)


def test_a_status_with_no_way_out_is_final_and_retained_without_being_listed(site_pages, monkeypatch):
    """A lifecycle changed later (here: a general form that ends once accepted) is covered at once."""
    ends_accepted = Lifecycle(Status.RECEIVED, {Status.RECEIVED: [move(Status.ACCEPTED, {REL}, "Accept")]}, frozenset())
    monkeypatch.setitem(LIFECYCLES, FormKind.GENERAL, ends_accepted)
    assert Status.ACCEPTED in ends_accepted.final_statuses
    retention_days(general=1)
    case = finish(case_of_kind(FormKind.GENERAL), Status.ACCEPTED, days_ago=2)
    still_open = finish(case_of_kind(FormKind.GENERAL), Status.RECEIVED, days_ago=2)
    assert retention.run().deleted == 1
    assert not Case.objects.filter(pk=case.pk).exists() and Case.objects.filter(pk=still_open.pk).exists()


def test_a_withdrawn_help_request_goes_with_its_identity_and_files(client, site_pages):
    """The applicant withdrew it from their personal link: a final status no move leaves."""
    case = file_help_request(client)
    files = list(Attachment.objects.filter(submission=case.submission).values_list("file", flat=True))
    services.applicant_withdraw(case.pk)
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    retention_days(help_request=30)
    assert retention.run().deleted == 0
    finish(case, Status.WITHDRAWN, days_ago=31)

    assert retention.run().deleted == 1
    assert not Submission.objects.filter(applicant_national_id="1000000008").exists()
    assert not any(storages["private"].exists(name) for name in files)
    assert AnonymisedCase.objects.get().final_status == Status.WITHDRAWN


def test_spam_is_kept_while_it_can_still_be_restored(site_pages, staff):
    retention_days(help_request=1)
    case = finish(make_case(), "spam", days_ago=NOT_SPAM_DAYS - 1)
    assert retention.run().deleted == 0  # its period has not started: "Not spam" is still offered
    assert [m.to for m in services.allowed_moves(staff["relations"], case)] == [Status.RECEIVED]
    finish(case, "spam", days_ago=NOT_SPAM_DAYS + 2)
    assert services.allowed_moves(staff["relations"], case) == []
    assert retention.run().deleted == 1


def test_a_survey_keeps_its_satisfaction_answer(client, site_pages):
    case = file_survey(client, overall="٤", speed="2")
    retention_days(survey=0)
    finish(case, "recorded", days_ago=1)
    assert retention.run().deleted == 1
    assert AnonymisedCase.objects.get().satisfaction == 4


def test_a_request_reopened_meanwhile_is_not_deleted(site_pages):
    retention_days(help_request=1)
    case = finish(make_case(), "spam", days_ago=NOT_SPAM_DAYS + 5)
    rules = retention.RetentionRules()
    due = list(retention.due_case_ids(rules=rules))
    assert due == [case.pk]
    Case.objects.filter(pk=case.pk).update(status=Status.RECEIVED)  # "not spam", after the list was made
    assert (
        retention.remove_case(case.pk, still_wanted=lambda c: retention.is_due(c, retention.timezone.now(), rules))
        is None
    )
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_storage_failure_keeps_the_request_for_the_next_run_and_is_recorded(client, site_pages, staff):
    case = file_help_request(client)
    retention_days(help_request=1)
    finish(case, "closed", days_ago=2)
    first, second = Attachment.objects.filter(submission=case.submission).order_by("pk").values_list("file", flat=True)
    # The second file's place taken by a folder that is not empty: deleting it fails for real.
    location = storages["private"].path(second)
    os.remove(location)
    os.makedirs(location)
    open(os.path.join(location, "keep"), "w").close()

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 request"):
        call_command("inbox_retention", stdout=out)

    assert Submission.objects.filter(pk=case.pk).exists() and AnonymisedCase.objects.count() == 0
    assert not storages["private"].exists(first)  # deleted before the failure...
    record = CaseLogEntry.objects.get(action="inbox.retention", case_id=case.pk)
    assert record.data == {"removal_failed": True, "files_removed": 1}  # ...and recorded on the request
    summary = ModelLogEntry.objects.get(action="inbox.retention", content_type__model="inboxsettings")
    assert summary.data == {"deleted": 0, "kept": 1}

    os.remove(os.path.join(location, "keep"))
    os.rmdir(location)
    call_command("inbox_retention", stdout=out)
    assert "1 request(s) deleted" in out.getvalue()
    assert not Submission.objects.filter(pk=case.pk).exists() and AnonymisedCase.objects.count() == 1


def test_the_command_counts_in_a_dry_run_and_logs_counts_only(site_pages):
    retention_days(general=1, help_request=1)
    for _ in range(3):
        finish(make_case(applicant_name="سارة", applicant_mobile="+966505550123"), "closed", days_ago=3)
    out = io.StringIO()
    call_command("inbox_retention", "--dry-run", stdout=out)
    assert "3 request(s)" in out.getvalue() and Case.objects.count() == 3
    call_command("inbox_retention", "--limit", "2", stdout=out)
    assert Case.objects.count() == 1
    entry = ModelLogEntry.objects.get(action="inbox.retention")
    assert entry.data == {"deleted": 2, "kept": 0} and entry.user is None
    assert "سارة" not in entry.label + str(entry.data)


def test_against_the_real_s3_server(client, site_pages, s3_storages, settings):
    case = file_help_request(client)
    names = list(Attachment.objects.filter(submission=case.submission).values_list("file", flat=True))
    listed = {obj["Key"] for obj in s3_storages.client().list_objects_v2(Bucket="private").get("Contents", [])}
    assert set(names) <= listed
    retention_days(help_request=1)
    finish(case, "closed", days_ago=2)

    # Refused by the server (wrong secret): the request stays, nothing is deleted.
    good = settings.STORAGES["private"]
    bad = {**good, "OPTIONS": {**good["OPTIONS"], "secret_key": "wrong"}}
    settings.STORAGES = {**settings.STORAGES, "private": bad}
    report = retention.run()
    assert report.failed == [case.pk] and Submission.objects.filter(pk=case.pk).exists()
    settings.STORAGES = {**settings.STORAGES, "private": good}

    assert retention.run().deleted == 1
    listed = {obj["Key"] for obj in s3_storages.client().list_objects_v2(Bucket="private").get("Contents", [])}
    assert not set(names) & listed
    assert AnonymisedCase.objects.count() == 1


def test_a_period_longer_than_a_century_is_refused_and_the_longest_allowed_still_runs(admin_client, site_pages):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/inbox/inboxsettings/{site.pk}/"
    form = {f"{kind}_retention_days": 365 for kind in FormKind.values}

    response = admin_client.post(url, {**form, "help_request_retention_days": 1_000_000})

    assert response.status_code == 200 and "help_request_retention_days" in response.context["form"].errors
    assert InboxSettings.for_site(site).help_request_retention_days == 5 * 365  # nothing saved
    retention_days(**dict.fromkeys(FormKind.values, MAX_RETENTION_DAYS))
    assert retention.run().deleted == 0  # the longest period reaches back no further than year 1
