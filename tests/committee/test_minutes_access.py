"""A finished session's minutes by role (tests/website/test_permission_matrix.py names this module for the minutes'
paths): the stored PDF and the English rendering for the committee's members, the secretary and administrators;
others refused; another association's session a 404; each member who attended confirms once, and only they."""

import io

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from committee import closing
from committee.factories import SessionFactory, decide
from committee.models import MinutesConfirmation, Outcome, SessionMinutes
from home.factories import SiteFactory
from inbox.factories import CaseFactory
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
REFUSED = ("editor", "moderator", "relations", "researcher", "supervisor", "director")


def client_of(user):
    client = Client()
    sign_in(client, user)
    return client


def finish(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        closing.close_session(session.pk, user=UserFactory(role="secretary"), expected_version=session.version)
    return session


@pytest.fixture
def closed(site_pages, django_capture_on_commit_callbacks):
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=2, status="open")
    decide(session.items.get(), Outcome.REJECT)
    return finish(session, django_capture_on_commit_callbacks)


def urls(session):
    return {name: reverse(f"committee:{name}", args=[session.pk]) for name in ("minutes", "minutes_english")}


def denied(response) -> bool:
    """403, or the admin's redirect to its dashboard (how Wagtail answers a PermissionDenied)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("role", ["secretary", "administrator", "member"])
def test_the_committee_the_secretary_and_administrators_download_the_minutes(closed, role):
    user = closed.members.first() if role == "member" else UserFactory(role=role)
    client = client_of(user)
    response = client.get(urls(closed)["minutes"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF") and len(pdf) == SessionMinutes.objects.get(session=closed).size
    english = client.get(urls(closed)["minutes_english"])
    assert english.status_code == 200 and "no-store" in english["Cache-Control"]
    assert "This is a translation" in text_of(english.content)
    assert "Reject" in text_of(english.content)
    assert SessionMinutes.objects.count() == 1  # the translation is not stored


@pytest.mark.parametrize("role", REFUSED)
def test_others_are_refused(closed, role):
    client = client_of(UserFactory(role=role))
    for url in urls(closed).values():
        assert denied(client.get(url))
    assert denied(client.post(reverse("committee:minutes_confirm", args=[closed.pk])))
    assert denied(client.post(reverse("committee:minutes_make", args=[closed.pk])))
    assert not MinutesConfirmation.objects.exists()


def test_anonymous_is_sent_to_sign_in(closed):
    for url in urls(closed).values():
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_associations_session_is_a_404(closed, django_capture_on_commit_callbacks):
    other_site = SiteFactory(organisation=False)
    elsewhere = SessionFactory(site=other_site, present=2, status="preparing")
    client = client_of(UserFactory(role="secretary"))
    for url in urls(elsewhere).values():
        assert client.get(url).status_code == 404
    assert client.post(reverse("committee:minutes_make", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("committee:minutes_confirm", args=[elsewhere.pk])).status_code == 404


def test_members_who_attended_confirm_once_and_only_they(closed):
    attended, absent = list(closed.attendance.filter(present=True)), closed.attendance.get(present=False)
    confirm_url = reverse("committee:minutes_confirm", args=[closed.pk])
    first = client_of(attended[0].member)
    page = first.get(reverse("committee:session", args=[closed.pk])).content.decode()
    assert confirm_url in page and "لم يعتمد بعد" in page

    assert first.post(confirm_url).status_code == 302
    response = first.post(confirm_url)
    assert "سبق أن اعتمدت" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert list(MinutesConfirmation.objects.values_list("member", flat=True)) == [attended[0].member_id]

    assert denied(client_of(absent.member).post(confirm_url))
    assert denied(client_of(UserFactory(role="secretary")).post(confirm_url))
    assert MinutesConfirmation.objects.count() == 1

    page = client_of(attended[1].member).get(reverse("committee:session", args=[closed.pk])).content.decode()
    assert page.count("لم يعتمد بعد") == 1 and confirm_url in page
