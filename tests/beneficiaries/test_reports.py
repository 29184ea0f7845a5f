"""The reports on families served and deliveries: every figure recounted here from the raw rows, for months of
either calendar; the association's own deliveries only; campaigns chosen and collected; the ministry's yearly
figures by group; CSV and XLSX with formula-safe cells; an empty period; a constant number of queries; who may."""

import csv
import datetime
import io
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaries import reports
from beneficiaries.deliveries import funds_for
from beneficiaries.factories import (
    BeneficiaryFileFactory,
    CampaignFactory,
    CampaignFamilyFactory,
    DeliveryFactory,
    HouseholdMemberFactory,
)
from beneficiaries.models import Delivery, DeliveryKind
from core import calendars
from core.arabic import to_arabic_indic_digits
from core.reports import month_key, month_label
from home.factories import SiteFactory
from scripts.signin import sign_in
from services.factories import BeneficiaryGroupFactory, ServicePageFactory

pytestmark = pytest.mark.django_db
REPORT = reverse("beneficiaries:report")
MINISTRY = reverse("beneficiaries:ministry_report")
DANGEROUS_CITY = '=HYPERLINK("http://evil.example","اضغط")'
PERIOD = {"calendar": "gregorian", "first": "2025-01", "last": "2025-03"}


@pytest.fixture
def served(site_pages):
    """Three families of the association served in January-February 2025, one served again in April, and a
    family of another association in January."""
    basket = ServicePageFactory(title="سلة غذائية", slug="report-basket")
    rent = ServicePageFactory(title="إعانة إيجار", slug="report-rent")
    orphans = BeneficiaryGroupFactory(name="أسر الأيتام", slug="report-orphans")
    widows = BeneficiaryGroupFactory(name="الأرامل", slug="report-widows")
    site = site_pages["site"]
    zakat, general = funds_for(site.pk).get(slug="zakat"), funds_for(site.pk).get(slug="general")
    a = BeneficiaryFileFactory(city="الرياض")
    HouseholdMemberFactory.create_batch(2, file=a)
    a.groups.add(orphans)
    b = BeneficiaryFileFactory(city=DANGEROUS_CITY)
    b.groups.add(orphans, widows)
    c = BeneficiaryFileFactory(city="")
    HouseholdMemberFactory(file=c)
    day = datetime.date
    DeliveryFactory(file=a, service=basket, fund=zakat, delivered_on=day(2025, 1, 15))
    DeliveryFactory(file=a, service=rent, fund=general, kind=DeliveryKind.CASH, amount=Decimal("1500.50"),
                    quantity=None, unit="", delivered_on=day(2025, 2, 10))  # fmt: skip
    DeliveryFactory(file=b, service=basket, fund=zakat, delivered_on=day(2025, 1, 20))
    DeliveryFactory(file=c, service=rent, fund=zakat, kind=DeliveryKind.CASH, amount=Decimal("700"), quantity=None,
                    unit="", delivered_on=day(2025, 2, 1))  # fmt: skip
    DeliveryFactory(file=a, service=basket, fund=zakat, delivered_on=day(2025, 4, 1))  # after the period
    elsewhere = BeneficiaryFileFactory(site=SiteFactory(organisation=False))
    DeliveryFactory(file=elsewhere, service=basket, delivered_on=day(2025, 1, 15))
    campaign = CampaignFactory(service=basket, name="سلال الشتاء", starts_on=day(2025, 1, 10),
                               ends_on=day(2025, 1, 25))  # fmt: skip
    CampaignFamilyFactory(
        campaign=campaign, file=a, collected=Delivery.objects.get(file=a, delivered_on=day(2025, 1, 15))
    )
    CampaignFamilyFactory(campaign=campaign, file=c)
    CampaignFactory(service=basket, name="حملة لاحقة", starts_on=day(2025, 5, 1), ends_on=day(2025, 5, 9))
    return {"site": site, "files": (a, b, c), "groups": (orphans, widows)}


def tables_of(client, user, url=REPORT, **query):
    sign_in(client, user)
    response = client.get(url, query)
    assert response.status_code == 200, response.content.decode()[:2000]
    return {table["id"]: table for table in response.context["tables"]}, response


# --- recounting from the raw rows ---------------------------------------------------------------------------------
def recount(site, start, end, key):
    """{group: [deliveries, families, individuals, amount]} counted straight from the deliveries."""
    groups = defaultdict(list)
    for delivery in Delivery.objects.filter(site=site, delivered_on__gte=start, delivered_on__lt=end):
        for name in key(delivery):
            groups[name].append(delivery)
    counted = {}
    for name, rows in groups.items():
        families = {d.file_id: d.file for d in rows}
        counted[name] = [len(rows), len(families), sum(file.household_size for file in families.values()),
                         sum((d.amount or 0 for d in rows), Decimal("0.00"))]  # fmt: skip
    return counted


def as_dict(table):
    return {row[0]: list(row[1:]) for row in table["rows"]}


def test_every_figure_is_recounted_from_the_raw_rows(client, staff, served):
    tables, _response = tables_of(client, staff["relations"], **PERIOD)
    site, start, end = served["site"], datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)
    assert as_dict(tables["served"]) == {"الكل": [4, 3, 6, Decimal("2200.50")]}
    assert as_dict(tables["served"]) == {"الكل": recount(site, start, end, lambda d: ["all"])["all"]}
    assert as_dict(tables["by_service"]) == recount(site, start, end, lambda d: [d.service.title])
    assert as_dict(tables["by_fund"]) == recount(site, start, end, lambda d: [d.fund.name])
    assert as_dict(tables["by_city"]) == recount(site, start, end, lambda d: [d.file.city or "لم تُسجَّل المدينة"])
    assert as_dict(tables["by_group"]) == recount(
        site, start, end, lambda d: [g.name for g in d.file.groups.all()] or ["بلا فئة"]
    )
    assert as_dict(tables["by_group"])["أسر الأيتام"] == [3, 2, 4, Decimal("1500.50")]
    months = recount(
        site, start, end, lambda d: [month_label("gregorian", month_key("gregorian", d.delivered_on), "ar")]
    )
    assert as_dict(tables["by_month"]) == months and len(months) == 2
    assert as_dict(tables["campaigns"]) == {"سلال الشتاء": [2, 1, 1]}  # the May campaign is outside the period


def test_months_of_the_hijri_calendar_typed_in_arabic_digits(client, staff, served):
    first = calendars.gregorian_to_hijri(datetime.date(2025, 1, 15))[:7]
    last = calendars.gregorian_to_hijri(datetime.date(2025, 2, 10))[:7]
    tables, response = tables_of(client, staff["relations"], calendar="hijri", first=to_arabic_indic_digits(first),
                                 last=to_arabic_indic_digits(last))  # fmt: skip
    start, end = response.context["period"]["start"], response.context["period"]["end"]
    assert start == calendars.hijri_to_gregorian(*map(int, first.split("-")), 1)
    expected = recount(
        served["site"], start, end, lambda d: [month_label("hijri", month_key("hijri", d.delivered_on), "ar")]
    )
    assert as_dict(tables["by_month"]) == expected
    assert all("هـ" in label for label in expected)
    assert (
        sum(row[0] for row in expected.values())
        == Delivery.objects.filter(site=served["site"], delivered_on__gte=start, delivered_on__lt=end).count()
    )


def test_an_empty_period_shows_zeros_and_says_so(client, staff, served):
    tables, response = tables_of(client, staff["relations"], calendar="gregorian", first="2020-01", last="2020-02")
    assert as_dict(tables["served"]) == {"الكل": [0, 0, 0, Decimal("0.00")]}
    assert all(not tables[name]["rows"] for name in ("by_service", "by_fund", "by_group", "by_city", "by_month"))
    assert "لا شيء في هذه الفترة" in response.content.decode()


def test_a_bad_period_is_a_clear_error(client, staff, served):
    sign_in(client, staff["relations"])
    response = client.get(REPORT, {"calendar": "gregorian", "first": "2025-05", "last": "2025-01"})
    assert response.status_code == 200 and not response.context["tables"]
    assert "يجب ألا" in response.content.decode() or response.context["form"].errors


# --- exports ------------------------------------------------------------------------------------------------------
def test_csv_keeps_a_city_that_looks_like_a_formula_as_text(client, staff, served):
    sign_in(client, staff["relations"])
    response = client.get(REPORT, {**PERIOD, "csv": "by_city"})
    assert response["Content-Type"].startswith("text/csv") and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cities = [row[0] for row in rows[1:]]
    assert "'" + DANGEROUS_CITY in cities and DANGEROUS_CITY not in cities
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_has_every_table_and_no_formula(client, staff, served):
    sign_in(client, staff["relations"])
    response = client.get(REPORT, {**PERIOD, "xlsx": "all"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 7 and all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'" + DANGEROUS_CITY in [cell.value for cell in cells]
    totals = list(book.worksheets[0].iter_rows(values_only=True))
    assert totals[1][1:4] == (4, 3, 6)


# --- the ministry's yearly figures --------------------------------------------------------------------------------
def test_the_yearly_figures_by_group_count_each_family_once_in_all(client, staff, served):
    tables, _response = tables_of(client, staff["relations"], MINISTRY, calendar="gregorian", year="٢٠٢٥")
    assert as_dict(tables["ministry"]) == {
        "أسر الأيتام": [2, 4],  # a (3 people) and b (1)
        "الأرامل": [1, 1],
        "بلا فئة": [1, 2],
        "جميع المستفيدين": [3, 6],
    }
    sign_in(client, staff["relations"])
    body = client.get(MINISTRY, {"calendar": "gregorian", "year": "2025", "csv": "ministry"}).content.decode(
        "utf-8-sig"
    )
    assert "جميع المستفيدين,3,6" in body


def test_a_hijri_year_and_a_bad_year(client, staff, served):
    year = int(calendars.gregorian_to_hijri(datetime.date(2025, 1, 15))[:4])
    tables, response = tables_of(client, staff["relations"], MINISTRY, calendar="hijri", year=str(year))
    period = response.context["period"]
    assert period["start"] == calendars.hijri_to_gregorian(year, 1, 1)
    expected = Delivery.objects.filter(site=served["site"], delivered_on__gte=period["start"],
                                       delivered_on__lt=period["end"]).values("file").distinct().count()  # fmt: skip
    assert as_dict(tables["ministry"])["جميع المستفيدين"][0] == expected
    response = client.get(MINISTRY, {"calendar": "hijri", "year": "١٢"})
    assert response.status_code == 200 and not response.context["tables"] and response.context["form"].errors


# --- queries and who may ------------------------------------------------------------------------------------------
def test_the_report_costs_the_same_queries_however_many_rows(served):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)
    with CaptureQueriesContext(connection) as few:
        reports.build_report(served["site"].pk, start, end, "gregorian", "ar")
    for _n in range(4):
        file = BeneficiaryFileFactory(city="جدة")
        file.groups.add(BeneficiaryGroupFactory())
        HouseholdMemberFactory(file=file)
        DeliveryFactory(file=file, service=ServicePageFactory(), delivered_on=datetime.date(2025, 3, 3))
    with CaptureQueriesContext(connection) as many:
        reports.build_report(served["site"].pk, start, end, "gregorian", "ar")
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("relations", 200), ("admin", 200), ("researcher", 403), ("committee", 403), ("editor", 403), ("moderator", 403)],
)
def test_relations_and_administrators_read_and_export(client, staff, served, role, expected):
    sign_in(client, staff[role])
    for url, query in ((REPORT, PERIOD), (REPORT, {**PERIOD, "xlsx": "all"}), (MINISTRY, {})):
        response = client.get(url, query)
        got = (
            403
            if response.status_code == 302 and response["Location"].rstrip("/") == "/admin"
            else response.status_code
        )
        assert got == expected, url
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (MINISTRY in menu and REPORT in menu) == (expected == 200)
