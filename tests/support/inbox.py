"""Requests filed through the real forms or stored directly, and moved along as staff would."""

import csv
import datetime
import io
import uuid

from django.test import RequestFactory
from django.utils import translation

from inbox import exports
from inbox.models import Case
from tests.support.forms import help_request_data


def file_help_request(client, language="ar", **overrides):
    """Send the help request (/ar|en/help-request/) as an applicant would; return its case."""
    from forms.models import Submission

    path = "/ar/help-request/" if language == "ar" else "/en/help-request/"
    response = client.post(path, help_request_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first().case


def file_survey(client, language="ar", **answers):
    """Send the satisfaction survey (/ar|en/satisfaction-survey/) as an applicant would; return its case."""
    from forms.models import Submission

    data = {"overall": "4", "speed": "3", "staff": "5", "website": "", "submission_token": str(uuid.uuid4())}
    data.update(answers)
    path = "/ar/satisfaction-survey/" if language == "ar" else "/en/satisfaction-survey/"
    response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first().case


def make_case(slug="help-request", *, data=None, **columns):
    """A request stored directly (no files, no form): fast, for tests that need many rows."""
    from django.utils import timezone
    from wagtail.models import Site

    from forms.models import FormPage, Submission

    # The tests' association (the default site) unless another is named.
    site = columns.pop("site", None) or Site.objects.get(is_default_site=True)
    page = FormPage.objects.descendant_of(site.root_page).get(slug=slug, locale__language_code="ar")
    submission = Submission.objects.create(
        site=site,
        reference=columns.pop("reference", f"GE-2026-{uuid.uuid4().int % 1_000_000:06d}"),
        kind=page.kind,
        form_page=page,
        form_key=page.translation_key,
        form_title=page.title,
        language=columns.pop("language", "ar"),
        data=data or {},
        reply_due=timezone.localdate() + datetime.timedelta(days=14),
        idempotency_token=uuid.uuid4(),
        **columns,
    )
    return submission.case


def finish(case, status="closed", days_ago=0):
    """Put a request at a finished status, finished `days_ago` days ago (what retention looks at)."""
    from django.utils import timezone

    when = timezone.now() - datetime.timedelta(days=days_ago)
    changes = {"status": status, "status_changed_at": when}
    if status == "closed":
        changes["closed_at"] = when
    Case.objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case


def deliver(case, people):
    """Take a help request from received to delivered, as staff would; returns it."""
    from inbox import services
    from inbox.lifecycle import Status

    services.make_move(case.pk, Status.VERIFICATION, user=people["relations"])
    services.make_move(case.pk, Status.COMMITTEE, user=people["relations"])
    services.make_move(case.pk, Status.ACCEPTED, user=people["committee"])
    services.make_move(case.pk, Status.REGISTERED, user=people["relations"])
    case, _event = services.make_move(case.pk, Status.DELIVERED, user=people["relations"])
    return case


def ask_for_documents(case, staff, via="relations"):
    """Ask the applicant for a document, as relations would (or a researcher, after a visit)."""
    from inbox import services
    from inbox.lifecycle import Status

    services.make_move(case.pk, Status.VERIFICATION, user=staff["relations"])
    if via == "researcher":
        services.make_move(case.pk, Status.RESEARCH, user=staff["relations"], reason="زيارة",
                           researcher=staff["researcher"])  # fmt: skip
        services.make_move(case.pk, Status.WAITING, user=staff["researcher"], reason="صورة عقد الإيجار")
    else:
        services.make_move(case.pk, Status.WAITING, user=staff["relations"], reason="صورة عقد الإيجار")
    case.refresh_from_db()
    return case


def export(user, fmt="csv", queryset=None, language="ar", query=""):
    """The inbox's export of `queryset` (every request) as `user` asks for it: (response, its bytes)."""
    request = RequestFactory().get("/admin/inbox/export/" + query)
    request.user = user
    with translation.override(language):
        response = exports.export_response(request, Case.objects.all() if queryset is None else queryset, fmt)
        content = b"".join(response.streaming_content)
    return response, content


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte order mark first, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
