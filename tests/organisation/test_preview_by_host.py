"""The headless preview (/api/v3/preview/, website.api) answers by host like the pages API: the draft of a page of
one association, saved or new, is fetched at that association's host and is unknown at another's."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client, RequestFactory
from wagtail.models import Site

from core.headless import FRONT_END_PREVIEW
from home.factories import StandardPageFactory
from home.models import StandardPage
from organisation.factories import UserFactory
from tests.support.second_association import build_second_association

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_end(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": "https://front.example.org/preview"},
        "ENFORCE_TRAILING_SLASH": False,
        "REDIRECT_ON_PREVIEW": True,
    }


def fetch_of(page, editor) -> dict:
    """What the front end is sent to fetch for a draft of `page`: its content type and token."""
    request = RequestFactory().get("/admin/pages/preview/")
    request.user = editor
    query = parse_qs(urlparse(page.serve_preview(request, FRONT_END_PREVIEW)["Location"]).query)
    return {key: value[0] for key, value in query.items()}


def new_page_under(parent, title) -> StandardPage:
    """An unsaved page placed under `parent` as Wagtail's preview of a page being created places it."""
    page = StandardPage(title=title, slug="draft-of-a-new-page")
    page.depth = parent.depth + 1
    last = parent.get_last_child()
    page.path = last._inc_path() if last else page._get_path(parent.path, page.depth, 1)
    return page


def test_a_draft_is_previewed_at_its_own_association_s_host_only(front_end):
    first = Site.objects.get(is_default_site=True)
    second = build_second_association()
    editor = UserFactory(role="superuser")
    at_first, at_second = Client(HTTP_HOST=first.hostname), Client(HTTP_HOST=second.host)
    drafts = {}
    for name, site in (("first", first), ("second", second.site)):
        page = StandardPageFactory(parent=site.root_page, title=f"published-{name}", slug=f"page-of-{name}")
        page.title = f"draft-of-{name}"
        drafts[name] = (fetch_of(page, editor), f"draft-of-{name}")
        created = new_page_under(site.root_page, f"new-draft-of-{name}")
        drafts[f"new-{name}"] = (fetch_of(created, editor), f"new-draft-of-{name}")

    for name, (fetch, title) in drafts.items():
        own, other = (at_first, at_second) if name.endswith("first") else (at_second, at_first)
        shown = own.get("/api/v3/preview/", fetch)
        if name.startswith("new-"):
            # Found at its own host (the page detail's schema then wants an id, which a new page has not yet:
            # a 422, not this test's business).
            assert shown.status_code != 404, (name, shown.content)
        else:
            assert shown.status_code == 200, (name, shown.content)
            assert shown.json()["title"] == title
        refused = other.get("/api/v3/preview/", fetch)
        assert refused.status_code == 404, name
        assert title.encode() not in refused.content
        # As a token that matches no preview.
        unknown = other.get("/api/v3/preview/", {**fetch, "token": "forged:token"})
        assert refused.json()["detail"] == unknown.json()["detail"]
