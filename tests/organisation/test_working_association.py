"""Each association sees only its own in Wagtail's admin: choosing the association to work in, the site
settings, users and groups, the page chooser, documents and images, and the site history."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Collection, Page, Site

from beneficiaries.models import Fund
from home.factories import SiteFactory
from organisation import associations
from organisation.factories import UserFactory
from organisation.models import AssociationGroup
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/associations/choose/"
SETTINGS = "/admin/settings/organisation/organisationsettings/"


@pytest.fixture
def first():
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def second():
    site = SiteFactory(hostname="second.localhost", site_name="Second association")
    associations.create_staff_groups(site)
    return site


def signed_in(user):
    return sign_in(Client(), user)


# --- choosing the association ------------------------------------------------------------------------------
def test_a_person_of_two_associations_switches_and_sees_each_in_turn(first, second):
    person = UserFactory(role="relations")
    person.groups.add(associations.staff_group(second, "relations"))
    client = signed_in(person)
    page = client.get(CHOOSE)
    assert page.status_code == 200
    assert "Second association" in page.content.decode()
    # The admin's menu names the association worked in and leads to the choice.
    assert CHOOSE in client.get("/admin/").content.decode()

    moved = client.post(CHOOSE, {"site": second.pk, "next": "/admin/beneficiaries/"})
    assert moved.status_code == 302 and moved["Location"] == "/admin/beneficiaries/"
    assert client.session[associations.SESSION_KEY] == second.pk
    back = client.post(CHOOSE, {"site": first.pk})
    assert back.status_code == 302 and client.session[associations.SESSION_KEY] == first.pk


def test_an_association_one_does_not_work_for_is_refused(first, second):
    person = UserFactory(role="relations")
    client = signed_in(person)
    answer = client.post(CHOOSE, {"site": second.pk}, follow=True)
    told = {str(message) for message in answer.context["messages"]}
    assert told & {"You do not work for that association.", "لا تعمل لدى هذه الجمعية."}
    assert client.session.get(associations.SESSION_KEY) != second.pk
    # One association only: no choice offered in the menu.
    assert CHOOSE not in client.get("/admin/").content.decode()


def test_the_choice_needs_a_post_with_its_token(second):
    person = UserFactory(role="relations")
    person.groups.add(associations.staff_group(second, "relations"))
    client = Client(enforce_csrf_checks=True)
    sign_in(client, person)
    assert client.post(CHOOSE, {"site": second.pk}).status_code == 403


# --- settings ----------------------------------------------------------------------------------------------
def test_settings_open_the_association_worked_in_and_refuse_another(first, second):
    client = signed_in(UserFactory(role="administrator", association=second))
    opened = client.get(SETTINGS)
    assert opened.status_code == 302 and opened["Location"].endswith(f"{SETTINGS}{second.pk}/")
    assert client.get(f"{SETTINGS}{second.pk}/").status_code == 200
    assert client.get(f"{SETTINGS}{first.pk}/").status_code == 404
    assert client.post(f"{SETTINGS}{first.pk}/", {}).status_code == 404


# --- users and groups --------------------------------------------------------------------------------------
def test_users_and_groups_are_the_association_s_own(first, second):
    admin = UserFactory(role="administrator", association=second)
    theirs = UserFactory(role="researcher", association=second, username="second-researcher")
    ours = UserFactory(role="researcher", username="first-researcher")
    group_permissions = Permission.objects.filter(content_type__app_label="auth", codename__endswith="_group")
    associations.staff_group(second, "administrator").permissions.add(*group_permissions)
    client = signed_in(admin)

    listing = client.get("/admin/users/").content.decode()
    assert "second-researcher" in listing and "first-researcher" not in listing
    assert client.get(f"/admin/users/edit/{ours.pk}/").status_code == 404
    assert client.get(f"/admin/users/delete/{ours.pk}/").status_code == 404
    assert client.get(f"/admin/users/edit/{theirs.pk}/").status_code == 200

    groups = client.get("/admin/groups/").content.decode()
    assert "Social researchers (second.localhost)" in groups
    assert "Social researchers<" not in groups.replace("Social researchers (", "")
    first_group = associations.staff_group(first, "researcher")
    assert client.get(f"/admin/groups/edit/{first_group.pk}/").status_code == 404

    # A new person cannot be put in another association's group.
    form = {"username": "newcomer", "email": "n@example.org", "first_name": "ن", "last_name": "م",
            "password1": "a-Long-pass-9876", "password2": "a-Long-pass-9876", "groups": [first_group.pk]}  # fmt: skip
    refused = client.post("/admin/users/new/", form)
    assert refused.status_code == 200 and not type(admin).objects.filter(username="newcomer").exists()


def test_a_group_made_by_an_association_s_administrator_works_for_it(second):
    admin = UserFactory(role="administrator", association=second)
    group_permissions = Permission.objects.filter(content_type__app_label="auth", codename__endswith="_group")
    associations.staff_group(second, "administrator").permissions.add(*group_permissions)
    client = signed_in(admin)
    data = {"name": "Volunteers coordinators"}
    for prefix in ("page_permissions", "collection_permissions", "document_permissions", "image_permissions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    answer = client.post("/admin/groups/new/", data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    group = Group.objects.get(name="Volunteers coordinators")
    assert AssociationGroup.objects.get(group=group).site == second


def test_editing_a_person_keeps_their_groups_at_another_association(first, second):
    admin = UserFactory(role="administrator", association=second)
    person = UserFactory(role="researcher", association=second)
    person.groups.add(associations.staff_group(first, "relations"))
    client = signed_in(admin)
    form = {"username": person.username, "email": person.email, "first_name": "س", "last_name": "م",
            "is_active": "on", "groups": [associations.staff_group(second, "researcher").pk]}  # fmt: skip
    assert client.post(f"/admin/users/edit/{person.pk}/", form).status_code == 302
    assert associations.staff_group(first, "relations") in person.groups.all()


# --- pages, documents and images ---------------------------------------------------------------------------
def test_an_editor_of_one_association_sees_only_its_tree(first, second):
    client = signed_in(UserFactory(role="editor", association=second))
    chooser = client.get("/admin/choose-page/").json()["html"]
    assert second.root_page.title in chooser and first.root_page.title not in chooser
    assert client.get(f"/admin/pages/{first.root_page_id}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{second.root_page_id}/edit/").status_code == 200
    # The first association's editors, confined to their own tree once there are two.
    first_editor = signed_in(UserFactory(role="editor"))
    assert first_editor.get(f"/admin/pages/{second.root_page_id}/edit/").status_code in (302, 403)
    assert first_editor.get(f"/admin/pages/{first.root_page_id}/edit/").status_code == 200
    assert Page.objects.filter(pk=first.root_page_id).exists()


def test_documents_and_images_are_chosen_from_the_association_s_own_collection(first, second):
    own, other = associations.collection_of(second), associations.collection_of(first)
    assert own != other and Collection.get_first_root_node() not in (own, other)
    get_image_model().objects.create(title="second-image", file=get_test_image_file(), collection=own)
    get_image_model().objects.create(title="first-image", file=get_test_image_file(), collection=other)
    Document = get_document_model()
    Document.objects.create(title="second-document", file=ContentFile(b"x", name="a.txt"), collection=own)
    Document.objects.create(title="first-document", file=ContentFile(b"x", name="b.txt"), collection=other)

    client = signed_in(UserFactory(role="editor", association=second))
    images = client.get("/admin/images/chooser/").content.decode()
    assert "second-image" in images and "first-image" not in images
    documents = client.get("/admin/documents/chooser/").content.decode()
    assert "second-document" in documents and "first-document" not in documents


# --- site history ------------------------------------------------------------------------------------------
def test_the_site_history_shows_only_the_association_s_own_records(first, second):
    ours = Fund.objects.create(site=second, name="second-fund", slug="second-fund")
    theirs = Fund.objects.create(site=first, name="first-fund", slug="first-fund")
    log(ours, "wagtail.create")
    log(theirs, "wagtail.create")
    client = signed_in(UserFactory(role="administrator", association=second))
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "second-fund" in history and "first-fund" not in history
    first_admin = signed_in(UserFactory(role="administrator"))
    history = first_admin.get("/admin/reports/site-history/").content.decode()
    assert "first-fund" in history and "second-fund" not in history
