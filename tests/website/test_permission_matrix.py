"""The one permission matrix: every admin path the project adds and every operation of the API, by role.

The paths are read from the URL configuration and the operations from the API's OpenAPI document, so a new
path or operation without a row here fails `test_every_admin_path_has_a_row` or
`test_every_api_operation_has_a_row`: the next features add rows, not harnesses.

An admin row is either the outcome of a GET for each role (checked here), or the test that checks the path
in depth with a request made for it (an action on one request, a download): tests/inbox/test_permission_matrix.py
for the inbox's own paths, tests/staff_security/ for the second factor.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.api.v3.api import api

from hosting.models import OPERATORS_GROUP
from organisation.factories import UserFactory
from policies.factories import library_of
from scripts.signin import sign_in
from tests.support.db import built_once

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"])
ROLES = (
    "anonymous", "editor", "moderator", "relations", "researcher", "committee", "secretary", "supervisor", "director",
    "admin", "operator",
)  # fmt: skip
INBOX_MATRIX = "tests/inbox/test_permission_matrix.py"
TWO_STEP = "tests/staff_security/test_second_factor.py"
FILES_IN_DEPTH = "tests/beneficiaries/test_admin.py"  # a family's file, by role, on a file made for it
FILE_DOCUMENTS = "tests/beneficiaries/test_documents.py"
DELIVERIES = "tests/beneficiaries/test_deliveries.py"  # on one file or one due delivery, by role
CAMPAIGNS = "tests/beneficiaries/test_campaigns.py"  # one campaign: its day, editing, its families, recording
COMMITTEE_IN_DEPTH = "tests/committee/test_permissions.py"  # one session by role, the secretary too; ids swapped
RESEARCH_IN_DEPTH = "tests/research/test_permissions.py"  # a task's visits: assigned or not, by role, ids swapped
# A request's research reports and their uploads: by role, researcher assigned or not, ids swapped between requests.
RESEARCH_REPORTS = "tests/research/test_report_permissions.py"
OPERATOR_SCREEN = "tests/hosting/test_operator.py"  # suspending and resuming (POST only), by operators only
# Snippets of an association: another association's record absent and refused (404) in every view by its id.
SNIPPETS_BY_ASSOCIATION = "tests/organisation/test_snippet_scoping.py"
SCOPED_SNIPPETS = (
    "beneficiaries/fund", "research/researchquestion", "services/servicecategory", "services/beneficiarygroup",
    "inbox/messagetemplate", "policies/policycategory", "organisation/organisationprofile",
    "governance/boardmember", "governance/committee", "governance/executivemember", "governance/disclosureitem",
    "governance/disclosuredocument", "governance/assemblymeeting",
)  # fmt: skip
REMOVE_SCREEN = "tests/hosting/test_transfer.py"  # removing one after its export: operators only, the domain typed
# Each association its own: Wagtail's users, groups and settings of another association, by id (a 404).
ASSOCIATIONS = "tests/organisation/test_working_association.py"
# Wagtail's redirects in front of its own: an association's own only, made for its site alone, imported by superusers.
REDIRECTS = "tests/organisation/test_redirect_scoping.py"
# wagtail-localize's views by id and its snippet API, in front of its own: another association's records a 404.
TRANSLATIONS = "tests/organisation/test_translation_scoping.py"

# Outcomes: "ok" (200), "login" (to the sign-in page), "denied" (403, or the admin's redirect to its dashboard),
# "redirect" (elsewhere).
# The supervisors and the executive director open the inbox for the complaints escalated to them
# (tests/inbox/test_escalation.py: their dashboard panel and what they see), and nothing else of it.
INBOX_STAFF = {
    "anonymous": "login", "editor": "denied", "moderator": "denied", "relations": "ok", "researcher": "ok",
    "committee": "ok", "secretary": "ok", "supervisor": "ok", "director": "ok", "admin": "ok",
}  # fmt: skip
# Family files: those who work requests, not the supervisors or the executive director (no file permissions).
FILE_STAFF = {**INBOX_STAFF, "supervisor": "denied", "director": "denied"}
# Deliveries and campaigns: the committee's secretary reads files for the agenda, not what is delivered.
DELIVERY_STAFF = {**FILE_STAFF, "secretary": "denied"}
# The requests-and-satisfaction report: beneficiary relations, who answer for the desk's numbers.
REPORT_READERS = {**INBOX_STAFF, "researcher": "denied", "committee": "denied", "secretary": "denied",
                  "supervisor": "denied", "director": "denied"}  # fmt: skip
# Research and the committee: beneficiary relations (they refer requests, answer escalated complaints), the
# committee's members and its secretary (their sessions, decisions and appeals).
COMMITTEE_REPORT_READERS = {**REPORT_READERS, "committee": "ok", "secretary": "ok"}
ADMINS_ONLY = {role: "login" if role == "anonymous" else "denied" for role in ROLES} | {"admin": "ok"}
# Content: editors and moderators publish pages; the governance section's records are editors' work.
CONTENT_STAFF = {**ADMINS_ONLY, "editor": "ok", "moderator": "ok"}
GOVERNANCE_EDITORS = {**ADMINS_ONLY, "editor": "ok"}
# The research tasks: researchers (their own) and beneficiary relations and administrators (every task).
RESEARCH_STAFF = {**INBOX_STAFF, "committee": "denied", "secretary": "denied", "supervisor": "denied",
                  "director": "denied"}  # fmt: skip

# The deployment's operators (hosting): no role in any association, so "denied" on every row that does not say
# otherwise; the operator's screen is theirs alone, not even an association's administrators'.
OPERATORS_ONLY = {role: "login" if role == "anonymous" else "denied" for role in ROLES} | {"operator": "ok"}

ADMIN = {
    # Snippets of an association (organisation.scoping's WorkingSiteViewSetMixin): the views it gives them; each of
    # another association's records a 404 by its id in every view, absent from listings and choosers.
    **{
        path.format(model=model): SNIPPETS_BY_ASSOCIATION
        for model in SCOPED_SNIPPETS
        for path in (
            "admin/snippets/{model}/add/",
            "admin/snippets/{model}/edit/<int:pk>/",
            "admin/snippets/{model}/copy/<int:pk>/",
            "admin/snippets/choose/{model}/",
            "admin/snippets/choose/{model}/results/",
            "admin/snippets/choose/{model}/chosen/<str:pk>/",
            "admin/snippets/choose/{model}/chosen-multiple/",
        )
    },
    # Funds and research questions: each association's own list (administrators).
    "admin/snippets/beneficiaries/fund/add/": ADMINS_ONLY,
    "admin/snippets/research/researchquestion/add/": ADMINS_ONLY,
    "admin/hosting/": OPERATORS_ONLY,
    "admin/hosting/new/": OPERATORS_ONLY,
    "admin/hosting/<int:pk>/suspend/": OPERATOR_SCREEN,
    "admin/hosting/<int:pk>/resume/": OPERATOR_SCREEN,
    "admin/hosting/<int:pk>/remove/": REMOVE_SCREEN,
    # Choosing the association to work in: anyone on the staff (offered in the menu only to people of several).
    "admin/associations/choose/": {**dict.fromkeys(ROLES, "ok"), "anonymous": "login", "operator": "denied"},
    # Wagtail's users (the association's administrators: its own people) and groups (superusers only).
    "admin/users/": ADMINS_ONLY,
    "admin/users/results/": ADMINS_ONLY,
    "admin/users/new/": ADMINS_ONLY,
    "admin/users/edit/<int:pk>/": ASSOCIATIONS,
    "admin/users/delete/<int:pk>/": ASSOCIATIONS,
    "admin/users/history/<int:pk>/": ASSOCIATIONS,
    "admin/users/history-results/<int:pk>/": ASSOCIATIONS,
    "admin/groups/": {**ADMINS_ONLY, "admin": "denied"},
    "admin/groups/results/": {**ADMINS_ONLY, "admin": "denied"},
    "admin/groups/new/": {**ADMINS_ONLY, "admin": "denied"},
    "admin/groups/edit/<int:pk>/": ASSOCIATIONS,
    "admin/groups/delete/<int:pk>/": ASSOCIATIONS,
    # Site settings: the association worked in, another's refused (organisation.settings_views).
    **{
        f"admin/redirects/{path}": REDIRECTS
        for path in ("", "results/", "add/", "<int:redirect_id>/", "<int:redirect_id>/delete/", "import/",
                     "import/process/")
    },  # fmt: skip
    "admin/settings/<slug:app_name>/<slug:model_name>/": ASSOCIATIONS,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": ASSOCIATIONS,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": ASSOCIATIONS,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/": TRANSLATIONS,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": TRANSLATIONS,
    "admin/localize/reports/translations/": TRANSLATIONS,
    "admin/localize/reports/translations/results/": TRANSLATIONS,
    "admin/beneficiaries/": FILE_STAFF,  # the family files: those who work requests (tests/beneficiaries)
    "admin/beneficiaries/results/": FILE_STAFF,
    "admin/beneficiaries/new/": {**DELIVERY_STAFF, "researcher": "denied", "committee": "denied"},
    "admin/beneficiaries/inspect/<int:pk>/": FILES_IN_DEPTH,
    "admin/beneficiaries/edit/<int:pk>/": FILES_IN_DEPTH,
    "admin/beneficiaries/verify/<int:pk>/": FILES_IN_DEPTH,
    "admin/beneficiaries/register/<int:pk>/": FILES_IN_DEPTH,
    "admin/beneficiaries/merge/<int:pk>/<int:other>/": FILES_IN_DEPTH,
    # Documents on file, each by role and with ids swapped between files (refused with a 404).
    "admin/beneficiaries/<int:pk>/documents/add/": FILE_DOCUMENTS,
    "admin/beneficiaries/<int:pk>/documents/keep/": FILE_DOCUMENTS,
    "admin/beneficiaries/<int:pk>/documents/<int:document_pk>/": FILE_DOCUMENTS,
    "admin/beneficiaries/<int:pk>/documents/<int:document_pk>/delete/": FILE_DOCUMENTS,
    "admin/beneficiaries/due/": DELIVERY_STAFF,  # due deliveries: read by those who work requests
    "admin/beneficiaries/due/<int:pk>/skip/": DELIVERIES,
    "admin/beneficiaries/<int:file_pk>/deliveries/new/": DELIVERIES,
    "admin/beneficiaries/<int:file_pk>/deliveries/<int:pk>/receipt/": DELIVERIES,
    "admin/beneficiaries/<int:file_pk>/deliveries/<int:pk>/confirm/": DELIVERIES,
    "admin/beneficiaries/<int:file_pk>/plans/new/": DELIVERIES,
    # Distribution campaigns: seen by those who work requests; made and run by beneficiary relations.
    "admin/beneficiaries/campaigns/": DELIVERY_STAFF,
    "admin/beneficiaries/campaigns/new/": {**DELIVERY_STAFF, "researcher": "denied", "committee": "denied"},
    "admin/beneficiaries/campaigns/<int:pk>/": CAMPAIGNS,
    "admin/beneficiaries/campaigns/<int:pk>/edit/": CAMPAIGNS,
    "admin/beneficiaries/campaigns/<int:pk>/families/": CAMPAIGNS,
    # Families served and the ministry's yearly figures, with their CSV and XLSX (tests/beneficiaries/test_reports.py).
    "admin/beneficiaries/reports/": REPORT_READERS,
    "admin/beneficiaries/reports/ministry/": REPORT_READERS,
    # The committee's sessions: seen by its members, prepared and recorded by its secretary.
    "admin/committee/": {**ADMINS_ONLY, "committee": "ok", "secretary": "ok"},
    "admin/committee/results/": {**ADMINS_ONLY, "committee": "ok", "secretary": "ok"},
    "admin/committee/new/": {**ADMINS_ONLY, "secretary": "ok"},
    "admin/committee/edit/<int:pk>/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/agenda/add/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/agenda/<int:item_pk>/remove/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/agenda/<int:item_pk>/move/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/open/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/attendance/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/items/<int:item_pk>/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/close/": COMMITTEE_IN_DEPTH,
    "admin/research/requests/<int:case_pk>/report/": RESEARCH_REPORTS,
    "admin/research/requests/<int:case_pk>/reports/<int:pk>/": RESEARCH_REPORTS,
    "admin/research/requests/<int:case_pk>/reports/<int:pk>/uploads/": RESEARCH_REPORTS,
    "admin/research/requests/<int:case_pk>/reports/<int:pk>/uploads/<int:upload_pk>/": RESEARCH_REPORTS,
    # The report on research and the committee, with its CSV and XLSX (tests/committee/test_reports.py).
    "admin/committee/reports/": COMMITTEE_REPORT_READERS,
    # The minutes of a finished session: downloaded (Arabic stored, English drawn on demand) by the committee,
    # the secretary and administrators; confirmed by the members who attended; made again by the secretary.
    "admin/committee/<int:pk>/minutes/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/minutes/english/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/minutes/confirm/": COMMITTEE_IN_DEPTH,
    "admin/committee/<int:pk>/minutes/make/": COMMITTEE_IN_DEPTH,
    # Circulation between sessions: members answer what they were asked; the secretary opens one.
    "admin/committee/circulations/": {**ADMINS_ONLY, "committee": "ok", "secretary": "ok"},
    "admin/committee/circulations/new/": {**ADMINS_ONLY, "secretary": "ok"},
    "admin/committee/circulations/<int:pk>/": COMMITTEE_IN_DEPTH,
    "admin/inbox/": INBOX_STAFF,
    "admin/inbox/results/": INBOX_STAFF,
    "admin/inbox/export/": INBOX_MATRIX,
    "admin/inbox/new/": INBOX_MATRIX,
    "admin/inbox/new/<int:page_id>/": INBOX_MATRIX,
    "admin/inbox/<int:pk>/": INBOX_MATRIX,
    "admin/inbox/<int:pk>/move/": INBOX_MATRIX,
    "admin/inbox/<int:pk>/assign/": INBOX_MATRIX,
    "admin/inbox/<int:pk>/note/": INBOX_MATRIX,
    "admin/inbox/<int:pk>/new-link/": INBOX_MATRIX,
    "admin/inbox/<int:pk>/attachment/<int:attachment_pk>/": INBOX_MATRIX,
    "admin/inbox/personal-data/": ADMINS_ONLY,
    "admin/inbox/personal-data/results/": {**ADMINS_ONLY, "admin": "redirect"},  # to the search, without a query
    "admin/inbox/personal-data/export/": INBOX_MATRIX,
    "admin/inbox/personal-data/correct/": INBOX_MATRIX,
    "admin/inbox/personal-data/erase/": INBOX_MATRIX,
    "admin/followup/report/": REPORT_READERS,
    "admin/research/tasks/": RESEARCH_STAFF,
    "admin/research/tasks/results/": RESEARCH_STAFF,
    "admin/research/tasks/<int:task_pk>/visits/new/": RESEARCH_IN_DEPTH,
    "admin/research/tasks/<int:task_pk>/visits/<int:pk>/reschedule/": RESEARCH_IN_DEPTH,
    "admin/research/tasks/<int:task_pk>/visits/<int:pk>/finish/": RESEARCH_IN_DEPTH,
    "admin/governance/report/": GOVERNANCE_EDITORS,
    "admin/policies/import/": CONTENT_STAFF,
    # Checked by role here (what the rows above name checks them between associations).
    # The documents' listing filters by the association's own items (tests/governance/test_associations.py).
    "admin/snippets/governance/disclosuredocument/": SNIPPETS_BY_ASSOCIATION,
    "admin/snippets/governance/disclosuredocument/results/": SNIPPETS_BY_ASSOCIATION,
    "admin/snippets/governance/disclosuredocument/add/": GOVERNANCE_EDITORS,
    "admin/snippets/governance/assemblymeeting/add/": GOVERNANCE_EDITORS,
    "admin/two-step/": TWO_STEP,
    "admin/two-step/verify/": TWO_STEP,
    "admin/two-step/setup/": TWO_STEP,
    "admin/two-step/recovery-codes/": TWO_STEP,
    "admin/two-step/turn-off/": TWO_STEP,
    "admin/two-step/reset/<int:user_id>/": TWO_STEP,
}

# The API, for a caller without credentials: "public" operations answer (200, or 404/422 for what does not
# exist or is malformed), "signed" ones answer 401. What each staff role may do once signed is Wagtail's own
# permission model (tests/core/test_headless.py, tests/forms/test_forms_api.py).
API = {
    **{
        (method, f"/api/v3/{collection}/"): "public" if method == "GET" else "signed"
        for collection in ("pages", "documents", "images", "redirects")
        for method in ("GET", "POST")
    },
    ("GET", "/api/v3/pages/find/"): "public",
    ("GET", "/api/v3/redirects/find/"): "public",
    **{
        (method, f"/api/v3/{collection}/{{{key}}}/"): "public" if method == "GET" else "signed"
        for collection, key, methods in (
            ("pages", "page_id", ("GET", "PATCH", "DELETE")),
            ("documents", "document_id", ("GET", "PATCH", "DELETE")),
            ("images", "image_id", ("GET", "PATCH", "DELETE")),
            ("redirects", "redirect_id", ("GET", "PUT", "DELETE")),
        )
        for method in methods
    },
    **{
        (method, f"/api/v3/pages/{{page_id}}/actions/{action}/"): "signed"
        for action, method in (
            ("publish", "POST"),
            ("unpublish", "POST"),
            ("copy", "POST"),
            ("move", "POST"),
            ("delete", "DELETE"),
            ("revert", "POST"),
            ("convert_alias", "POST"),
            ("create_alias", "POST"),
            ("copy_for_translation", "POST"),
        )
    },  # fmt: skip
    ("GET", "/api/v3/pages/{page_id}/revisions/"): "signed",
    ("GET", "/api/v3/pages/{page_id}/revisions/{revision_id}/"): "signed",
    ("GET", "/api/v3/schema/"): "signed",
    ("GET", "/api/v3/schema/{type_name}/"): "signed",
    ("GET", "/api/v3/sites/"): "signed",
    ("POST", "/api/v3/sites/"): "signed",
    ("GET", "/api/v3/sites/{site_id}/"): "signed",
    ("PUT", "/api/v3/sites/{site_id}/"): "signed",
    ("DELETE", "/api/v3/sites/{site_id}/"): "signed",
    ("GET", "/api/v3/whoami/"): "signed",
    ("GET", "/api/v3/snippets/{type}/"): "signed",
    ("POST", "/api/v3/snippets/{type}/"): "signed",
    ("GET", "/api/v3/snippets/{type}/{pk}/"): "signed",
    ("PATCH", "/api/v3/snippets/{type}/{pk}/"): "signed",
    ("DELETE", "/api/v3/snippets/{type}/{pk}/"): "signed",
    ("GET", "/api/v3/snippets/{type}/{pk}/revisions/"): "signed",
    ("GET", "/api/v3/snippets/{type}/{pk}/revisions/{revision_id}/"): "signed",
    **{
        (method, f"/api/v3/snippets/{{type}}/{{pk}}/actions/{action}/"): "signed"
        for action, method in (
            ("delete", "DELETE"),
            ("publish", "POST"),
            ("unpublish", "POST"),
            ("revert", "POST"),
            ("copy_for_translation", "POST"),
        )
    },  # fmt: skip
    # The project's own routers (website/api.py): the public side of the site.
    ("GET", "/api/v3/organisation/"): "public",
    ("GET", "/api/v3/forms/{page_id}/"): "public",
    ("POST", "/api/v3/forms/{page_id}/submissions/"): "public",
    ("GET", "/api/v3/preview/"): "public",  # the signed preview token is the secret
    ("POST", "/api/v3/followup/lookup/"): "public",
    ("GET", "/api/v3/followup/status/{token}/"): "public",
    ("POST", "/api/v3/followup/surveys/{token}/"): "public",
}
# Path parameters of the probe: nothing that exists, so a public operation answers 404 or 422, never data.
PROBE_VALUES = {"type": "inbox.messagetemplate", "type_name": "home.HomePage", "token": "not-a-token"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", pattern.callback)
            yield prefix + str(pattern.pattern), view.__module__


def project_admin_paths() -> set[str]:
    """Every path under the admin whose view one of the project's apps provides."""
    return {
        path
        for path, module in walk(get_resolver().url_patterns)
        if path.startswith("admin/") and module.split(".")[0] in PROJECT_APPS
    }


def api_operations() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {(method.upper(), path) for path, operations in paths.items() for method in operations}


def test_every_admin_path_has_a_row():
    assert project_admin_paths() == set(ADMIN)


def test_every_api_operation_has_a_row():
    assert api_operations() == set(API)


def outcome_of(response) -> str:
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    if response.status_code == 302:
        return "redirect"
    return "ok" if response.status_code == 200 else f"status {response.status_code}"


@pytest.fixture(scope="module")
def policy_library(django_db_setup, django_db_blocker):
    """The default site's policy library (made once per module): whoever may add a policy to it may import one."""
    yield from built_once(django_db_blocker, lambda: library_of().pk)


@pytest.fixture
def escalation_staff(db):
    """The committee's secretary and the roles complaints are escalated to (inbox.escalation), beside the
    design's others; and an operator of the deployment (hosting), in the Operators group and no association's."""
    people = {role: UserFactory(role=role) for role in ("secretary", "supervisor", "director")}
    people["operator"] = UserFactory(username="operator")
    people["operator"].groups.add(Group.objects.get(name=OPERATORS_GROUP))
    return people


@pytest.mark.django_db
@pytest.mark.parametrize("path", [path for path, row in ADMIN.items() if isinstance(row, dict)])
def test_each_role_gets_what_its_row_says(client, staff, escalation_staff, policy_library, path):
    results = {}
    people = {**staff, **escalation_staff}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            sign_in(client, people[role])
        results[role] = outcome_of(client.get("/" + path))
    expected = {role: ADMIN[path].get(role, "denied") if role == "operator" else ADMIN[path][role] for role in ROLES}
    mismatches = {role: (results[role], expected[role]) for role in ROLES if results[role] != expected[role]}
    assert not mismatches, f"(got, expected) per role: {mismatches}"


@pytest.mark.parametrize("row", sorted({row for row in ADMIN.values() if isinstance(row, str)}))
def test_each_path_checked_elsewhere_names_a_test_that_exists(row):
    assert (ROOT / row).is_file()


def probe_url(path: str) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda match: PROBE_VALUES.get(match.group(1), "999999"), path)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), sorted(API, key=lambda operation: (operation[1], operation[0])))
def test_each_api_operation_answers_a_caller_without_credentials_as_its_row_says(client, method, path):
    call = getattr(client, method.lower())
    body = {"data": "{}", "content_type": "application/json"} if method in ("POST", "PUT", "PATCH") else {}
    status = call(probe_url(path), **body).status_code
    if API[(method, path)] == "signed":
        assert status == 401
    else:
        assert status in (200, 404, 422), status
