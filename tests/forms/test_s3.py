"""Attachments against a real S3 server on loopback: private, signed, never public."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import storages

from forms import maintenance
from forms.models import Attachment, Submission
from scripts.signin import sign_in
from tests.support.forms import help_request_data

pytestmark = pytest.mark.django_db


def private_keys(server):
    listing = server.client().list_objects_v2(Bucket="private")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_attachments_land_in_the_private_bucket(client, site_pages, s3_storages):
    before = private_keys(s3_storages)
    response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get()
    names = sorted(Attachment.objects.filter(submission=submission).values_list("file", flat=True))
    assert sorted(set(private_keys(s3_storages)) - set(before)) == names
    public = s3_storages.client().list_objects_v2(Bucket="public").get("Contents", [])
    assert not any(item["Key"] in names for item in public)


def test_attachments_are_refused_to_anonymous_requests(client, site_pages, s3_storages):
    client.post("/ar/help-request/", help_request_data())
    for name in Attachment.objects.values_list("file", flat=True):
        assert s3_storages.anonymous_get("private", name) in (401, 403)


def test_signed_urls_last_at_most_five_minutes(client, site_pages, s3_storages):
    client.post("/ar/help-request/", help_request_data())
    attachment = Attachment.objects.first()
    url = storages["private"].url(attachment.file.name)
    query = parse_qs(urlparse(url).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback S3 server
        assert response.status == 200 and response.read()[:4] in (b"%PDF", b"\x89PNG")


def test_staff_download_is_a_short_signed_url_to_the_bucket(client, site_pages, s3_storages, django_user_model):
    import urllib.error
    import urllib.parse
    import urllib.request

    client.post("/ar/help-request/", help_request_data())
    attachment = Attachment.objects.first()
    user = django_user_model.objects.create_user("relations", password="x")
    user.groups.add(Group.objects.get(name="Beneficiary relations"))
    sign_in(client, user)
    response = client.get(f"/admin/inbox/{attachment.submission_id}/attachment/{attachment.pk}/")
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(s3_storages.endpoint)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    with urllib.request.urlopen(signed) as answer:  # noqa: S310 - the S3 server on loopback
        assert answer.read()[:4] in (b"%PDF", b"\x89PNG")
    unsigned = signed.split("?")[0]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(unsigned)  # noqa: S310 - the S3 server on loopback
    from inbox.models import CaseEvent

    assert CaseEvent.objects.filter(case_id=attachment.submission_id, kind="download", actor=user).count() == 1


def test_no_response_exposes_the_bucket(client, site_pages, s3_storages):
    response = client.post("/ar/help-request/", help_request_data())
    thanks = client.get(response["Location"]).content.decode()
    for name in Attachment.objects.values_list("file", flat=True):
        assert name not in thanks
    assert f"{s3_storages.endpoint}/private" not in thanks


def test_database_failure_removes_files_from_the_bucket(client, site_pages, s3_storages, monkeypatch):
    from django.db import DatabaseError

    from forms import pipeline

    def broken(kind, site_id):
        raise DatabaseError("connection lost")

    before = private_keys(s3_storages)
    monkeypatch.setattr(pipeline, "next_reference", broken)
    response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 503
    assert private_keys(s3_storages) == before
    assert Submission.objects.count() == 0


def test_sweeper_works_on_the_bucket(client, site_pages, s3_storages):
    import datetime

    orphan = storages["private"].save("attachments/2020/01/orphan.pdf", open(__file__, "rb"))  # noqa: SIM115
    removed = maintenance.sweep_orphan_attachments(older_than=datetime.timedelta(seconds=-60))
    assert orphan in removed
    assert orphan not in private_keys(s3_storages)


def test_sweeper_goes_on_past_a_file_gone_since_the_listing(client, site_pages, s3_storages, monkeypatch):
    import datetime

    storage = storages["private"]
    gone = storage.save("attachments/2020/01/gone.pdf", open(__file__, "rb"))  # noqa: SIM115
    orphan = storage.save("attachments/2020/01/orphan.pdf", open(__file__, "rb"))  # noqa: SIM115
    read_time = type(storage).get_modified_time

    def removed_meanwhile(self, name):
        if name == gone:  # as a failed submission removing its own file between the listing and this read
            self.delete(name)
        return read_time(self, name)

    monkeypatch.setattr(type(storage), "get_modified_time", removed_meanwhile)
    removed = maintenance.sweep_orphan_attachments(older_than=datetime.timedelta(seconds=-60))
    assert removed == [orphan]
    assert not {gone, orphan} & set(private_keys(s3_storages))

