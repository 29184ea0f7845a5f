"""The inbox in the admin: listing, filters, search, a request's page, moves, downloads, the dashboard."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from forms.models import Attachment, Notification
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent
from scripts.signin import sign_in
from tests.support.inbox import file_help_request

pytestmark = pytest.mark.django_db


def test_relations_see_both_languages_in_one_listing_with_masked_ids(client, site_pages, staff):
    arabic = file_help_request(client, "ar")
    english = file_help_request(client, "en", city="الخرج", marital_status="متزوج")
    sign_in(client, staff["relations"])
    response = client.get("/admin/inbox/")
    html = response.content.decode()
    assert response.status_code == 200
    for case in (arabic, english):
        assert case.submission.reference in html
    assert "1000000008" not in html and "1••••••••8" in html


@pytest.mark.parametrize(
    "query",
    ["٠٥٠ ٥٥٥ ٠١٢٣", "+966505550123", "00966505550123", "1000000008", "١٠٠٠٠٠٠٠٠٨", "سارة", "ساره العتيبي"],
)
def test_search_by_mobile_id_or_name_in_any_digit_set(client, site_pages, staff, query):
    case = file_help_request(client)
    other = file_help_request(client, full_name="خالد أحمد", national_id="1000000016", mobile="0555555555")
    sign_in(client, staff["relations"])
    html = client.get("/admin/inbox/", {"q": query}).content.decode()
    assert case.submission.reference in html
    assert other.submission.reference not in html


def test_search_by_reference(client, site_pages, staff):
    case = file_help_request(client)
    file_help_request(client)
    sign_in(client, staff["relations"])
    reference = case.submission.reference
    for typed in (reference, reference.lower(), reference.replace("-", "")):
        html = client.get("/admin/inbox/", {"q": typed}).content.decode()
        assert html.count("HR-") >= 1 and reference in html


def test_filters_overdue_mine_and_status(client, site_pages, staff):
    late = file_help_request(client)
    fresh = file_help_request(client)
    Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    Case.objects.filter(pk=fresh.pk).update(assignee=staff["relations"])
    sign_in(client, staff["relations"])
    overdue = client.get("/admin/inbox/", {"overdue": "true"}).content.decode()
    assert late.submission.reference in overdue and fresh.submission.reference not in overdue
    mine = client.get("/admin/inbox/", {"assignee": "mine"}).content.decode()
    assert fresh.submission.reference in mine and late.submission.reference not in mine
    unassigned = client.get("/admin/inbox/", {"assignee": "unassigned"}).content.decode()
    assert late.submission.reference in unassigned
    received = client.get("/admin/inbox/", {"status": "received"})
    assert received.status_code == 200 and late.submission.reference in received.content.decode()


def test_a_request_page_shows_answers_attachments_and_only_permitted_actions(client, site_pages, staff):
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    html = client.get(f"/admin/inbox/{case.pk}/").content.decode()
    assert "سداد إيجار ثلاثة أشهر" in html and "id-copy.pdf" in html
    assert 'value="verification"' in html and 'value="accepted"' not in html
    sign_in(client, staff["committee"])
    assert client.get(f"/admin/inbox/{case.pk}/").status_code == 404  # not yet with the committee


def test_labels_follow_the_staff_members_language(client, site_pages, staff):
    case = file_help_request(client, "en")
    sign_in(client, staff["relations"])
    arabic = client.get(f"/admin/inbox/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الاسم الرباعي" in arabic


def test_moves_through_the_page_and_a_stale_form_changes_nothing(client, site_pages, staff):
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    url = f"/admin/inbox/{case.pk}/move/"
    client.post(url, {"to": "verification", "version": case.version})
    case.refresh_from_db()
    assert case.status == Status.VERIFICATION
    response = client.post(url, {"to": "committee", "version": case.version - 1})
    case.refresh_from_db()
    assert case.status == Status.VERIFICATION
    from django.contrib.messages import constants, get_messages

    assert [m.level for m in get_messages(response.wsgi_request)][-1] == constants.ERROR
    # Whatever the form says, a committee-only move is refused for beneficiary relations.
    client.post(url, {"to": "committee", "version": case.version})
    client.post(url, {"to": "accepted"})
    case.refresh_from_db()
    assert case.status == Status.COMMITTEE


def test_attachment_download_is_checked_recorded_and_never_public(client, site_pages, staff):
    case = file_help_request(client)
    attachment = Attachment.objects.filter(submission_id=case.pk).first()
    url = f"/admin/inbox/{case.pk}/attachment/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.get("/media/" + attachment.file.name).status_code == 404
    sign_in(client, staff["editor"])
    assert client.get(url).status_code in (302, 403, 404)
    sign_in(client, staff["relations"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:5] in (b"%PDF-", b"\x89PNG\r")
    assert CaseEvent.objects.filter(case=case, kind="download", actor=staff["relations"]).exists()
    other = file_help_request(client)
    foreign = Attachment.objects.filter(submission_id=other.pk).first()
    assert client.get(f"/admin/inbox/{case.pk}/attachment/{foreign.pk}/").status_code == 404


def test_assignment_emails_the_assignee_and_shows_on_the_dashboard(
    client, site_pages, staff, django_capture_on_commit_callbacks
):
    case = file_help_request(client)
    sign_in(client, staff["relations"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/inbox/{case.pk}/assign/", {"assignee": staff["researcher"].pk})
    case.refresh_from_db()
    assert case.assignee == staff["researcher"]
    assert [message.to for message in mail.outbox] == [["researcher@example.org"]]
    assert case.submission.reference in mail.outbox[0].subject
    sign_in(client, staff["researcher"])
    dashboard = client.get("/admin/").content.decode()
    assert case.submission.reference in dashboard
    assert client.get(f"/admin/inbox/{case.pk}/").status_code == 200


def test_bulk_assign_and_spam_check_every_row(client, site_pages, staff):
    first, second = file_help_request(client), file_help_request(client)
    sign_in(client, staff["relations"])
    ids = f"id={first.pk}&id={second.pk}"
    response = client.post(f"/admin/bulk/inbox/case/assign/?{ids}&next=/admin/inbox/", {"assignee": staff["admin"].pk})
    assert response.status_code == 302
    assert set(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("assignee", flat=True)) == {
        staff["admin"].pk
    }
    client.post(f"/admin/bulk/inbox/case/spam/?{ids}&next=/admin/inbox/", {})
    assert set(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"spam"}
    # A researcher may neither assign nor mark as spam, whatever ids are posted.
    sign_in(client, staff["researcher"])
    client.post(f"/admin/bulk/inbox/case/close/?{ids}&next=/admin/inbox/", {})
    assert set(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"spam"}


def test_decisions_are_told_to_the_applicant_from_the_templates(client, site_pages, staff):
    from inbox import services

    case = file_help_request(client, "en")
    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    services.make_move(case.pk, Status.COMMITTEE, user=staff["relations"])
    services.make_move(case.pk, Status.REJECTED, user=staff["committee"], reason="The income is above the limit.")
    rejection = Notification.objects.filter(submission_id=case.pk, event="rejected")
    assert {n.channel for n in rejection} == {"applicant_email", "applicant_sms"}
    email = rejection.get(channel="applicant_email")
    assert "The income is above the limit." in email.body and case.submission.reference in email.subject
    assert 'dir="ltr"' in email.html_body


def test_arabic_messages_are_right_to_left_html_with_a_text_part(client, site_pages, staff):
    case = file_help_request(client, "ar")
    acknowledgement = Notification.objects.get(
        submission_id=case.pk, event="acknowledgement", channel="applicant_email"
    )
    assert 'dir="rtl"' in acknowledgement.html_body and 'lang="ar"' in acknowledgement.html_body
    assert case.submission.reference in acknowledgement.body and "{" not in acknowledgement.body


def test_the_daily_command_reminds_assignees_of_overdue_requests(client, site_pages, staff):
    from django.core.management import call_command

    late = file_help_request(client)
    on_time = file_help_request(client)
    Case.objects.filter(pk=late.pk).update(
        assignee=staff["relations"], due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    Case.objects.filter(pk=on_time.pk).update(assignee=staff["admin"])
    mail.outbox.clear()
    call_command("inbox_reminders", stdout=__import__("io").StringIO())
    assert [message.to for message in mail.outbox] == [["relations@example.org"]]
    assert late.submission.reference in mail.outbox[0].body
    assert on_time.submission.reference not in mail.outbox[0].body


def test_a_complaint_is_answered_and_the_answer_reaches_the_applicant(client, site_pages, staff):
    from inbox import services

    response = client.post(
        "/ar/complaints/",
        {"full_name": "منى", "mobile": "0555555555", "details": "تأخر الرد", "complaint_type": "complaint",
         "privacy_consent": "on", "website": "", "submission_token": __import__("uuid").uuid4()},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.order_by("-pk").first()
    assert case.submission.kind == "complaint" and case.status == "received"
    services.make_move(case.pk, Status.IN_PROGRESS, user=staff["relations"])
    with pytest.raises(services.Invalid):
        services.make_move(case.pk, Status.ANSWERED, user=staff["relations"])
    services.make_move(case.pk, Status.ANSWERED, user=staff["relations"], reason="نعتذر، وسنتصل بك اليوم.")
    sms = Notification.objects.get(submission_id=case.pk, event="complaint_answer", channel="applicant_sms")
    assert "نعتذر، وسنتصل بك اليوم." in sms.body


def test_staff_record_a_phone_request_through_the_same_form(client, site_pages, staff):
    from forms.models import FormPage, Submission
    from tests.support.forms import help_request_data

    page = FormPage.objects.get(kind="help_request", locale__language_code="ar")
    sign_in(client, staff["relations"])
    assert "inbox/new/" in client.get("/admin/inbox/").content.decode()
    chosen = client.get("/admin/inbox/new/", {"page": page.pk, "channel": "phone"})
    assert chosen.status_code == 302 and chosen["Location"].endswith(f"/admin/inbox/new/{page.pk}/?channel=phone")
    assert client.get(chosen["Location"]).status_code == 200
    bad = client.post(f"/admin/inbox/new/{page.pk}/", {**help_request_data(national_id="123"), "channel": "phone"})
    assert bad.status_code == 200 and not Submission.objects.exists()
    response = client.post(f"/admin/inbox/new/{page.pk}/", {**help_request_data(), "channel": "phone"})
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/inbox/{submission.pk}/")
    assert submission.channel == "phone" and submission.entered_by == staff["relations"]
    assert submission.case.status == Status.RECEIVED and submission.attachments.count() == 2
    # Whoever may not enter requests is refused, whatever they post.
    for name in ("researcher", "editor"):
        sign_in(client, staff[name])
        client.post(f"/admin/inbox/new/{page.pk}/", {**help_request_data(), "channel": "phone"})
        assert Submission.objects.count() == 1


def test_administrators_edit_the_templates_and_the_next_message_follows(client, site_pages, staff):
    from inbox.models import MessageTemplate

    sign_in(client, staff["admin"])
    assert client.get("/admin/snippets/inbox/messagetemplate/").status_code == 200
    template = MessageTemplate.objects.get(kind="", event="acknowledgement", language="ar")
    form_url = f"/admin/snippets/inbox/messagetemplate/edit/{template.pk}/"
    assert client.get(form_url).status_code == 200
    # A help request of its own: a template for one kind wins over the one for every kind.
    MessageTemplate.objects.create(
        site=template.site, kind="help_request", event="acknowledgement", language="ar", subject="طلبك {reference} وصل",
        body="أهلًا {name}، رقم طلبك {reference} {unknown}.", sms="",
    )  # fmt: skip
    case = file_help_request(client)
    owed = Notification.objects.filter(submission_id=case.pk, event="acknowledgement")
    assert [n.channel for n in owed] == ["applicant_email"]  # no SMS text: no SMS
    assert owed[0].subject == f"طلبك \u2066{case.submission.reference}\u2069 وصل"  # isolated: core/bidi.py
    assert "{unknown}" in owed[0].body and case.submission.applicant_name in owed[0].body
    sign_in(client, staff["relations"])
    assert client.get("/admin/snippets/inbox/messagetemplate/").status_code in (302, 403)


def test_every_request_in_the_listing_means_the_filtered_listing(client, site_pages, staff):
    mine = file_help_request(client)
    other = file_help_request(client)
    Case.objects.filter(pk=mine.pk).update(assignee=staff["relations"])
    sign_in(client, staff["relations"])
    listing = "/admin/inbox/?assignee=mine"
    client.post(f"/admin/bulk/inbox/case/assign/?id=all&next={__import__('urllib.parse').parse.quote(listing)}",
                {"assignee": staff["admin"].pk})  # fmt: skip
    assert Case.objects.get(pk=mine.pk).assignee == staff["admin"]
    assert Case.objects.get(pk=other.pk).assignee is None


def test_the_listing_total_matches_its_rows_with_and_without_a_status(client, site_pages, staff):
    from inbox.demo import create_fake_requests

    create_fake_requests(70)
    sign_in(client, staff["relations"])
    for query in ({}, {"status": "received"}, {"kind": "help_request"}, {"q": "العتيبي"}, {"status": "nonsense"}):
        response = client.get("/admin/inbox/", query)
        paginator = response.context["paginator"]
        expected = response.context["view"].get_queryset().count()
        assert paginator.count == expected, query
