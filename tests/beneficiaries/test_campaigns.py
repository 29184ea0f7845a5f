"""Distribution-day campaigns: families chosen by the files listing's filters (only the association's own), the
day's list with a search, deliveries recorded in bulk for the ticked families only, in one transaction, each family
collecting once; duplicate aid within the service's interval warned and recorded only with the batch's reason; a
lapsed verification flagged; who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries import duplicates
from beneficiaries.factories import (
    BeneficiaryFileFactory,
    CampaignFactory,
    CampaignFamilyFactory,
    DeliveryFactory,
)
from beneficiaries.models import Campaign, CampaignFamily, CampaignStatus, Delivery, FileLogEntry, FileStatus
from core import calendars
from core.arabic import to_arabic_indic_digits
from home.factories import SiteFactory
from scripts.signin import sign_in
from services.factories import BeneficiaryGroupFactory, ServicePageFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def basket(site_pages):
    """Ramadan baskets: a service whose deliveries to one family are at least 30 days apart."""
    return ServicePageFactory(title="سلة رمضان", slug="ramadan-basket", min_days_between_deliveries=30)


@pytest.fixture
def campaign(basket):
    return CampaignFactory(service=basket, name="سلال رمضان ١٤٤٧")


@pytest.fixture
def families(campaign):
    return [
        CampaignFamilyFactory(campaign=campaign, file=BeneficiaryFileFactory(head_name=name, mobile=mobile))
        for name, mobile in (("منيرة الحربي", "+966505550101"), ("عائشة القحطاني", "+966505550102"),
                             ("حصة الدوسري", "+966505550103"))
    ]  # fmt: skip


def day_url(campaign):
    return reverse("beneficiaries:campaign", args=[campaign.pk])


def families_url(campaign):
    return reverse("beneficiaries:campaign_families", args=[campaign.pk])


def batch(*rows, day=None, **fields):
    day = day or TODAY()
    return {"family": [getattr(row, "pk", row) for row in rows], "delivered_on_0": "gregorian",
            "delivered_on_1": to_arabic_indic_digits(day.strftime("%d/%m/%Y")), "reason": "", **fields}  # fmt: skip


# --- recording in bulk -------------------------------------------------------------------------------------
def test_the_ticked_families_only_get_a_delivery_each_in_one_post(client, staff, campaign, families):
    first, second, third = families
    sign_in(client, staff["relations"])
    response = client.post(day_url(campaign), batch(first, second))
    assert response.status_code == 302, response.content.decode()[:3000]
    delivered = Delivery.objects.order_by("file__pk")
    assert sorted(delivery.file_id for delivery in delivered) == sorted([first.file_id, second.file_id])
    for delivery in delivered:
        assert (delivery.service, delivery.kind, delivery.quantity, delivery.unit, delivery.fund) == (
            campaign.service,
            campaign.kind,
            Decimal("1"),
            "سلة",
            campaign.fund,
        )
        assert delivery.delivered_on == TODAY() and delivery.delivered_on_hijri == calendars.gregorian_to_hijri(TODAY())
        assert (delivery.recorded_by, delivery.delivered_by, delivery.duplicate_reason) == (
            staff["relations"],
            staff["relations"],
            "",
        )
        assert delivery.site_id == campaign.site_id
        # recorded the one way deliveries are: the family's timeline has it
        assert FileLogEntry.objects.filter(file_id=delivery.file_id, action="beneficiaries.delivery").exists()
    collected = dict(CampaignFamily.objects.values_list("pk", "collected__file_id"))
    assert collected == {first.pk: first.file_id, second.pk: second.file_id, third.pk: None}
    page = client.get(day_url(campaign)).content.decode()
    assert "٢ / ٣" in page or "2 / 3" in page


@pytest.mark.parametrize("bad", ["another campaign's family", "a closed file", "not a number", "nobody ticked"])
def test_a_bad_row_saves_nothing_and_says_why_in_arabic(client, staff, campaign, families, basket, bad):
    first, second, _third = families
    rows = [first, second]
    if bad == "another campaign's family":
        rows.append(CampaignFamilyFactory(campaign=CampaignFactory(service=basket)))
    elif bad == "a closed file":
        second.file.status = FileStatus.CLOSED
        second.file.save()
    elif bad == "not a number":
        rows.append("x")
    else:
        rows = []
    sign_in(client, staff["relations"])
    response = client.post(day_url(campaign), batch(*rows))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    expected = {
        "another campaign's family": "ليست في قائمة هذه الحملة",
        "a closed file": "موقوف أو مغلق",
        "not a number": "ليست في قائمة هذه الحملة",
        "nobody ticked": "اختر أسرة واحدة على الأقل",
    }[bad]
    assert expected in errors, errors
    assert not Delivery.objects.exists() and not CampaignFamily.objects.filter(collected__isnull=False).exists()
    assert not FileLogEntry.objects.filter(action="beneficiaries.delivery").exists()


def test_a_failure_half_way_through_the_batch_leaves_nothing(client, staff, campaign, families, monkeypatch):
    """The second family's delivery fails after the first was saved: the first is rolled back too."""
    from beneficiaries import deliveries

    real, calls = deliveries.record, []

    def failing(delivery, **kwargs):
        calls.append(delivery.file_id)
        if len(calls) == 2:
            raise deliveries.ScheduleChanged
        return real(delivery, **kwargs)

    monkeypatch.setattr(deliveries, "record", failing)
    sign_in(client, staff["relations"])
    client.raise_request_exception = False
    client.post(day_url(campaign), batch(*families))
    assert len(calls) == 2
    assert not Delivery.objects.exists() and not CampaignFamily.objects.filter(collected__isnull=False).exists()


def test_a_family_collects_once(client, staff, campaign, families):
    first = families[0]
    sign_in(client, staff["relations"])
    assert client.post(day_url(campaign), batch(first)).status_code == 302
    response = client.post(day_url(campaign), batch(first, families[1]))
    assert response.status_code == 200
    assert "استلمت" in " ".join(response.context["form"].non_field_errors())
    assert Delivery.objects.count() == 1
    page = client.get(day_url(campaign)).content.decode()
    assert f'value="{first.pk}" disabled' in page  # its box cannot be ticked again


def test_only_an_open_campaign_records(client, staff, campaign, families):
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    sign_in(client, staff["relations"])
    response = client.post(day_url(campaign), batch(families[0]))
    assert response.status_code == 200 and not Delivery.objects.exists()
    assert "ليست مفتوحة" in " ".join(response.context["form"].non_field_errors())


def test_a_future_day_is_refused(client, staff, campaign, families):
    sign_in(client, staff["relations"])
    response = client.post(day_url(campaign), batch(families[0], day=TODAY() + datetime.timedelta(days=2)))
    assert response.status_code == 200 and response.context["form"].errors["delivered_on"]
    assert not Delivery.objects.exists()


# --- duplicate aid and verification ----------------------------------------------------------------------------
def test_families_inside_the_interval_are_warned_and_need_the_batchs_reason(client, staff, campaign, families, basket):
    first, second, _third = families
    DeliveryFactory(file=first.file, service=basket, delivered_on=TODAY() - datetime.timedelta(days=10))
    sign_in(client, staff["relations"])
    page = client.get(day_url(campaign))
    warned = [row.family.pk for row in page.context["rows"] if row.repeat]
    assert warned == [first.pk] and "المدة الدنيا" in page.content.decode()

    response = client.post(day_url(campaign), batch(first, second))
    assert response.status_code == 200 and "سبب" in " ".join(response.context["form"].non_field_errors())
    assert Delivery.objects.count() == 1  # only the earlier one

    response = client.post(day_url(campaign), batch(first, second, reason="حريق في منزل الأسرة"))
    assert response.status_code == 302
    reasons = dict(Delivery.objects.filter(campaign__isnull=False).values_list("file_id", "duplicate_reason"))
    assert reasons == {first.file_id: "حريق في منزل الأسرة", second.file_id: ""}


def test_a_lapsed_verification_is_flagged_per_row(client, staff, campaign, families):
    lapsed = families[1].file
    lapsed.next_verification = TODAY() - datetime.timedelta(days=1)
    lapsed.save()
    sign_in(client, staff["relations"])
    response = client.get(day_url(campaign))
    assert [row.lapsed for row in response.context["rows"] if row.file.pk == lapsed.pk] == [True]
    assert sum(row.lapsed for row in response.context["rows"]) == 1
    assert "انتهت مدة التحقق" in response.content.decode()


def test_the_days_list_is_found_by_id_mobile_or_name(client, staff, campaign, families):
    sign_in(client, staff["relations"])
    second = families[1].file
    for query in (to_arabic_indic_digits(second.head_id), "0505550102", "القحطانى"):
        rows = client.get(day_url(campaign), {"q": query}).context["rows"]
        assert [row.file.pk for row in rows] == [second.pk], query


def test_the_list_costs_the_same_queries_however_long(client, staff, campaign, families, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, staff["relations"])
    with CaptureQueriesContext(connection) as short:
        client.get(day_url(campaign))
    for _n in range(5):
        CampaignFamilyFactory(campaign=campaign)
    with CaptureQueriesContext(connection) as long:
        client.get(day_url(campaign))
    assert len(long) == len(short)


# --- choosing the families -----------------------------------------------------------------------------------------
def test_families_are_added_by_the_listings_filters_once_and_only_the_associations_own(client, staff, campaign):
    orphans = BeneficiaryGroupFactory(name="أسر الأيتام", slug="orphans-c")
    chosen = [BeneficiaryFileFactory(city="جدة", status=FileStatus.ACTIVE) for _n in range(2)]
    chosen[0].groups.add(orphans)
    BeneficiaryFileFactory(city="جدة", status=FileStatus.CLOSED)
    BeneficiaryFileFactory(city="الدمام", status=FileStatus.ACTIVE)
    elsewhere = BeneficiaryFileFactory(city="جدة", status=FileStatus.ACTIVE, site=SiteFactory(organisation=False))
    sign_in(client, staff["relations"])
    response = client.post(families_url(campaign), {"action": "add", "city": "جدة", "status": FileStatus.ACTIVE})
    assert response.status_code == 302
    assert set(campaign.families.values_list("file_id", flat=True)) == {file.pk for file in chosen}
    client.post(families_url(campaign), {"action": "add", "city": "جدة", "status": FileStatus.ACTIVE})  # again
    assert campaign.families.count() == 2
    assert elsewhere.pk not in campaign.families.values_list("file_id", flat=True)

    response = client.post(families_url(campaign), {"action": "add_file", "file": elsewhere.pk})
    assert response.status_code == 404 and campaign.families.count() == 2

    other = CampaignFactory(service=campaign.service)
    client.post(reverse("beneficiaries:campaign_families", args=[other.pk]), {"action": "add", "group": orphans.pk})
    assert list(other.families.values_list("file_id", flat=True)) == [chosen[0].pk]


def test_no_filter_is_a_clear_error_and_adds_nothing(client, staff, campaign):
    BeneficiaryFileFactory()
    sign_in(client, staff["relations"])
    response = client.post(families_url(campaign), {"action": "add"})
    assert response.status_code == 200 and "مرشحًا واحدًا" in response.content.decode()
    assert not campaign.families.exists()


def test_a_family_is_taken_off_the_list_unless_it_collected(client, staff, campaign, families):
    first, second, _third = families
    sign_in(client, staff["relations"])
    client.post(day_url(campaign), batch(first))
    client.post(families_url(campaign), {"action": "remove", "family": second.pk})
    client.post(families_url(campaign), {"action": "remove", "family": first.pk})
    assert set(campaign.families.values_list("pk", flat=True)) == {first.pk, families[2].pk}
    other = CampaignFamilyFactory(campaign=CampaignFactory(service=campaign.service))
    assert client.post(families_url(campaign), {"action": "remove", "family": other.pk}).status_code == 404


def test_another_associations_campaign_is_not_found(client, staff, basket):
    elsewhere = CampaignFactory(service=basket, site=SiteFactory(organisation=False))
    sign_in(client, staff["admin"])
    for url in (
        day_url(elsewhere),
        families_url(elsewhere),
        reverse("beneficiaries:campaign_edit", args=[elsewhere.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert elsewhere.name not in client.get(reverse("beneficiaries:campaigns")).content.decode()


def test_merging_two_files_chosen_for_one_campaign_keeps_the_row_that_collected(client, staff, campaign, families):
    first, second, _third = families
    sign_in(client, staff["relations"])
    client.post(day_url(campaign), batch(second))
    duplicates.merge(first.file, second.file, user=staff["admin"])
    rows = list(campaign.families.filter(file=first.file))
    assert len(rows) == 1 and rows[0].collected is not None and rows[0].collected.file_id == first.file_id


# --- the campaign's form ----------------------------------------------------------------------------------------------
def test_a_campaign_is_made_with_its_days_in_either_calendar(client, staff, basket, site_pages):
    sign_in(client, staff["relations"])
    start, end = TODAY(), TODAY() + datetime.timedelta(days=20)
    year, month, mday = calendars.parse_parts(calendars.gregorian_to_hijri(start))
    from beneficiaries.deliveries import funds_for

    data = {
        "name": "حقيبة مدرسية", "season": "school", "status": "planning", "service": basket.pk, "kind": "in_kind",
        "amount": "", "quantity": "١", "unit": "حقيبة", "fund": funds_for(site_pages["site"].pk).first().pk,
        "starts_on_0": "hijri", "starts_on_1": to_arabic_indic_digits(f"{mday:02d}/{month:02d}/{year}"),
        "ends_on_0": "gregorian", "ends_on_1": end.isoformat(),
    }  # fmt: skip
    response = client.post(reverse("beneficiaries:campaign_new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Campaign.objects.get(name="حقيبة مدرسية")
    assert (made.starts_on, made.ends_on, made.site) == (start, end, site_pages["site"])
    assert made.starts_on_hijri == calendars.gregorian_to_hijri(start) and made.service_title == "سلة رمضان"
    listing = client.get(reverse("beneficiaries:campaigns")).content.decode()
    assert "حقيبة مدرسية" in listing and calendars.hijri_display(start, "ar") in listing

    data |= {"name": "عكسية", "ends_on_1": (start - datetime.timedelta(days=1)).isoformat()}
    response = client.post(reverse("beneficiaries:campaign_new"), data)
    assert response.status_code == 200 and response.context["form"].errors["ends_on"]
    assert not Campaign.objects.filter(name="عكسية").exists()


# --- who may do what ------------------------------------------------------------------------------------------------
def outcome(response):
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return "denied"
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    return "ok" if response.status_code in (200, 302) else f"status {response.status_code}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("relations", ["ok"] * 6),
        ("admin", ["ok"] * 6),
        ("researcher", ["ok", "denied", "ok", "denied", "denied", "denied"]),
        ("committee", ["ok", "denied", "ok", "denied", "denied", "denied"]),
        ("editor", ["denied"] * 6),
        ("moderator", ["denied"] * 6),
        ("anonymous", ["login"] * 6),
    ],
)
def test_who_may_do_what(client, staff, campaign, families, role, expected):
    """The list, a new campaign, the day's list, editing, choosing families, recording the day's deliveries."""
    if role != "anonymous":
        sign_in(client, staff[role])
    results = [
        outcome(client.get(reverse("beneficiaries:campaigns"))),
        outcome(client.get(reverse("beneficiaries:campaign_new"))),
        outcome(client.get(day_url(campaign))),
        outcome(client.get(reverse("beneficiaries:campaign_edit", args=[campaign.pk]))),
        outcome(client.get(families_url(campaign))),
        outcome(client.post(day_url(campaign), batch(families[0]))),
    ]
    assert results == expected
    assert Delivery.objects.exists() == (expected[-1] == "ok")
