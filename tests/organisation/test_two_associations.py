"""A person who works for two associations sees, in Wagtail's admin, only the pages, images and documents of
the one they work in: Wagtail's page and collection permissions count only that association's groups (and
groups tied to none), as Django's permissions do (organisation.permission_policies)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, GroupSitePermission, Site
from wagtail.permission_policies.sites import SitePermissionPolicy

from home.factories import SiteFactory, StandardPageFactory
from organisation import associations
from organisation.factories import UserFactory
from organisation.models import OrganisationSettings
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/associations/choose/"


@pytest.fixture
def both():
    """The first association and a second, each with a page, an image and a document of its own, and an
    editor of both, signed in at the first's host."""
    first = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="second.localhost", site_name="Second association")
    associations.create_staff_groups(second)
    made = {}
    for name, site in (("first", first), ("second", second)):
        collection = associations.collection_of(site)
        made[name] = {
            "site": site,
            "page": StandardPageFactory(parent=site.root_page, title=f"{name}-association-page", slug=f"{name}-page"),
            "image": get_image_model().objects.create(
                title=f"{name}-image", file=get_test_image_file(), collection=collection
            ),
            "document": get_document_model().objects.create(
                title=f"{name}-document", file=ContentFile(b"x", name=f"{name}.txt"), collection=collection
            ),
        }
    person = UserFactory(role="editor")
    person.groups.add(associations.staff_group(second, "editor"))
    made["client"] = sign_in(Client(), person)
    return made


def refused(response) -> bool:
    return response.status_code in (302, 403, 404)


def sees(client, mine, theirs):
    """What the client sees of `mine` and nothing of `theirs`, in every place Wagtail shows them."""
    assert client.get(f"/admin/pages/{mine['page'].pk}/edit/").status_code == 200
    assert refused(client.get(f"/admin/pages/{theirs['page'].pk}/edit/"))
    assert refused(client.get(f"/admin/pages/{theirs['site'].root_page_id}/edit/"))
    assert refused(client.get(f"/admin/pages/{theirs['page'].pk}/delete/"))
    chooser = client.get("/admin/choose-page/").json()["html"]
    assert mine["site"].root_page.title in chooser and theirs["site"].root_page.title not in chooser
    search = client.get("/admin/pages/search/?q=association-page").content.decode()
    assert mine["page"].title in search and theirs["page"].title not in search
    explorer = client.get("/admin/pages/", follow=True).content.decode()
    assert theirs["site"].root_page.title not in explorer
    images = client.get("/admin/images/").content.decode()
    assert mine["image"].title in images and theirs["image"].title not in images
    assert client.get(f"/admin/images/{mine['image'].pk}/").status_code == 200
    assert refused(client.get(f"/admin/images/{theirs['image'].pk}/"))
    documents = client.get("/admin/documents/").content.decode()
    assert mine["document"].title in documents and theirs["document"].title not in documents
    assert client.get(f"/admin/documents/edit/{mine['document'].pk}/").status_code == 200
    assert refused(client.get(f"/admin/documents/edit/{theirs['document'].pk}/"))
    chooser = client.get("/admin/images/chooser/").content.decode()
    assert mine["image"].title in chooser and theirs["image"].title not in chooser


def test_working_in_one_shows_nothing_of_the_other(both):
    client = both["client"]
    assert client.post(CHOOSE, {"site": both["first"]["site"].pk}).status_code == 302
    sees(client, both["first"], both["second"])


def test_after_choosing_the_other_its_own_are_shown_and_the_first_s_are_not(both):
    client = both["client"]
    assert client.post(CHOOSE, {"site": both["second"]["site"].pk}).status_code == 302
    sees(client, both["second"], both["first"])


def test_an_edit_of_the_other_association_s_page_is_refused(both):
    page = both["second"]["page"]
    assert both["client"].post(CHOOSE, {"site": both["first"]["site"].pk}).status_code == 302
    answer = both["client"].post(f"/admin/pages/{page.pk}/edit/", {"title": "changed", "slug": page.slug})
    assert refused(answer)
    page.refresh_from_db()
    assert page.title == "second-association-page"


def test_collections_are_managed_only_in_the_association_worked_in():
    """Deleting a collection (allowed below one the group may delete in) counts only the groups of the
    association worked in, as adding and editing do."""
    first = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="collections.localhost")
    associations.create_staff_groups(second)
    deleting = Permission.objects.get(content_type__app_label="wagtailcore", codename="delete_collection")
    person = UserFactory(role="editor")
    children = {}
    for site in (first, second):
        group = associations.staff_group(site, "editor")
        person.groups.add(group)
        parent = associations.collection_of(site)
        GroupCollectionPermission.objects.create(group=group, collection=parent, permission=deleting)
        children[site.pk] = parent.add_child(name=f"inner-{site.pk}")
    client = sign_in(Client(), person)
    assert client.post(CHOOSE, {"site": first.pk}).status_code == 302
    assert client.get(f"/admin/collections/{children[first.pk].pk}/delete/").status_code == 200
    assert refused(client.get(f"/admin/collections/{children[second.pk].pk}/delete/"))
    assert refused(client.post(f"/admin/collections/{children[second.pk].pk}/delete/"))
    assert Collection.objects.filter(pk=children[second.pk].pk).exists()
    assert client.post(CHOOSE, {"site": second.pk}).status_code == 302
    assert client.get(f"/admin/collections/{children[second.pk].pk}/delete/").status_code == 200
    assert refused(client.get(f"/admin/collections/{children[first.pk].pk}/delete/"))


def test_site_settings_are_permitted_only_in_the_association_worked_in():
    first = Site.objects.get(is_default_site=True)
    second = SiteFactory(hostname="settings.localhost")
    associations.create_staff_groups(second)
    changing = Permission.objects.get(content_type__app_label="organisation", codename="change_organisationsettings")
    person = UserFactory(role="editor")
    for site in (first, second):
        group = associations.staff_group(site, "editor")
        person.groups.add(group)
        GroupSitePermission.objects.create(group=group, site=site, permission=changing)
    policy = SitePermissionPolicy(OrganisationSettings)
    for site in (first, second):
        person.working_site_id = site.pk
        assert list(policy.sites_user_has_any_permission_for(person, ["change"])) == [site]
