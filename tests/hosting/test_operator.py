"""The operator's screen: operators only, counts and no applicant's data, creating, suspending and resuming."""

import pytest
from django.contrib.auth.models import Group

from home.factories import SiteFactory
from hosting.models import OPERATORS_GROUP
from organisation.factories import UserFactory
from organisation.models import Association
from scripts.signin import sign_in
from tests.support.inbox import file_help_request


def denied(response) -> bool:
    """403, or the admin's redirect to its dashboard with a message (how Wagtail answers PermissionDenied)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def operator(db):
    user = UserFactory(username="operator")
    user.groups.add(Group.objects.get(name=OPERATORS_GROUP))
    return user


@pytest.mark.django_db
def test_an_operator_sees_the_associations_with_counts_and_no_applicant_data(client, operator):
    other = SiteFactory(hostname="other.example.org")
    case = file_help_request(client)
    sign_in(client, operator)
    response = client.get("/admin/hosting/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "other.example.org" in page and str(other.association.reference_code) in page
    assert case.submission.applicant_name not in page
    assert case.submission.reference not in page
    # No role in any association: the requests themselves stay closed to them.
    assert client.get("/admin/inbox/").status_code in (302, 403)
    assert client.get(f"/admin/inbox/{case.pk}/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_the_menu_shows_the_screen_to_operators_only(client, operator, staff):
    sign_in(client, operator)
    assert b"/admin/hosting/" in client.get("/admin/").content
    sign_in(client, staff["admin"])
    assert b"/admin/hosting/" not in client.get("/admin/").content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/hosting/", "/admin/hosting/new/"])
def test_an_association_administrator_is_refused(client, staff, path):
    sign_in(client, staff["admin"])
    assert denied(client.get(path))


@pytest.mark.django_db
def test_suspend_and_resume_toggle_the_status(client, operator, staff):
    association = SiteFactory(hostname="other.example.org").association
    sign_in(client, staff["admin"])
    assert denied(client.post(f"/admin/hosting/{association.pk}/suspend/"))
    sign_in(client, operator)
    assert client.get(f"/admin/hosting/{association.pk}/suspend/").status_code == 405
    client.post(f"/admin/hosting/{association.pk}/suspend/")
    association.refresh_from_db()
    assert association.status == Association.Status.SUSPENDED
    client.post(f"/admin/hosting/{association.pk}/resume/")
    association.refresh_from_db()
    assert association.status == Association.Status.ACTIVE


@pytest.mark.django_db
def test_the_create_form_refuses_a_domain_in_use(client, operator):
    sign_in(client, operator)
    data = {"domain": "localhost", "name_ar": "جمعية", "name_en": "An association", "admin_email": "a@example.org"}
    response = client.post("/admin/hosting/new/", data)
    assert response.status_code == 200
    assert "النطاق localhost مستخدم" in response.content.decode()  # the admin speaks Arabic to this operator
    assert Association.objects.count() == 1


@pytest.mark.django_db
def test_the_create_form_brings_an_association_up(client, operator, django_capture_on_commit_callbacks):
    sign_in(client, operator)
    data = {
        "domain": "third.example.org", "name_ar": "جمعية الثالثة", "name_en": "The Third Association",
        "admin_email": "head@third.example.org", "reference_code": "TH",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/hosting/new/", data)
    assert response.status_code == 302 and response["Location"] == "/admin/hosting/"
    association = Association.objects.get(site__hostname="third.example.org")
    assert association.reference_code == "TH"
    assert "third.example.org" in client.get("/admin/hosting/").content.decode()
