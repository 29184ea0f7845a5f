"""PDPL requests: an administrator finds, exports, corrects and erases one applicant's data."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.urls import include, path, reverse
from django.utils import translation
from wagtail.admin.auth import require_admin_access
from wagtail.models import ModelLogEntry
from wagtail.utils.urlpatterns import decorate_urlpatterns

from forms.models import Attachment, Submission
from inbox import personal_data, views_data
from inbox.models import AnonymisedCase, CaseEvent, CaseLogEntry
from scripts.signin import sign_in
from tests.support.inbox import file_help_request, make_case
from website.urls import urlpatterns as site_urlpatterns

# The views mounted as the inbox's admin URLs mount them: under /admin/, behind Wagtail's admin check.
urlpatterns = [
    path(
        "admin/inbox/",
        include((decorate_urlpatterns(list(views_data.urlpatterns), require_admin_access), "inbox_data")),
    ),
    *site_urlpatterns,
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

MOBILE = "+966505550123"
SECRETS = ("سارة", "العتيبي", "0505550123", MOBILE, "505550123", "1000000008", "sara@example.org")


def url(name):
    return reverse(f"inbox_data:{name}")


def look_up(client, user, identifier):
    sign_in(client, user)
    response = client.post(url("personal_data"), {"identifier": identifier})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


@pytest.mark.parametrize(
    "typed", ["٠٥٠٥٥٥٠١٢٣", "۰۵۰۵۵۵۰۱۲۳", "0505550123", "505550123", "+966 50 555 0123", "00966505550123"]
)
def test_a_mobile_typed_in_any_digits_and_spelling(typed):
    identifier = personal_data.parse_identifier(typed)
    assert (identifier.by, identifier.value) == ("mobile", MOBILE)


def test_a_national_id_or_nothing_recognisable():
    identifier = personal_data.parse_identifier("١٠٠٠٠٠٠٠٠٨")
    assert (identifier.by, identifier.value) == ("national_id", "1000000008")
    for bad in ("", "12345", "1000000009", "abc"):
        with pytest.raises(ValidationError):
            personal_data.parse_identifier(bad)


def test_the_request_filed_with_an_international_mobile_is_found_by_arabic_digits(client, site_pages, staff):
    case = file_help_request(client)
    other = make_case(applicant_mobile="+966501112222", applicant_name="someone else")
    assert case.submission.applicant_mobile == MOBILE
    response = look_up(client, staff["admin"], "٠٥٠٥٥٥٠١٢٣")
    html = response.content.decode()
    assert response.status_code == 200
    assert case.submission.reference in html and other.submission.reference not in html
    # The identifier is kept in the session, never in an address.
    assert "0505550123" not in response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")
    by_id = look_up(client, staff["admin"], "1000000008").content.decode()
    assert case.submission.reference in by_id


def test_a_bad_identifier_is_refused_with_a_message(client, site_pages, staff):
    sign_in(client, staff["admin"])
    with translation.override("en"):
        response = client.post(url("personal_data"), {"identifier": "12"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "personal_data_subject" not in "".join(client.session.keys())


@pytest.mark.parametrize("name", ["relations", "researcher", "committee", "editor", "moderator"])
def test_everyone_but_administrators_gets_403_on_every_view(client, site_pages, staff, name):
    case = file_help_request(client)
    sign_in(client, staff["admin"])
    client.post(url("personal_data"), {"identifier": "0505550123"})
    admin_session = client.cookies["sessionid"].value
    sign_in(client, staff[name])
    # Even with the administrator's identifier put in this session.
    session = client.session
    session[views_data.SESSION_KEY] = {"by": "mobile", "value": MOBILE}
    session.save()
    assert client.cookies["sessionid"].value != admin_session
    for view, methods in [
        ("personal_data", ("get", "post")),
        ("personal_data_results", ("get",)),
        ("personal_data_export", ("post",)),
        ("personal_data_correct", ("post",)),
        ("personal_data_erase", ("get", "post")),
    ]:
        for method in methods:
            data = {"identifier": "0505550123", "confirm": "yes", "submission": case.pk, "field": "role:name",
                    "value": "x", "reason": "x"}  # fmt: skip
            response = getattr(client, method)(url(view), data if method == "post" else None)
            assert response.status_code == 403, (name, view, method)
    assert Submission.objects.filter(pk=case.pk, applicant_name="سارة محمد عبدالله العتيبي").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, site_pages):
    response = client.get(url("personal_data"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_export_for_the_applicant(client, site_pages, staff):
    case = file_help_request(client)
    look_up(client, staff["admin"], "0505550123")
    response = client.post(url("personal_data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    document = json.loads(response.content)
    (record,) = document["requests"]
    assert record["reference"] == case.submission.reference
    assert record["applicant"]["mobile"] == MOBILE
    answers = {answer["key"]: answer for answer in record["answers"]}
    assert answers["full_name"]["question"] == "الاسم الرباعي"
    assert answers["full_name"]["answer"] == "سارة محمد عبدالله العتيبي"
    assert sorted(a["file_name"] for a in record["attachments"]) == ["id-copy.pdf", "scan.png"]
    assert record["status"] and record["submitted_at"] and record["answer_due_by"]
    entry = ModelLogEntry.objects.get(action="inbox.personal_export")
    assert entry.data == {"requests": 1} and entry.user == staff["admin"]


def test_correcting_the_mobile_keeps_column_and_answers_in_step(client, site_pages, staff):
    case = file_help_request(client)
    second = file_help_request(client)
    look_up(client, staff["admin"], "0505550123")
    response = client.post(
        url("personal_data_correct"),
        {"request": "", "field": "role:mobile", "value": "٠٥٥ ١٢٣ ٤٥٦٧", "reason": "the applicant changed number"},
    )
    assert response.status_code == 302
    for submission in Submission.objects.filter(pk__in=[case.pk, second.pk]):
        assert submission.applicant_mobile == "+966551234567"
        assert submission.data["mobile"] == "+966551234567"
    # The applicant is now found by the new number, and the old one finds nothing.
    assert client.session[views_data.SESSION_KEY]["value"] == "+966551234567"
    assert not personal_data.find(personal_data.parse_identifier("0505550123")).exists()
    notes = CaseEvent.objects.filter(case_id=case.pk, kind="note")
    assert "the applicant changed number" in notes.get().text
    entries = CaseLogEntry.objects.filter(action="inbox.correct")
    assert entries.count() == 2 and {e.data["field"] for e in entries} == {"mobile"}


def test_correcting_the_name_by_its_answer_key_updates_the_search_column(client, site_pages, staff):
    case = file_help_request(client)
    look_up(client, staff["admin"], "1000000008")
    response = client.post(
        url("personal_data_correct"),
        {"request": str(case.pk), "field": "answer:full_name", "value": "سارة محمد العتيبى", "reason": "typo"},
    )
    assert response.status_code == 302
    submission = Submission.objects.get(pk=case.pk)
    assert submission.applicant_name == submission.data["full_name"] == "سارة محمد العتيبى"
    assert submission.applicant_name_search == "ساره محمد العتيبي"


def test_a_bad_correction_changes_nothing(client, site_pages, staff):
    case = file_help_request(client)
    look_up(client, staff["admin"], "0505550123")
    before = Submission.objects.get(pk=case.pk)
    for data in (
        {"field": "role:mobile", "value": "12345", "reason": "x"},
        {"field": "role:national_id", "value": "1000000009", "reason": "x"},
        {"field": "role:email", "value": "not an email", "reason": "x"},
        {"field": "answer:family_size", "value": "many", "reason": "x"},
        {"field": "role:name", "value": "new name", "reason": "  "},
        {"field": "answer:documents", "value": "x", "reason": "x"},
    ):
        response = client.post(url("personal_data_correct"), {"request": "", **data})
        assert response.status_code == 400, data
    after = Submission.objects.get(pk=case.pk)
    assert (after.data, after.applicant_mobile, after.applicant_name) == (
        before.data, before.applicant_mobile, before.applicant_name,
    )  # fmt: skip
    assert not CaseLogEntry.objects.filter(action="inbox.correct").exists()


def erase_through_the_views(client, admin, identifier):
    look_up(client, admin, identifier)
    confirm = client.get(url("personal_data_erase"))
    assert confirm.status_code == 200
    ids = [s.pk for s in personal_data.find(personal_data.parse_identifier(identifier))]
    # Without the box ticked nothing happens.
    client.post(url("personal_data_erase"), {"submission": ids})
    assert Submission.objects.filter(pk__in=ids).count() == len(ids)
    response = client.post(url("personal_data_erase"), {"submission": ids, "confirm": "yes"})
    assert response.status_code == 302
    return ids


def test_erasure_removes_rows_and_files_and_keeps_anonymous_rows(client, site_pages, staff):
    first, second = file_help_request(client), file_help_request(client)
    other = make_case(applicant_mobile="+966501112222")
    files = list(Attachment.objects.filter(submission__in=[first.pk, second.pk]).values_list("file", flat=True))
    assert len(files) == 4 and all(storages["private"].exists(name) for name in files)

    ids = erase_through_the_views(client, staff["admin"], "٠٥٠٥٥٥٠١٢٣")

    assert sorted(ids) == sorted([first.pk, second.pk])
    assert not Submission.objects.filter(pk__in=ids).exists()
    assert not Attachment.objects.filter(submission__in=ids).exists()
    assert not any(storages["private"].exists(name) for name in files)
    assert Submission.objects.filter(pk=other.pk).exists()
    rows = AnonymisedCase.objects.all()
    assert rows.count() == 2 and {row.kind for row in rows} == {"help_request"}
    entry = ModelLogEntry.objects.get(action="inbox.erase")
    assert entry.data == {"requests": 2, "kept": 0}


def test_erasure_against_the_real_s3_server(client, site_pages, staff, s3_storages):
    case = file_help_request(client)
    names = set(Attachment.objects.filter(submission=case.pk).values_list("file", flat=True))
    listed = {obj["Key"] for obj in s3_storages.client().list_objects_v2(Bucket="private").get("Contents", [])}
    assert names <= listed
    erase_through_the_views(client, staff["admin"], "0505550123")
    listed = {obj["Key"] for obj in s3_storages.client().list_objects_v2(Bucket="private").get("Contents", [])}
    assert not names & listed
    assert not Submission.objects.filter(pk=case.pk).exists() and AnonymisedCase.objects.count() == 1


def test_the_log_keeps_that_it_happened_never_the_data(client, site_pages, staff):
    file_help_request(client)
    look_up(client, staff["admin"], "0505550123")
    client.post(url("personal_data_export"))
    client.post(
        url("personal_data_correct"),
        {"request": "", "field": "role:email", "value": "new@example.org", "reason": "asked by سارة"},
    )
    erase_through_the_views(client, staff["admin"], "0505550123")
    entries = [
        *ModelLogEntry.objects.filter(action__startswith="inbox."),
        *CaseLogEntry.objects.filter(action__startswith="inbox."),
    ]
    actions = {entry.action for entry in entries}
    assert {"inbox.personal_search", "inbox.personal_export", "inbox.correct", "inbox.erase"} <= actions
    text = " ".join(json.dumps(entry.data, ensure_ascii=False) + entry.label for entry in entries)
    for secret in (*SECRETS, "new@example.org"):
        assert secret not in text
