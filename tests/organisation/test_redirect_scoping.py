"""Redirects, each association's own (organisation.redirect_views, organisation.api_scoping): an association's
administrator lists, adds, edits and deletes only its redirects, makes them for its site alone and imports none;
the API lists and reads only the host's redirects and writes only for the host's site."""

import json

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken

from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
LINK = "https://example.org/new/"


@pytest.fixture
def redirects(site_pages, second_association):
    return {
        "ours": Redirect.objects.create(site=site_pages["site"], old_path="/ours-old", redirect_link="/ours-new/"),
        "theirs": Redirect.objects.create(
            site=second_association.site, old_path="/theirs-old", redirect_link="/theirs-new/"
        ),
        "everywhere": Redirect.objects.create(site=None, old_path="/everywhere-old", redirect_link="/everywhere/"),
    }


@pytest.fixture
def administrator(client):
    sign_in(client, UserFactory(role="administrator"))
    return client


def test_the_list_shows_only_the_association_s_own(administrator, redirects, second_association):
    page = administrator.get("/admin/redirects/").content.decode()
    assert "/ours-old" in page
    assert "/theirs-old" not in page and "/everywhere-old" not in page
    assert second_association.host not in page and "جمعية ثانية" not in page  # nor their site in the filter
    results = administrator.get("/admin/redirects/results/?q=old").content.decode()
    assert "/ours-old" in results and "/theirs-old" not in results


def test_another_association_s_redirect_is_not_found_to_edit_or_delete(administrator, redirects):
    theirs = redirects["theirs"]
    for path in (f"/admin/redirects/{theirs.pk}/", f"/admin/redirects/{theirs.pk}/delete/"):
        assert administrator.get(path).status_code == 404
        assert administrator.post(path, {"old_path": "/taken", "redirect_link": LINK}).status_code == 404
    assert administrator.get(f"/admin/redirects/{redirects['everywhere'].pk}/").status_code == 404
    assert Redirect.objects.filter(pk=theirs.pk, old_path="/theirs-old").exists()
    assert administrator.get(f"/admin/redirects/{redirects['ours'].pk}/").status_code == 200


def test_a_redirect_is_made_for_the_association_s_own_site_only(administrator, site_pages, second_association):
    form = administrator.get("/admin/redirects/add/").content.decode()
    assert second_association.host not in form and "جمعية ثانية" not in form
    refused = administrator.post(
        "/admin/redirects/add/", {"old_path": "/for-them", "site": second_association.site.pk, "redirect_link": LINK}
    )
    assert refused.status_code == 200 and not Redirect.objects.filter(old_path="/for-them").exists()
    everywhere = administrator.post(
        "/admin/redirects/add/", {"old_path": "/for-all", "site": "", "redirect_link": LINK}
    )
    assert everywhere.status_code == 200 and not Redirect.objects.filter(old_path="/for-all").exists()
    made = administrator.post(
        "/admin/redirects/add/", {"old_path": "/for-us", "site": site_pages["site"].pk, "redirect_link": LINK}
    )
    assert made.status_code == 302
    assert Redirect.objects.get(old_path="/for-us").site_id == site_pages["site"].pk


def test_importing_redirects_is_for_superusers(administrator, client):
    import_page, processing = "/admin/redirects/import/", "/admin/redirects/import/process/"
    for response in (administrator.get(import_page), administrator.post(processing)):
        assert response.status_code == 302 and response["Location"] == "/admin/"  # the admin's refusal
    client.logout()
    sign_in(client, UserFactory(role="superuser"))
    assert client.get("/admin/redirects/import/").status_code == 200


def paths_of(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["old_path"] for item in response.json()["items"]}


def test_the_api_lists_and_reads_only_the_host_s_redirects(client, redirects, second_association):
    assert paths_of(client.get("/api/v3/redirects/")) == {"/ours-old"}
    assert paths_of(client.get(f"/api/v3/redirects/?site={second_association.site.pk}")) == {"/ours-old"}
    assert client.get(f"/api/v3/redirects/{redirects['theirs'].pk}/").status_code == 404
    assert client.get(f"/api/v3/redirects/find/?id={redirects['theirs'].pk}").status_code == 404
    assert client.get(f"/api/v3/redirects/{redirects['everywhere'].pk}/").status_code == 200  # acts here too
    at_theirs = Client(HTTP_HOST=second_association.host)
    assert paths_of(at_theirs.get("/api/v3/redirects/")) == {"/theirs-old"}
    assert at_theirs.get(f"/api/v3/redirects/{redirects['theirs'].pk}/").status_code == 200


def test_the_api_writes_only_the_host_s_redirects(client, site_pages, redirects, second_association):
    _token, plaintext = APIToken.create_token(user=UserFactory(role="administrator"), name="redirects")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}", "content_type": "application/json"}
    theirs = redirects["theirs"]
    body = json.dumps({"old_path": "/changed", "redirect_link": LINK})
    assert client.put(f"/api/v3/redirects/{theirs.pk}/", body, **auth).status_code == 404
    assert client.delete(f"/api/v3/redirects/{theirs.pk}/", **auth).status_code == 404
    assert client.put(f"/api/v3/redirects/{redirects['everywhere'].pk}/", body, **auth).status_code == 404
    for_them = json.dumps({"old_path": "/for-them", "site": second_association.site.pk, "redirect_link": LINK})
    assert client.post("/api/v3/redirects/", for_them, **auth).status_code == 404
    made = client.post("/api/v3/redirects/", json.dumps({"old_path": "/for-us", "redirect_link": LINK}), **auth)
    assert made.status_code == 201, made.content
    assert made.json()["site_id"] == site_pages["site"].pk  # "every site" made the host's
    theirs.refresh_from_db()
    assert (theirs.old_path, Redirect.objects.filter(old_path="/for-them").exists()) == ("/theirs-old", False)
