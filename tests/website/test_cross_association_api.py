"""The cross-association matrix of the headless API: every operation the API document lists, asked at the first
association's host with the second association's ids, anonymously and with an API token of the first's staff in
each role. No answer carries the second association's marker or its host's name, an operation naming one of its
records refuses, and its records are as they were. PostgreSQL only, like the admin's matrix beside it
(test_cross_association.py); the operations come from the permission matrix's list, so a new one is covered as it
lands."""

import json
import re

import pytest
from django.apps import apps
from django.db import connection
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken, Revision, Site

from followup.factories import SurveyInvitationFactory
from followup.tokens import status_token, survey_token
from governance.factories import PdfDocumentFactory
from home.factories import StandardPageFactory
from inbox.factories import CaseFactory, MessageTemplateFactory
from inbox.lifecycle import Status
from inbox.models import Case
from organisation.associations import collection_of
from organisation.factories import ImageFactory, UserFactory
from tests.support.db import built_once
from tests.support.second_association import build_second_association
from tests.website.test_cross_association import ROLES
from tests.website.test_permission_matrix import api_operations

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("no_page_cache"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the cross-association matrix runs on PostgreSQL"),
]

MARK = "عمرو-الجمعية-الثانية"
# An id in the path names one of the second association's records: the operation must refuse it.
REFUSED = {401, 403, 404, 405}


def build_second():
    """The second association with one record of each kind the API names, each carrying the marker."""
    b = build_second_association()
    page = StandardPageFactory(parent=b.site.root_page, title=MARK, slug="marked")
    revision = page.save_revision()
    case = CaseFactory(form_page=b.forms["help-request"], answers={"full_name": MARK})
    delivered = CaseFactory(form_page=b.forms["help-request"], status=Status.DELIVERED, answers={"full_name": MARK})
    invitation = SurveyInvitationFactory(case=delivered, service=None)
    return {
        "host": b.host,
        "page_id": page.pk,
        "revision_id": revision.pk,
        "form_id": b.forms["help-request"].pk,
        "document_id": PdfDocumentFactory(title=MARK, collection=collection_of(b.site)).pk,
        "image_id": ImageFactory(title=MARK, collection=collection_of(b.site)).pk,
        "redirect_id": Redirect.objects.create(site=b.site, old_path="/marked-old", redirect_link=f"/{MARK}/").pk,
        "site_id": b.site.pk,
        "pk": MessageTemplateFactory(site=b.site, subject=MARK, language="en").pk,
        "case": case.pk,
        "reference": case.submission.reference,
        "mobile": case.submission.applicant_mobile,
        "status_token": status_token(case),
        "survey_token": survey_token(invitation),
    }


@pytest.fixture(scope="module")
def _second_ids(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_second)


@pytest.fixture
def second(db, _second_ids):
    return _second_ids


def url_of(path: str, ids: dict) -> str:
    def value(match):
        name = match.group(1)
        if name == "page_id" and path.startswith("/api/v3/forms/"):
            return str(ids["form_id"])
        if name == "token":
            return ids["survey_token"] if "/surveys/" in path else ids["status_token"]
        return {"type": "inbox.messagetemplate", "type_name": "home.StandardPage"}.get(name) or str(ids[name])

    return re.sub(r"\{(\w+)\}", value, path)


def body_for(ids: dict, home_id: int) -> dict:
    """What a write is given: a change that would show, and the first association's own pages as destinations,
    so that the answer is about the second association's record and not a malformed body."""
    return {
        "title": "changed", "subject": "changed", "hostname": "changed.localhost", "site_name": "changed",
        "root_page": home_id, "root_page_id": home_id, "destination_page_id": home_id, "destination_id": home_id,
        "parent_id": home_id,
        "locale": "en", "revision_id": ids["revision_id"], "old_path": "/changed", "redirect_link": "https://example.org/",
        "reference": ids["reference"], "mobile": ids["mobile"], "answers": {"satisfaction": "5"},
        "site": ids["site_id"],
    }  # fmt: skip


def refused(response) -> bool:
    """403, 404 and the like; or a 422 about the path's snippet type: the API exposes no snippet type (the snippet
    operations answer so for every record of every association)."""
    if response.status_code in REFUSED:
        return True
    if response.status_code == 422:
        errors = response.json().get("errors", [])
        return bool(errors) and all(error.get("loc") == ["path", "type"] for error in errors)
    return False


def state_of(ids):
    """What the first association's staff must not change of the second's."""
    return (
        Site.objects.filter(pk=ids["site_id"]).values_list("hostname", "root_page_id").get(),
        Site.objects.count(),
        Revision.objects.filter(object_id=str(ids["page_id"])).count(),
        Redirect.objects.filter(pk=ids["redirect_id"]).values_list("old_path", "redirect_link").get(),
        Redirect.objects.filter(site_id=ids["site_id"]).count(),
        Case.objects.filter(pk=ids["case"]).values_list("status", "version").get(),
        json.dumps(
            [
                row
                for model, key in (("wagtailcore.page", "page_id"), ("wagtaildocs.document", "document_id"),
                                   ("wagtailimages.image", "image_id"), ("inbox.messagetemplate", "pk"))  # fmt: skip
                for row in _titles(model, ids[key])
            ]
        ),
    )


def _titles(label, pk):
    model = apps.get_model(label)
    field = "subject" if label == "inbox.messagetemplate" else "title"
    return list(model.objects.filter(pk=pk).values_list(field, flat=True))


@pytest.mark.parametrize("role", (None, *ROLES))
def test_staff_of_one_association_reach_nothing_of_another_through_the_api(client, second, site_pages, role):
    before = state_of(second)
    auth = {}
    if role:
        _token, plaintext = APIToken.create_token(user=UserFactory(role=role), name="cross-association")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    operations = sorted(api_operations())
    leaks = {}
    for method, path in operations:
        url = url_of(path, second)
        data = json.dumps(body_for(second, site_pages["home_ar"].pk)) if method != "GET" else None
        response = client.generic(method, url, data or "", content_type="application/json", **auth)
        shown = response.content.decode(errors="replace")
        if response.get("Content-Type", "").endswith("json") and response.content:
            shown += json.dumps(response.json(), ensure_ascii=False)  # the marker as it reads, not \u-escaped
        if MARK in shown or second["host"] in shown:
            leaks[f"{method} {url}"] = f"{response.status_code}: shows the other association's data"
        elif "{" in path and path not in NO_RECORD and not refused(response):
            leaks[f"{method} {url}"] = f"answers {response.status_code} on its record: {shown[:300]}"
    assert not leaks, "\n".join(f"{where}: {what}" for where, what in sorted(leaks.items()))
    assert state_of(second) == before
    assert len(operations) > 50  # every operation of the document, not a handful


# Paths whose parameter names no record of an association (a model's schema, a snippet type's list).
NO_RECORD = {
    "/api/v3/schema/{type_name}/",
    "/api/v3/snippets/{type}/",
}
