"""Staff of every inbox role, and requests filed through the real forms."""

import pytest
from django.contrib.auth.models import Group

from tests.forms.helpers import help_request_data

GROUPS = {
    "relations": "Beneficiary relations",
    "researcher": "Social researchers",
    "researcher2": "Social researchers",
    "committee": "Research committee",
    "admin": "Administrators",
    "editor": "Editors",
    "moderator": "Moderators",
}


@pytest.fixture
def staff(db, django_user_model):
    """One user per role (two social researchers), each in the group the design names."""
    users = {}
    for name, group in GROUPS.items():
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password="x")
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    return users


def file_help_request(client, language="ar", **overrides):
    """Send the demo help request as an applicant would; return its case."""
    from forms.models import Submission

    path = "/ar/help-request/" if language == "ar" else "/en/help-request/"
    response = client.post(path, help_request_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first().case


@pytest.fixture
def help_case(client, demo):
    return file_help_request(client)


# --- exports, retention, personal data (added for the data-protection work) ------------------
import datetime  # noqa: E402
import uuid  # noqa: E402

from tests.forms.conftest import s3_server, s3_storages  # noqa: E402,F401  (the real S3 server, for tests/inbox too)


def file_survey(client, language="ar", **answers):
    """Send the demo satisfaction survey as an applicant would; return its case."""
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

    from forms.models import FormPage, Submission

    page = FormPage.objects.get(slug=slug, locale__language_code="ar")
    submission = Submission.objects.create(
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

    from inbox.models import Case

    when = timezone.now() - datetime.timedelta(days=days_ago)
    changes = {"status": status, "status_changed_at": when}
    if status == "closed":
        changes["closed_at"] = when
    Case.objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case
