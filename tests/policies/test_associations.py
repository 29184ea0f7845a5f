"""The policy importer among many associations: whether to offer it reads the association worked in only."""

import pytest
from wagtail.models import Site

from organisation.factories import UserFactory
from policies import views
from policies.factories import library_of
from policies.models import PolicyIndexPage
from tests.support.second_association import build_second_association

pytestmark = pytest.mark.django_db


def test_offering_the_importer_asks_only_about_the_association_s_own_libraries(site_pages, monkeypatch):
    ours, theirs = library_of(), library_of(build_second_association().site)
    asked = []
    original = PolicyIndexPage.permissions_for_user

    def recording(index, user):
        asked.append(index.pk)
        return original(index, user)

    monkeypatch.setattr(PolicyIndexPage, "permissions_for_user", recording)
    person = UserFactory(role="administrator")
    person.working_site_id = Site.objects.get(is_default_site=True).pk
    assert views.can_import(person)
    own = {ours.pk, *ours.get_translations().values_list("pk", flat=True)}
    assert asked and set(asked) <= own
    assert theirs.pk not in asked
