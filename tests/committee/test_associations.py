"""Each association sees only its own committee: the secretary of a second association gets none of the
first's sessions, their agenda, minutes or edit, by listing or by id (404), and its own sessions in turn."""

import pytest
from django.test import Client

from committee.factories import SessionFactory
from home.factories import SiteFactory
from organisation import associations
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def second():
    site = SiteFactory(hostname="second.localhost")
    associations.create_staff_groups(site)
    return site


def test_the_secretary_of_another_association_gets_none_of_the_first_s_sessions(second):
    theirs = SessionFactory(place="Hall of the first")
    secretary = UserFactory(role="secretary", association=second)
    own = SessionFactory(site=second, place="Hall of the second", members=[secretary])
    client = sign_in(Client(), secretary)
    listing = client.get("/admin/committee/").content.decode()
    assert "Hall of the second" in listing and "Hall of the first" not in listing
    assert client.get(f"/admin/committee/{own.pk}/").status_code == 200
    for path in (
        f"{theirs.pk}/", f"edit/{theirs.pk}/", f"{theirs.pk}/attendance/", f"{theirs.pk}/minutes/",
        f"{theirs.pk}/minutes/english/",
    ):  # fmt: skip
        assert client.get(f"/admin/committee/{path}").status_code == 404, path
    for path in (f"{theirs.pk}/agenda/add/", f"{theirs.pk}/open/", f"{theirs.pk}/close/"):
        assert client.post(f"/admin/committee/{path}").status_code == 404, path
