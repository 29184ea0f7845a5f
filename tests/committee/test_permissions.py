"""Who may do what with one session, in depth (tests/website/test_permission_matrix.py names this module for the
session's paths): the committee's members see it; the secretary prepares and records; administrators all; beneficiary
relations, researchers and editors are refused; another association's session, or another session's item, is a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from committee import closing
from committee.factories import SessionFactory, decide
from committee.models import AgendaItem, Circulation, CommitteeSession, MinutesConfirmation, Outcome, SessionStatus
from home.factories import SiteFactory
from inbox.factories import CaseFactory
from inbox.lifecycle import Status
from inbox.models import Case
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
REFUSED = ("editor", "moderator", "relations", "researcher")


def client_of(role):
    client = Client()
    if role != "anonymous":
        sign_in(client, UserFactory(role=role))
    return client


def outcome(response) -> str:
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    return {200: "ok", 302: "redirect", 404: "missing", 405: "not allowed"}.get(
        response.status_code, str(response.status_code)
    )


@pytest.fixture
def preparing(site_pages):
    return SessionFactory(cases=[CaseFactory(status="committee"), CaseFactory(status="committee")])


@pytest.fixture
def held(site_pages):
    return SessionFactory(cases=[CaseFactory(status="committee")], present=3, status="open")


def urls_of(session, item):
    return {
        "session": reverse("committee:session", args=[session.pk]),
        "edit": reverse("committee:edit", args=[session.pk]),
        "attendance": reverse("committee:attendance", args=[session.pk]),
        "decision": reverse("committee:decision", args=[session.pk, item.pk]),
        "close": reverse("committee:close", args=[session.pk]),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"session": "login", "attendance": "login", "decision": "login", "close": "login"}),
        *[(role, {"session": "denied", "attendance": "denied", "decision": "denied", "close": "denied"})
          for role in REFUSED],
        ("committee", {"session": "ok", "attendance": "denied", "decision": "denied", "close": "denied"}),
        ("secretary", {"session": "ok", "attendance": "ok", "decision": "ok", "close": "ok"}),
        ("administrator", {"session": "ok", "attendance": "ok", "decision": "ok", "close": "ok"}),
    ],
)  # fmt: skip
def test_an_open_session_by_role(held, role, expected):
    client = client_of(role)
    urls = urls_of(held, held.items.get())
    assert {name: outcome(client.get(urls[name])) for name in expected} == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", "login"), *[(role, "denied") for role in REFUSED], ("committee", "denied"), ("secretary", "ok"),
     ("administrator", "ok")],
)  # fmt: skip
def test_new_and_edit_by_role(preparing, role, expected):
    client = client_of(role)
    assert outcome(client.get(reverse("committee:add"))) == expected
    assert outcome(client.get(reverse("committee:edit", args=[preparing.pk]))) == expected


@pytest.mark.parametrize("role", ["committee", *REFUSED])
def test_those_who_may_not_prepare_change_nothing(preparing, role):
    client = client_of(role)
    first, second = preparing.items.order_by("position")
    waiting = CaseFactory(status="committee")
    posts = [
        (reverse("committee:agenda_add", args=[preparing.pk]), {"case": waiting.pk}),
        (reverse("committee:agenda_move", args=[preparing.pk, second.pk]), {"direction": "up"}),
        (reverse("committee:agenda_remove", args=[preparing.pk, first.pk]), {}),
        (reverse("committee:open", args=[preparing.pk]), {"version": preparing.version}),
    ]
    assert [outcome(client.post(url, data)) for url, data in posts] == ["denied"] * 4
    assert [item.case_id for item in preparing.items.order_by("position")] == [first.case_id, second.case_id]
    assert CommitteeSession.objects.get(pk=preparing.pk).status == SessionStatus.PREPARING


def test_the_secretary_prepares_the_agenda_and_opens_the_session(preparing):
    client = client_of("secretary")
    first, second = preparing.items.order_by("position")
    waiting = CaseFactory(status="committee")
    assert client.post(reverse("committee:agenda_add", args=[preparing.pk]), {"case": waiting.pk}).status_code == 302
    client.post(reverse("committee:agenda_move", args=[preparing.pk, second.pk]), {"direction": "up"})
    client.post(reverse("committee:agenda_remove", args=[preparing.pk, first.pk]))
    assert [item.case_id for item in preparing.items.order_by("position")] == [second.case_id, waiting.pk]
    client.post(reverse("committee:open", args=[preparing.pk]), {"version": preparing.version})
    assert CommitteeSession.objects.get(pk=preparing.pk).status == SessionStatus.OPEN


def test_the_secretary_records_and_closes_and_members_cannot(held):
    item = held.items.get()
    decide(item, Outcome.REJECT)
    member = client_of("committee")
    assert outcome(member.post(reverse("committee:close", args=[held.pk]), {"version": held.version})) == "denied"
    assert Case.objects.get(pk=item.case_id).status == Status.COMMITTEE
    secretary = client_of("secretary")
    response = secretary.post(reverse("committee:close", args=[held.pk]), {"version": held.version})
    assert response.status_code == 302
    assert Case.objects.get(pk=item.case_id).status == Status.REJECTED


def test_ids_of_another_association_or_another_session_are_404(held, preparing):
    secretary = client_of("secretary")
    other_site = SiteFactory(organisation=False)
    elsewhere = SessionFactory(site=other_site, status=SessionStatus.PREPARING)
    for url in urls_of(elsewhere, held.items.get()).values():
        assert secretary.get(url).status_code == 404
    foreign_item = preparing.items.first()
    assert secretary.get(reverse("committee:decision", args=[held.pk, foreign_item.pk])).status_code == 404
    assert secretary.post(reverse("committee:agenda_remove", args=[held.pk, foreign_item.pk])).status_code == 404
    assert (
        secretary.post(reverse("committee:agenda_remove", args=[preparing.pk, held.items.get().pk])).status_code == 404
    )
    assert AgendaItem.objects.filter(pk=foreign_item.pk).exists()
    # A session that has opened is no longer edited.
    assert secretary.get(reverse("committee:edit", args=[held.pk])).status_code == 404


# --- the minutes and circulation (deeper: tests/committee/test_minutes_access.py, test_circulation.py) ---------------
@pytest.fixture
def finished(site_pages, django_capture_on_commit_callbacks):
    session = SessionFactory(cases=[CaseFactory(status="committee")], present=2, status="open")
    decide(session.items.get(), Outcome.DEFER)
    with django_capture_on_commit_callbacks(execute=True):
        closing.close_session(session.pk, user=UserFactory(role="secretary"), expected_version=session.version)
    return session


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"minutes": "login", "minutes_english": "login"}),
        *[(role, {"minutes": "denied", "minutes_english": "denied"}) for role in REFUSED],
        ("committee", {"minutes": "ok", "minutes_english": "ok"}),
        ("secretary", {"minutes": "ok", "minutes_english": "ok"}),
        ("administrator", {"minutes": "ok", "minutes_english": "ok"}),
    ],
)  # fmt: skip
def test_the_minutes_by_role(finished, role, expected):
    client = client_of(role)
    got = {name: outcome(client.get(reverse(f"committee:{name}", args=[finished.pk]))) for name in expected}
    assert got == expected


@pytest.mark.parametrize(
    ("role", "confirm", "make"),
    [("anonymous", "login", "login"), *[(role, "denied", "denied") for role in REFUSED],
     ("committee", "denied", "denied"),  # a member who did not attend this session
     ("secretary", "denied", "redirect"),  # confirms nothing (did not attend); asks again (already made: told so)
     ("administrator", "denied", "redirect")],
)  # fmt: skip
def test_confirming_and_making_the_minutes_again_by_role(finished, role, confirm, make):
    client = client_of(role)
    assert outcome(client.post(reverse("committee:minutes_confirm", args=[finished.pk]))) == confirm
    assert outcome(client.post(reverse("committee:minutes_make", args=[finished.pk]))) == make
    assert not MinutesConfirmation.objects.exists()


def test_minutes_of_another_association_are_404(finished):
    elsewhere = SessionFactory(site=SiteFactory(organisation=False))
    secretary = client_of("secretary")
    for name in ("minutes", "minutes_english"):
        assert secretary.get(reverse(f"committee:{name}", args=[elsewhere.pk])).status_code == 404
    for name in ("minutes_confirm", "minutes_make"):
        assert secretary.post(reverse(f"committee:{name}", args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", "login"), *[(role, "denied") for role in REFUSED], ("committee", "denied"), ("secretary", "ok"),
     ("administrator", "ok")],
)  # fmt: skip
def test_one_circulation_by_role(site_pages, role, expected):
    row = Circulation.objects.create(site=site_pages["site"], case=CaseFactory(status="committee"), outcome="reject",
                                     quorum=2)  # fmt: skip
    assert outcome(client_of(role).get(reverse("committee:circulation", args=[row.pk]))) == expected
