"""The minutes made when a session finishes (committee.minutes_making): after the closing commits, in a task;
the Arabic PDF read back holds each decision in order and never a national ID or a name; a failing drawing
leaves the closing applied and the page says so; made again by the secretary; made once."""

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from committee import closing, minutes_making
from committee.factories import SessionFactory, decide
from committee.models import CommitteeSession, MinutesStatus, Outcome, SessionMinutes
from forms.records import private_storage
from inbox.appeals import applicant_appeal
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def stored_pdf(session) -> bytes:
    minutes = SessionMinutes.objects.get(session=session)
    with private_storage().open(minutes.stored_file.name, "rb") as handle:
        return handle.read()


@pytest.fixture
def secretary():
    return UserFactory(role="secretary")


@pytest.fixture
def close(secretary, django_capture_on_commit_callbacks):
    def close_it(session, adjourn=False):
        with django_capture_on_commit_callbacks(execute=True):
            closing.close_session(session.pk, user=secretary, expected_version=session.version, adjourn=adjourn)
        return CommitteeSession.objects.get(pk=session.pk)

    return close_it


def held_session_of_three():
    appealed = CaseFactory(status="rejected")
    applicant_appeal(appealed.pk, "لم تُراعَ ديون الأسرة", link_secret=appealed.link_secret)
    session = SessionFactory(cases=[CaseFactory(status="committee"), appealed, CaseFactory(status="committee")],
                             present=3, status="open")  # fmt: skip
    items = list(session.items.order_by("position"))
    second = next(item for item in items if item.case_id == appealed.pk)
    first, third = (item for item in items if item is not second)
    members = list(session.members.order_by("pk"))
    first.standing_aside.set([members[0]])
    decide(first, Outcome.ACCEPT, unanimous=False, votes_for=1, votes_against=1, chair_vote="for",
           dissent="يكفي ثلاثة أشهر")  # fmt: skip
    decide(second, Outcome.REJECT, reason_text="لا تنطبق الشروط بعد التظلم")
    decide(third, Outcome.DEFER, missing="صك الإعالة")
    return session, [first.case, second.case, third.case], members


def test_minutes_are_made_after_the_closing_with_every_decision_in_arabic_in_order(site_pages, close):
    session, cases, members = held_session_of_three()
    session = close(session)

    minutes = SessionMinutes.objects.get(session=session)
    assert minutes.status == MinutesStatus.MADE and minutes.made_at and minutes.site_id == session.site_id
    pdf = stored_pdf(session)
    assert hashlib.sha256(pdf).hexdigest() == minutes.sha256 and minutes.size == len(pdf)
    text = text_of(pdf)
    in_order = [item.case.submission.reference for item in session.items.order_by("position")]
    positions = [text.index(reference) for reference in in_order]
    assert positions == sorted(positions)
    rows = {
        reference: text[start:end]
        for reference, start, end in zip(in_order, positions, [*positions[1:], len(text)], strict=True)
    }
    rows = [rows[case.submission.reference] for case in cases]  # accepted, appealed and rejected, deferred
    assert "قبول" in rows[0] and "ريال" in rows[0] and "يكفي" in rows[0]  # the acceptance, its dissent
    assert "رفض" in rows[1] and "الشروط" in rows[1] and "تظلم" in rows[1]  # the appeal, marked
    assert "تأجيل" in rows[2] and "الإعالة" in rows[2]
    assert "التوقيعات" in text and "الحاضرون" in text
    for case in cases:  # never a national ID or an applicant's name
        submission = case.submission
        assert submission.applicant_national_id and submission.applicant_national_id not in text
        assert submission.applicant_name and submission.applicant_name not in text
    # Made once: the task again changes nothing.
    assert minutes_making.make_minutes(session.pk) == "skipped"
    assert SessionMinutes.objects.get(session=session).sha256 == minutes.sha256


def test_an_adjourned_session_has_its_minutes_too(site_pages, close):
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=1, status="open")
    session = close(session, adjourn=True)
    assert "لم يكتمل النصاب" in text_of(stored_pdf(session))


def test_a_failing_drawing_leaves_the_closing_applied_and_the_page_says_so_then_made_again(
    site_pages, close, secretary, client, monkeypatch
):
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=3, status="open")
    item = session.items.get()
    decide(item, Outcome.REJECT)

    def broken(*args, **kwargs):
        raise RuntimeError("the fonts are missing")

    monkeypatch.setattr(minutes_making, "render_pdf", broken)
    session = close(session)
    assert Case.objects.get(pk=item.case_id).status == Status.REJECTED
    minutes = SessionMinutes.objects.get(session=session)
    assert (minutes.status, minutes.failure, minutes.stored_file.name) == (MinutesStatus.FAILED, "RuntimeError", "")

    sign_in(client, secretary)
    page = client.get(reverse("committee:session", args=[session.pk])).content.decode()
    assert 'data-minutes="failed"' in page and "تعذّر إعداد المحضر" in page
    assert reverse("committee:minutes_make", args=[session.pk]) in page
    assert client.get(reverse("committee:minutes", args=[session.pk])).status_code == 404

    monkeypatch.undo()
    response = client.post(reverse("committee:minutes_make", args=[session.pk]))
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.MADE and minutes.attempts == 2
    page = client.get(reverse("committee:session", args=[session.pk])).content.decode()
    assert 'data-minutes="made"' in page and reverse("committee:minutes_make", args=[session.pk]) not in page
    # Made once: asking again is refused with the reason, and the file stays.
    client.post(reverse("committee:minutes_make", args=[session.pk]))
    assert SessionMinutes.objects.get(session=session).sha256 == minutes.sha256


def test_minutes_are_not_made_for_a_session_still_open(site_pages, secretary, client):
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=3, status="open")
    sign_in(client, secretary)
    client.post(reverse("committee:minutes_make", args=[session.pk]))
    assert not SessionMinutes.objects.exists()
    assert client.get(reverse("committee:minutes_english", args=[session.pk])).status_code == 404
