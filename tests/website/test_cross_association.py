"""The cross-association matrix: staff of one association against every admin path of another.

A second association (tests/support/second_association.py, the same form slugs as the tests' own) holds a
record of each kind the admin's paths name, each carrying one marker in its text. Staff of the tests'
association, in each role, ask for every admin path the project adds (the permission matrix's own list, so a
path is covered as it lands) with the second association's ids, by GET and by POST: every answer refuses
(403, 404, 405, or a redirect) or is a page of their own association that shows none of the marker, and the
second association's records are as they were. PostgreSQL only: the heaviest matrix of the suite.

The second association and its records are built once for the module (tests.support.db.built_once); each role's
test runs in its own savepoint inside that build, so whatever one role's POSTs changed is undone before the next
role asks, and the roles' order does not matter.
"""

import re

import pytest
from django.db import connection
from wagtail.contrib.redirects.models import Redirect

from beneficiaries.factories import BeneficiaryFileFactory, CampaignFactory, DeliveryFactory, FileDocumentFactory
from beneficiaries.models import BeneficiaryFile
from committee.factories import SessionFactory
from committee.models import CommitteeSession
from inbox.factories import CaseFactory
from inbox.lifecycle import Role, Status
from inbox.models import Case
from organisation.factories import UserFactory
from research.factories import ResearchTaskFactory, plan_visit
from scripts.signin import sign_in
from services.factories import ServicePageFactory
from tests.support.db import built_once
from tests.support.second_association import build_second_association
from tests.website.test_permission_matrix import project_admin_paths

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the cross-association matrix runs on PostgreSQL"),
]

MARK = "زيد-الجمعية-الثانية"
ROLES = ("administrator", "relations", "researcher", "committee", "secretary", "editor", "supervisor")
REFUSED = {403, 404, 405}
# One's own sign-in and second step: about the person, not an association's records.
OWN_ACCOUNT = re.compile(r"^admin/two-step/(?!reset/)")
# What `<int:pk>` names, by the path's beginning (the longest that matches).
PK_OWNERS = {
    "admin/inbox/": "case", "admin/beneficiaries/": "file", "admin/beneficiaries/campaigns/": "campaign",
    "admin/beneficiaries/due/": "delivery", "admin/committee/": "session", "admin/committee/circulations/": "session",
    "admin/research/tasks/": "visit", "admin/research/requests/": "case", "admin/users/": "user",
    "admin/groups/": "group", "admin/hosting/": "association", "admin/settings/": "site",
}  # fmt: skip


def build_second():
    """The second association with one record of each kind (its staff made them): their ids by name."""
    b = build_second_association()
    staff = {role: UserFactory(role=str(role), association=b.site, first_name=MARK)
             for role in (Role.RELATIONS, Role.RESEARCHER, Role.COMMITTEE)}  # fmt: skip
    case = CaseFactory(form_page=b.forms["help-request"], status=Status.COMMITTEE, staff=staff,
                       answers={"full_name": MARK})  # fmt: skip
    task = ResearchTaskFactory(site=b.site, researcher=staff[Role.RESEARCHER], staff=staff)
    family = BeneficiaryFileFactory(site=b.site, head_name=MARK)
    ids = {
        "case": case.pk, "file": family.pk, "site": b.site.pk, "user": staff[Role.RELATIONS].pk,
        "group": b.groups["relations"].pk, "association": b.site.association.pk,
        "case_pk": case.pk, "task_pk": task.pk, "file_pk": family.pk, "page_id": b.forms["help-request"].pk,
        "other": BeneficiaryFileFactory(site=b.site, head_name=MARK).pk, "user_id": staff[Role.RELATIONS].pk,
        "visit": plan_visit(task, user=staff[Role.RELATIONS]).pk,
        "document_pk": FileDocumentFactory(file=family).pk,
        "delivery": DeliveryFactory(file=family, service=ServicePageFactory(site=b.site)).pk,
        "campaign": CampaignFactory(site=b.site, name=MARK).pk,
        "attachment_pk": case.submission.attachments.values_list("pk", flat=True).first() or 0,
    }  # fmt: skip
    ids["redirect_id"] = Redirect.objects.create(site=b.site, old_path="/marked", redirect_link=f"/{MARK}/").pk
    session = SessionFactory(site=b.site, place=MARK, members=[staff[Role.COMMITTEE]], cases=[case])
    ids["session"] = session.pk
    ids["item_pk"] = session.items.values_list("pk", flat=True).first() or 0
    return ids


@pytest.fixture(scope="module")
def _second_ids(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_second)


@pytest.fixture
def second(db, _second_ids):
    """The second association's record ids (built once for the module, see above)."""
    return _second_ids


def url_of(path: str, ids: dict) -> str:
    def value(match):
        kind, name = match.group(1), match.group(2)
        if kind in ("slug", "path"):
            return {"app_name": "organisation", "model_name": "organisationsettings"}.get(name, "x")
        if name != "pk":
            return str(ids.get(name, 0))
        if "/deliveries/" in path:
            return str(ids["delivery"])
        owners = [prefix for prefix in PK_OWNERS if path.startswith(prefix)]
        return str(ids[PK_OWNERS[max(owners, key=len)]]) if owners else "0"

    return "/" + re.sub(r"<(\w+):(\w+)>", value, path)


# What a path is given besides its ids, so that the answer is about the record (a staff entry names its channel).
GIVEN = {
    "admin/inbox/new/<int:page_id>/": {"channel": "phone"},
    "admin/redirects/add/": {"old_path": "/made-for-them", "site": "{site}", "redirect_link": "https://example.org/"},
    "admin/redirects/<int:redirect_id>/": {"old_path": "/changed", "site": "{site}", "redirect_link": "https://example.org/"},
    # A profile's form holds StreamFields, which Wagtail reads by their block count: an empty list of each.
    "admin/snippets/organisation/organisationprofile/add/": {
        "branches-count": "0", "social_accounts-count": "0", "public_holidays-count": "0",
    },
}
# Paths that refuse by going back to their list with an error (a staff entry: to the list of forms).
REFUSING_REDIRECTS = {"admin/inbox/new/<int:page_id>/": "/admin/inbox/new/"}


def refused(path, response) -> bool:
    """A refusal: 403, 404 or 405, or sent to sign in, to the dashboard (the admin's own refusal) or back to the
    path's list."""
    if response.status_code in (301, 302):
        location = response["Location"]
        return location.rstrip("/").endswith("/admin") or "/login/" in location or (
            location == REFUSING_REDIRECTS.get(path)
        )
    return response.status_code in REFUSED


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def state_of(ids):
    """What staff of the first association must not change: the second's request, file and session."""
    return (
        Case.objects.filter(pk=ids["case"]).values_list("status", "version", "assignee_id").get(),
        BeneficiaryFile.objects.filter(pk=ids["file"]).values_list("version", "status").get(),
        CommitteeSession.objects.filter(pk=ids["session"]).values_list("status", "version").get(),
        sorted(Redirect.objects.filter(site_id=ids["site"]).values_list("old_path", "redirect_link")),
    )


@pytest.mark.parametrize("role", ROLES)
def test_staff_of_one_association_reach_nothing_of_another(client, second, role):
    before = state_of(second)
    sign_in(client, UserFactory(role=role))
    paths = sorted(path for path in project_admin_paths() if not OWN_ACCOUNT.match(path))
    leaks = {}
    for path in paths:
        url = url_of(path, second)
        for method in ("get", "post"):
            given = {key: str(second["site"]) if value == "{site}" else value
                     for key, value in GIVEN.get(path, {}).items()}  # fmt: skip
            response = getattr(client, method)(url, given)
            shown = body_of(response) if response.status_code == 200 else ""
            if MARK in shown:
                leaks[f"{method.upper()} {url}"] = "shows the other association's data"
            elif re.search(r"<(int|str):", path) and not refused(path, response):
                leaks[f"{method.upper()} {url}"] = f"answers {response.status_code} on its record"
    assert not leaks, "\n".join(f"{where}: {what}" for where, what in sorted(leaks.items()))
    assert state_of(second) == before
    assert len(paths) > 100  # every path of the matrix, not a handful
