"""The applicant's appeal (تظلم): within the period administrators set, once, with its documents; the move
back to the committee, the timeline, the acknowledgement in Arabic; the appeal decided with the committee's
next answer; closing and retention wait for the period; bad input refused with nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Site

from forms.models import Attachment, Notification
from inbox import appeals, retention, services
from inbox.lifecycle import APPEAL_PERIOD, LIFECYCLES, Status
from inbox.models import Appeal, Case, CaseEvent, CaseLogEntry, InboxSettings
from inbox.periods import periods_for
from tests.support.forms import pdf, png, private_files
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db


def settings_with(**values):
    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def reject(case, staff):
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(case.pk, Status.COMMITTEE, user=staff["relations"])
    case, _event = services.make_move(case.pk, Status.REJECTED, user=staff["committee"], reason="الدخل أعلى من الحد")
    return case


def rejected_days_ago(case, days):
    Case.objects.filter(pk=case.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=days))
    return Case.objects.select_related("submission").get(pk=case.pk)


@pytest.fixture
def rejected(client, site_pages, staff):
    return reject(file_help_request(client), staff)


def test_an_appeal_within_the_period_goes_back_to_the_committee_with_its_record(
    rejected, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, appeal = appeals.applicant_appeal(
            rejected.pk, "  وضعي تغيّر بعد وفاة العائل  ", [pdf("death-certificate.pdf")],
            expected_version=rejected.version, link_secret=rejected.link_secret,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.status == Status.COMMITTEE
    assert (appeal.case_id, appeal.reason) == (case.pk, "وضعي تغيّر بعد وفاة العائل")
    assert (appeal.outcome, appeal.decided) == ("", False)
    assert appeal.site == Site.objects.get(is_default_site=True)
    assert list(Appeal.objects.open_for(case)) == [appeal]
    (document,) = appeal.files.all()
    assert (document.field_key, document.original_name) == ("appeal", "death-certificate.pdf")
    assert document.submission_id == case.pk  # in the private storage, with the request's other files
    # On the timeline: the appeal with its reason, and the move, both the applicant's.
    entry = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.APPEAL)
    assert (entry.from_status, entry.to_status, entry.actor) == ("rejected", "committee", None)
    assert entry.text == appeal.reason
    assert CaseEvent.objects.filter(case=case, kind="move", from_status="rejected", to_status="committee").exists()
    assert CaseLogEntry.objects.filter(action="inbox.appeal", case_id=case.pk).exists()
    # The committee member sees it and may decide again.
    assert Status.ACCEPTED in {move.to for move in services.allowed_moves(staff["committee"], case)}


def test_the_acknowledgement_is_sent_in_arabic_from_its_default_template(rejected):
    appeals.applicant_appeal(rejected.pk, "لدي مستندات جديدة", link_secret=rejected.link_secret)
    email = Notification.objects.get(submission=rejected.submission, event="appeal_received", channel="applicant_email")
    assert email.subject.strip("\u2066\u2067\u2068\u2069").startswith("وصل تظلمك على الطلب رقم")
    assert rejected.submission.reference in email.body and "لجنة البحث" in email.body
    assert "/track-request/link/" in email.body  # the personal link to follow it
    sms = Notification.objects.get(submission=rejected.submission, event="appeal_received", channel="applicant_sms")
    assert "تظلمك" in sms.body
    assert CaseEvent.objects.filter(case=rejected, kind="message", text="appeal_received").count() == 2


def test_the_period_comes_from_the_setting(rejected):
    settings_with(appeal_days=10)
    assert periods_for(rejected) == {APPEAL_PERIOD: 10}
    late = rejected_days_ago(rejected, 11)
    assert not appeals.window(late).open and appeals.window(late).refusal == "period_over"
    with pytest.raises(services.NotAllowed) as refused:
        appeals.applicant_appeal(late.pk, "سبب", link_secret=late.link_secret)
    assert "انتهت" in str(refused.value) or "ended" in str(refused.value)
    assert Case.objects.get(pk=late.pk).status == Status.REJECTED and not Appeal.objects.exists()

    in_time = rejected_days_ago(rejected, 9)
    window = appeals.window(in_time)
    assert window.open and window.ends_on == timezone.localdate(in_time.status_changed_at + datetime.timedelta(days=10))
    appeals.applicant_appeal(in_time.pk, "سبب", link_secret=in_time.link_secret)
    assert Case.objects.get(pk=in_time.pk).status == Status.COMMITTEE


def test_the_default_period_is_thirty_days(rejected):
    assert InboxSettings().appeal_days == 30
    assert appeals.window(rejected_days_ago(rejected, 29)).open
    assert not appeals.window(rejected_days_ago(rejected, 31)).open


def test_the_decision_on_appeal_marks_it_decided_and_reaches_the_applicant(rejected, staff):
    appeals.applicant_appeal(rejected.pk, "سبب", link_secret=rejected.link_secret)
    # Sent back for research, the appeal is still open; accepted after it, decided.
    services.make_move(rejected.pk, Status.RESEARCH, user=staff["committee"], reason="زيارة")
    assert Appeal.objects.open_for(rejected).exists()
    services.make_move(rejected.pk, Status.COMMITTEE, user=staff["relations"])
    services.make_move(rejected.pk, Status.ACCEPTED, user=staff["committee"])
    appeal = Appeal.objects.get(case=rejected)
    assert appeal.outcome == Status.ACCEPTED and appeal.decided_at is not None
    assert not Appeal.objects.open_for(rejected).exists()
    assert Notification.objects.filter(submission=rejected.submission, event="accepted").exists()


def test_one_appeal_per_request_and_none_after_a_rejection_on_appeal(rejected, staff):
    appeals.applicant_appeal(rejected.pk, "سبب", link_secret=rejected.link_secret)
    with pytest.raises(services.NotAllowed) as again:
        appeals.applicant_appeal(rejected.pk, "مرة ثانية", link_secret=rejected.link_secret)
    assert str(again.value)
    services.make_move(rejected.pk, Status.REJECTED, user=staff["committee"], reason="القرار باقٍ")
    assert Appeal.objects.get(case=rejected).outcome == Status.REJECTED
    case = Case.objects.select_related("submission").get(pk=rejected.pk)
    assert appeals.window(case).refusal == "rejected_on_appeal"
    with pytest.raises(services.NotAllowed):
        appeals.applicant_appeal(case.pk, "مرة ثالثة", link_secret=case.link_secret)
    assert Appeal.objects.count() == 1 and Case.objects.get(pk=case.pk).status == Status.REJECTED
    # With no appeal left, staff may close it at once.
    services.make_move(case.pk, Status.CLOSED, user=staff["relations"])


def test_closing_a_rejected_request_waits_for_the_appeal_period(rejected, staff):
    rel = staff["relations"]
    assert Status.CLOSED not in {move.to for move in services.allowed_moves(rel, rejected)}
    with pytest.raises(services.NotAllowed):
        services.make_move(rejected.pk, Status.CLOSED, user=rel)
    assert Case.objects.get(pk=rejected.pk).status == Status.REJECTED
    ended = rejected_days_ago(rejected, 31)
    assert Status.CLOSED in {move.to for move in services.allowed_moves(rel, ended)}
    services.make_move(ended.pk, Status.CLOSED, user=rel)
    # Nobody on staff is ever offered the applicant's move.
    assert all(move.to != Status.COMMITTEE for move in services.allowed_moves(staff["admin"], rejected))


def test_retention_keeps_a_rejected_request_until_the_appeal_period_ends(rejected, staff):
    settings_with(help_request_retention_days=1, appeal_days=60)
    assert Status.REJECTED not in LIFECYCLES["help_request"].final_statuses
    old = rejected_days_ago(rejected, 59)
    assert retention.run().deleted == 0
    assert Case.objects.filter(pk=old.pk).exists()
    with pytest.raises(services.NotAllowed):  # cannot be closed, so retention never starts counting
        services.make_move(old.pk, Status.CLOSED, user=staff["relations"])
    ended = rejected_days_ago(rejected, 61)
    services.make_move(ended.pk, Status.CLOSED, user=staff["relations"])
    Case.objects.filter(pk=ended.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=2))
    assert retention.run().deleted == 1


def test_the_personal_link_of_a_rejected_request_stays_open_through_the_period(client, rejected):
    from followup import tokens
    from tests.support.followup import status_path

    settings_with(appeal_days=90)
    late = rejected_days_ago(rejected, 80)
    assert tokens.case_for_status_token(tokens.status_token(late)) is not None
    assert client.get(status_path(late)).status_code == 200


@pytest.mark.parametrize(
    "upload",
    [
        lambda: pdf("cv.php.pdf"),
        lambda: SimpleUploadedFile("page.pdf", b"<html><script>1</script></html>", content_type="application/pdf"),
        lambda: SimpleUploadedFile("empty.png", b"", content_type="image/png"),
    ],
)
def test_documents_go_through_the_upload_checks_and_a_refusal_saves_nothing(rejected, upload):
    files, rows, events = private_files(), Attachment.objects.count(), CaseEvent.objects.count()
    with pytest.raises(services.Invalid):
        appeals.applicant_appeal(rejected.pk, "سبب", [png(), upload()], link_secret=rejected.link_secret)
    assert private_files() == files and Attachment.objects.count() == rows and CaseEvent.objects.count() == events
    assert not Appeal.objects.exists() and Case.objects.get(pk=rejected.pk).status == Status.REJECTED


def test_bad_input_is_refused_and_nothing_saved(client, site_pages, rejected, staff):
    from django.utils import translation

    still_open = file_help_request(client)
    files = private_files()
    with translation.override("ar"), pytest.raises(services.Invalid) as empty:
        appeals.applicant_appeal(rejected.pk, "   ", [pdf()], link_secret=rejected.link_secret)
    assert "إعادة النظر" in str(empty.value)  # translated
    with pytest.raises(services.LinkRevoked):
        appeals.applicant_appeal(rejected.pk, "سبب", [pdf()], link_secret="0" * 32)
    with pytest.raises(services.Conflict):
        appeals.applicant_appeal(rejected.pk, "سبب", expected_version=rejected.version - 1,
                                 link_secret=rejected.link_secret)  # fmt: skip
    with pytest.raises(services.NotAllowed):
        appeals.applicant_appeal(still_open.pk, "سبب", [pdf()], link_secret=still_open.link_secret)
    assert private_files() == files and not Appeal.objects.exists()
    assert Case.objects.get(pk=rejected.pk).status == Status.REJECTED
    assert Case.objects.get(pk=still_open.pk).status == Status.RECEIVED


def test_staff_see_the_appeal_with_its_documents_on_the_request_page(client, rejected, staff):
    from scripts.signin import sign_in

    rejected = rejected_days_ago(rejected, 3)
    sign_in(client, staff["relations"])
    page = client.get(f"/admin/inbox/{rejected.pk}/").content.decode()
    assert "data-appeal-period" in page  # the period the request waits through before it can be closed
    _case, appeal = appeals.applicant_appeal(rejected.pk, "تغيّر دخل الأسرة", [pdf("salary.pdf")],
                                             link_secret=rejected.link_secret)  # fmt: skip
    page = client.get(f"/admin/inbox/{rejected.pk}/").content.decode()
    assert f'data-appeal="{appeal.pk}"' in page and "تغيّر دخل الأسرة" in page and "salary.pdf" in page
    attachment = appeal.files.get()
    assert client.get(f"/admin/inbox/{rejected.pk}/attachment/{attachment.pk}/").status_code in (200, 302)


def test_the_applicants_export_holds_their_appeal(rejected, staff):
    from inbox.personal_data import submission_record

    appeals.applicant_appeal(rejected.pk, "أرفقت صك الإعالة", link_secret=rejected.link_secret)
    services.make_move(rejected.pk, Status.ACCEPTED, user=staff["committee"])
    submission = Case.objects.select_related("submission").get(pk=rejected.pk).submission
    (appeal,) = submission_record(submission)["appeals"]
    assert appeal["reason"] == "أرفقت صك الإعالة" and appeal["outcome"] and appeal["submitted_at"]
