"""Who may do what with research reports, by role, on a request made for it: the request's researcher writes and
submits; beneficiary relations, the committee (once the request reached it) and administrators read; a researcher
not assigned to the request, editors and moderators are refused; a report or upload of another request in the
address is a 404. The permission matrix (tests/website/test_permission_matrix.py) points here for these paths."""

import pytest
from django.urls import reverse

from inbox import services
from inbox.lifecycle import Status
from research.models import ReportUpload, ResearchReport
from research.report_factories import draft_report, photo_upload, referred_case, submitted_report
from scripts.signin import sign_in
from services.factories import ServicePageFactory

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "editor", "moderator", "relations", "researcher", "researcher2", "committee", "admin")


def outcome(response) -> str:
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/"):
        return "denied"
    if response.status_code == 302:
        return "redirect"
    return {200: "ok", 404: "404"}.get(response.status_code, f"status {response.status_code}")


def outcomes(client, staff, request):
    results = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            sign_in(client, staff[role])
        results[role] = outcome(request(client))
    return results


REFUSED = {"anonymous": "login", "editor": "denied", "moderator": "denied", "researcher2": "denied"}


@pytest.fixture
def reported(client, staff, site_pages):
    """A request with a submitted report (with a photo) then sent to the committee."""
    case = referred_case(staff["researcher"])
    report = draft_report(case)
    sign_in(client, staff["researcher"])
    client.post(reverse("research:upload_add", args=[case.pk, report.pk]), {"upload": photo_upload()})
    report = submitted_report(case, ServicePageFactory(title="إعانة"))
    services.make_move(case.pk, Status.COMMITTEE, user=staff["researcher"])
    client.logout()
    return case, report, ReportUpload.objects.get(report=report)


def test_reading_a_report_and_its_upload_by_role(client, staff, reported):
    case, report, upload = reported
    expected = {**REFUSED, "relations": "ok", "researcher": "ok", "committee": "ok", "admin": "ok"}
    page = reverse("research:report", args=[case.pk, report.pk])
    assert outcomes(client, staff, lambda c: c.get(page)) == expected
    download = reverse("research:upload", args=[case.pk, report.pk, upload.pk])
    assert outcomes(client, staff, lambda c: c.get(download)) == expected


def test_the_committee_reads_only_once_the_request_reached_it(client, staff):
    case = referred_case(staff["researcher"])
    report = submitted_report(case, ServicePageFactory(title="إعانة"))
    sign_in(client, staff["committee"])
    assert outcome(client.get(reverse("research:report", args=[case.pk, report.pk]))) == "denied"


def test_only_the_requests_researcher_begins_writes_and_uploads(client, staff, site_pages):
    case = referred_case(staff["researcher"])
    start = reverse("research:start_report", args=[case.pk])
    results = outcomes(client, staff, lambda c: c.get(start))
    assert results == {**REFUSED, "relations": "denied", "researcher": "redirect", "committee": "denied",
                       "admin": "denied"}  # fmt: skip
    report = ResearchReport.objects.get(case=case)  # the researcher's draft, begun once
    page = reverse("research:report", args=[case.pk, report.pk])
    # Reading another's draft: beneficiary relations and administrators read; none but its researcher writes.
    posted = outcomes(client, staff, lambda c: c.post(page, {"version": report.version, "save": "1"}))
    assert posted == {**REFUSED, "relations": "denied", "researcher": "redirect", "committee": "denied",
                      "admin": "denied"}  # fmt: skip
    add = reverse("research:upload_add", args=[case.pk, report.pk])
    added = outcomes(client, staff, lambda c: c.post(add, {"upload": photo_upload()}))
    assert added == {**REFUSED, "relations": "denied", "researcher": "redirect", "committee": "denied",
                     "admin": "denied"}  # fmt: skip
    assert ReportUpload.objects.filter(report=report).count() == 1


def test_a_researcher_writes_only_while_the_request_is_with_research(client, staff):
    case = referred_case(staff["researcher"])
    services.make_move(case.pk, Status.COMMITTEE, user=staff["researcher"])
    sign_in(client, staff["researcher"])
    assert outcome(client.get(reverse("research:start_report", args=[case.pk]))) == "denied"


def test_ids_swapped_between_requests_are_404(client, staff, reported):
    case, report, upload = reported
    other_case = referred_case(staff["researcher"])
    other = draft_report(other_case)
    sign_in(client, staff["relations"])
    assert client.get(reverse("research:report", args=[other_case.pk, report.pk])).status_code == 404
    assert client.get(reverse("research:upload", args=[other_case.pk, other.pk, upload.pk])).status_code == 404
    sign_in(client, staff["researcher"])
    swapped = client.post(reverse("research:upload_add", args=[case.pk, other.pk]), {"upload": photo_upload()})
    assert swapped.status_code == 404 and not ReportUpload.objects.filter(report=other).exists()
    assert client.get(reverse("research:report", args=[case.pk, 999999])).status_code == 404


def test_the_panel_shows_only_to_those_who_may_read(client, staff, reported):
    case, report, _upload = reported
    url = reverse("inbox:detail", args=[case.pk])
    for role, shown in (("relations", True), ("committee", True), ("researcher", True), ("admin", True)):
        sign_in(client, staff[role])
        page = client.get(url).content.decode()
        assert ("تقارير البحث" in page) is shown, role
        assert "اكتب تقرير البحث" not in page  # with the committee now: nobody writes


def test_administrators_keep_the_questions(client, staff):
    listing = "/admin/snippets/research/researchquestion/"
    results = outcomes(client, staff, lambda c: c.get(listing))
    only_administrators = dict.fromkeys(ROLES, "denied") | {"anonymous": "login", "admin": "ok"}
    assert results == only_administrators
