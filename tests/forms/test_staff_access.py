"""Who may see submissions and their attachments: staff with permission, nobody else."""

import pytest
from django.contrib.auth.models import Group

from forms.models import Attachment, Submission
from tests.forms.helpers import help_request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(client, demo):
    client.post("/ar/help-request/", help_request_data())
    client.post("/en/help-request/", help_request_data(city="الخرج", marital_status="متزوج"))
    return Submission.objects.order_by("submitted_at").first()


def staff(django_user_model, group):
    user = django_user_model.objects.create_user(f"user-{group}".replace(" ", "-"), password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_beneficiary_relations_see_both_languages_in_one_list(client, submission, django_user_model):
    client.force_login(staff(django_user_model, "Beneficiary relations"))
    html = client.get("/admin/submissions/").content.decode()
    for reference in Submission.objects.values_list("reference", flat=True):
        assert reference in html
    detail = client.get(f"/admin/submissions/inspect/{submission.pk}/")
    assert detail.status_code == 200 and submission.reference in detail.content.decode()


def test_nobody_edits_or_deletes_a_submission(client, submission, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(f"/admin/submissions/edit/{submission.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/submissions/delete/{submission.pk}/").status_code in (302, 403)
    assert client.get("/admin/submissions/new/").status_code in (302, 403)


def test_editors_cannot_see_submissions(client, submission, django_user_model):
    client.force_login(staff(django_user_model, "Editors"))
    assert client.get("/admin/submissions/").status_code in (302, 403)
    attachment = Attachment.objects.first()
    assert client.get(f"/admin/submissions/attachment/{attachment.pk}/").status_code in (302, 403)


def test_attachment_download_is_permission_checked_and_never_public(client, submission, django_user_model):
    attachment = Attachment.objects.filter(submission=submission).first()
    url = f"/admin/submissions/attachment/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.get("/media/" + attachment.file.name).status_code == 404  # not under MEDIA_ROOT
    assert client.get("/private_media/" + attachment.file.name).status_code in (302, 404)
    client.force_login(staff(django_user_model, "Beneficiary relations"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == attachment.content_type
    assert b"".join(response.streaming_content)[:5] in (b"%PDF-", b"\x89PNG\r")


def test_no_page_or_response_shows_where_attachments_are_stored(client, submission):
    names = list(Attachment.objects.values_list("file", flat=True))
    for path in ("/ar/help-request/", "/ar/", "/api/v3/pages/?type=forms.FormPage"):
        body = client.get(path).content.decode()
        assert not any(name in body for name in names)
