"""Each association sees only its own family files: staff of a second association get none of the first's
files, documents, deliveries, campaigns or funds, by listing or by id (404); a person of both sees each in turn."""

import pytest
from django.test import Client
from wagtail.models import Site

from beneficiaries.factories import BeneficiaryFileFactory, CampaignFactory, DeliveryFactory, FundFactory
from home.factories import SiteFactory
from organisation import associations
from organisation.factories import UserFactory
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db
ADMIN = "/admin/beneficiaries/"


@pytest.fixture
def second():
    site = SiteFactory(hostname="second.localhost")
    associations.create_staff_groups(site)
    return site


@pytest.fixture
def files(second):
    return BeneficiaryFileFactory(head_name="Family of the first"), BeneficiaryFileFactory(
        site=second, head_name="Family of the second"
    )


def test_staff_of_another_association_see_none_of_the_first_s_files(second, files):
    theirs, ours = files
    client = sign_in(Client(), UserFactory(role="relations", association=second))
    listing = client.get(ADMIN).content.decode()
    assert "Family of the second" in listing and "Family of the first" not in listing
    assert client.get(f"{ADMIN}inspect/{ours.pk}/").status_code == 200
    delivery = DeliveryFactory(file=theirs)
    for path in (
        f"inspect/{theirs.pk}/", f"edit/{theirs.pk}/", f"verify/{theirs.pk}/", f"register/{theirs.pk}/",
        f"history/{theirs.pk}/", f"{theirs.pk}/documents/add/",
        f"{theirs.pk}/deliveries/new/", f"{theirs.pk}/plans/new/", f"{theirs.pk}/deliveries/{delivery.pk}/receipt/",
        f"{theirs.pk}/deliveries/{delivery.pk}/confirm/",
    ):  # fmt: skip
        assert client.get(ADMIN + path).status_code == 404, path
    assert client.post(f"{ADMIN}edit/{theirs.pk}/", {}).status_code == 404
    # Merging: refused to beneficiary relations (403), and another association's file is none to merge.
    administrator = sign_in(Client(), UserFactory(role="administrator", association=second))
    assert administrator.get(f"{ADMIN}merge/{ours.pk}/{theirs.pk}/").status_code == 404
    assert administrator.get(f"{ADMIN}merge/{theirs.pk}/{ours.pk}/").status_code == 404


def test_campaigns_and_funds_are_the_association_s_own(second):
    campaign = CampaignFactory(name="Campaign of the first")
    FundFactory(name="Fund of the first")
    own = FundFactory(site=second, name="Fund of the second")
    theirs = FundFactory(name="Another fund of the first")
    relations = sign_in(Client(), UserFactory(role="relations", association=second))
    assert "Campaign of the first" not in relations.get(f"{ADMIN}campaigns/").content.decode()
    assert relations.get(f"{ADMIN}campaigns/{campaign.pk}/").status_code == 404

    admin = sign_in(Client(), UserFactory(role="administrator", association=second))
    funds = admin.get("/admin/snippets/beneficiaries/fund/").content.decode()
    assert "Fund of the second" in funds and "Fund of the first" not in funds
    assert admin.get(f"/admin/snippets/beneficiaries/fund/edit/{theirs.pk}/").status_code == 404
    assert admin.get(f"/admin/snippets/beneficiaries/fund/edit/{own.pk}/").status_code == 200
    # A new fund can only be the association's own.
    form = admin.get("/admin/snippets/beneficiaries/fund/add/").context["form"]
    assert list(form.fields["site"].queryset) == [second]


def test_a_person_of_both_associations_sees_each_s_files_in_turn(second, files):
    first = Site.objects.get(is_default_site=True)
    person = UserFactory(role="relations")
    person.groups.add(associations.staff_group(second, "relations"))
    client = sign_in(Client(), person)
    client.post("/admin/associations/choose/", {"site": first.pk})
    listing = client.get(ADMIN).content.decode()
    assert "Family of the first" in listing and "Family of the second" not in listing
    client.post("/admin/associations/choose/", {"site": second.pk})
    listing = client.get(ADMIN).content.decode()
    assert "Family of the second" in listing and "Family of the first" not in listing
    assert client.get(f"{ADMIN}inspect/{files[0].pk}/").status_code == 404
