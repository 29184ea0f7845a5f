"""The pages API answers at each host with that association's pages only: no query parameter (`site`,
`child_of`, `descendant_of`, `ancestor_of`, `translation_of`, an id, `find` by id or path) reaches another
association's page, anonymously or with an API token of a person who works for both. The images and
documents APIs likewise list and read only the host's association's collection."""

import pytest
from django.test import Client
from wagtail.models import APIToken

from governance.factories import PdfDocumentFactory
from home.factories import StandardPageFactory
from organisation import associations
from organisation.factories import ImageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]
PAGES = "/api/v3/pages/"


@pytest.fixture
def second(site_pages, second_association):
    second = second_association
    second.page = StandardPageFactory(parent=second.site.root_page, title="صفحة الثانية", slug="second-only")
    StandardPageFactory(parent=site_pages["home_ar"], title="صفحة الأولى", slug="first-only")
    return second


def titles(response) -> str:
    assert response.status_code == 200, response.content
    return " ".join(item["title"] for item in response.json()["items"])


def test_the_site_parameter_reaches_no_other_association(client, second):
    listed = titles(client.get(f"{PAGES}?type=home.StandardPage&site={second.host}"))
    assert "صفحة الثانية" not in listed
    assert client.get(f"{PAGES}{second.page.pk}/?site={second.host}").status_code == 404
    # At its own host the page is there.
    assert "صفحة الثانية" in titles(Client(HTTP_HOST=second.host).get(f"{PAGES}?type=home.StandardPage"))


@pytest.mark.parametrize("relation", ["child_of", "descendant_of", "translation_of", "ancestor_of"])
def test_another_association_s_pages_are_no_reference_point(client, second, relation):
    of = second.page.pk if relation in ("translation_of", "ancestor_of") else second.site.root_page.pk
    response = client.get(f"{PAGES}?{relation}={of}")
    assert response.status_code in (404, 422), response.content
    assert "صفحة الثانية" not in response.content.decode()
    # The same question at the other association's host is answered.
    assert Client(HTTP_HOST=second.host).get(f"{PAGES}?{relation}={of}").status_code == 200


def test_another_association_s_page_is_not_found_by_id_or_path(client, second):
    assert client.get(f"{PAGES}{second.page.pk}/").status_code == 404
    assert client.get(f"{PAGES}find/?id={second.page.pk}").status_code == 404
    assert client.get(f"{PAGES}find/?html_path=/second-only/&site={second.host}").status_code == 404
    assert client.get(f"{PAGES}find/?html_path=/second-only/").status_code == 404
    assert client.get(f"{PAGES}find/?html_path=/second-only/&site=research:report").status_code == 404
    at_second = Client(HTTP_HOST=second.host)
    assert at_second.get(f"{PAGES}{second.page.pk}/").status_code == 200
    assert at_second.get(f"{PAGES}find/?html_path=/second-only/").status_code == 302


def test_the_organisation_of_another_association_is_not_read_through_this_host(client, second, site_pages):
    assert client.get(f"/api/v3/organisation/?site={second.site.pk}").status_code == 404
    assert client.get(f"/api/v3/organisation/?site={site_pages['site'].pk}").status_code == 200
    at_second = Client(HTTP_HOST=second.host).get(f"/api/v3/organisation/?site={second.site.pk}")
    assert at_second.status_code == 200 and at_second.json()["site_id"] == second.site.pk


@pytest.fixture
def editor_of_both(second):
    """An editor of both associations, with an API token, asking at the first's host."""
    person = UserFactory(role="editor")
    person.groups.add(associations.staff_group(second.site, "editor"))
    _token, plaintext = APIToken.create_token(user=person, name="front end")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_a_token_reads_and_edits_only_the_host_s_association(client, second, editor_of_both):
    listed = titles(client.get(f"{PAGES}?type=home.StandardPage", **editor_of_both))
    assert "صفحة الأولى" in listed and "صفحة الثانية" not in listed
    assert client.get(f"{PAGES}{second.page.pk}/?version=draft", **editor_of_both).status_code == 404
    assert client.get(f"{PAGES}{second.page.pk}/revisions/", **editor_of_both).status_code == 404
    changed = client.patch(
        f"{PAGES}{second.page.pk}/", {"title": "مغيّرة"}, content_type="application/json", **editor_of_both
    )
    assert changed.status_code in (403, 404), changed.content
    second.page.refresh_from_db()
    assert second.page.title == "صفحة الثانية"
    # At the second association's host, the same token works there.
    listed = titles(Client(HTTP_HOST=second.host).get(f"{PAGES}?type=home.StandardPage", **editor_of_both))
    assert "صفحة الثانية" in listed and "صفحة الأولى" not in listed


@pytest.fixture
def media(second, site_pages):
    """An image and a document in each association's own collection."""
    own, theirs = associations.collection_of(site_pages["site"]), associations.collection_of(second.site)
    return {
        "images": (
            ImageFactory(title="صورة الأولى", collection=own),
            ImageFactory(title="صورة الثانية", collection=theirs),
        ),
        "documents": (
            PdfDocumentFactory(title="وثيقة الأولى", collection=own),
            PdfDocumentFactory(title="وثيقة الثانية", collection=theirs),
        ),
    }


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_media_are_listed_and_read_only_at_their_association_s_host(client, second, media, kind):
    first_item, second_item = media[kind]
    listed = titles(client.get(f"/api/v3/{kind}/"))
    assert first_item.title in listed and second_item.title not in listed
    assert client.get(f"/api/v3/{kind}/{second_item.pk}/").status_code == 404
    at_second = Client(HTTP_HOST=second.host)
    listed = titles(at_second.get(f"/api/v3/{kind}/"))
    assert second_item.title in listed and first_item.title not in listed
    assert at_second.get(f"/api/v3/{kind}/{second_item.pk}/").status_code == 200
