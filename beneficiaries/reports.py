"""Reports on families served and deliveries (beneficiary relations and administrators: view_delivery_reports),
built on core.reports as the requests-and-satisfaction report is.

For a period (months of either calendar): the families served (files with at least one delivery in the period) and
their individuals (each family's household: the head and the members on file today), deliveries and amounts by
service, fund, beneficiary group, city and month, and the campaigns of the period (families chosen, collected).
For a year: the figures an association reports to the ministry, beneficiary families and individuals by group.

Every figure is worked out here in Python from the raw rows of the association's deliveries in the period (a few
queries, however many rows), so a test can recount them. A family in two groups counts in each group's row, and
once in the totals. Exports hold figures only, no personal data: each table as CSV, or all as one XLSX workbook,
with spreadsheet-safe cells.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from beneficiaries.models import BeneficiaryFile, Campaign, CampaignFamily, Delivery, Fund, HouseholdMember
from beneficiaries.views_deliveries import site_of
from core.reports import (
    PeriodForm,
    YearForm,
    default_period,
    default_year,
    export_or_page,
    grouped,
    month_key,
    month_label,
    table,
)
from services.models.facets import BeneficiaryGroup

READ = "beneficiaries.view_delivery_reports"


def may_read_reports(user) -> bool:
    return user.has_perm(READ)


# --- the raw rows -------------------------------------------------------------------------------------------
def delivery_rows(site_id, start, end) -> list[dict]:
    """Every delivery of the association's files in [start, end), with its family's city, groups and household
    size (four queries)."""
    deliveries = Delivery.objects.filter(site_id=site_id, delivered_on__gte=start, delivered_on__lt=end)
    rows = [
        {"file": file_id, "service": service_id, "service_title": title, "fund": fund_id, "amount": amount,
         "day": day, "city": (city or "").strip()}
        for file_id, service_id, title, fund_id, amount, day, city in deliveries.values_list(
            "file_id", "service_id", "service_title", "fund_id", "amount", "delivered_on", "file__city"
        )
    ]  # fmt: skip
    files = deliveries.values("file_id")
    members = dict(
        HouseholdMember.objects.filter(file_id__in=files)
        .values("file_id")
        .annotate(count=Count("pk"))
        .values_list("file_id", "count")
    )
    groups = defaultdict(list)
    through = BeneficiaryFile.groups.through
    for file_id, group_id in through.objects.filter(beneficiaryfile_id__in=files).values_list(
        "beneficiaryfile_id", "beneficiarygroup_id"
    ):
        groups[file_id].append(group_id)
    for row in rows:
        row["household"] = 1 + members.get(row["file"], 0)
        row["groups"] = sorted(groups.get(row["file"], []))
    return rows


def names_in(model, pks, field, language) -> dict:
    """{pk: name} of translatable rows in the reader's language where translated (two queries)."""
    source = list(model.objects.filter(pk__in=[pk for pk in pks if pk]).values_list("pk", "translation_key", field))
    names = {pk: name for pk, _key, name in source}
    translated = dict(
        model.objects.filter(translation_key__in=[key for _pk, key, _n in source], locale__language_code=language)
        .values_list("translation_key", field)
    )  # fmt: skip
    for pk, key, _name in source:
        if key in translated:
            names[pk] = translated[key]
    return names


# --- the figures ----------------------------------------------------------------------------------------------
def figures(rows) -> dict:
    """deliveries, families (distinct files), individuals (their households), amount in riyals."""
    households = {row["file"]: row["household"] for row in rows}
    return {
        "deliveries": len(rows),
        "families": len(households),
        "individuals": sum(households.values()),
        "amount": sum((row["amount"] for row in rows if row["amount"] is not None), Decimal("0.00")),
    }


COLUMNS = [
    ("deliveries", _("Deliveries")),
    ("families", _("Families")),
    ("individuals", _("Individuals")),
    ("amount", _("Amount (riyals)")),
]
SERVED_COLUMNS = [("families", _("Families")), ("individuals", _("Individuals"))]
CAMPAIGN_COLUMNS = [("chosen", _("Families chosen")), ("collected", _("Collected")), ("waiting", _("Not collected"))]
COUNT_CHART = {"type": "bar", "series": ["deliveries", "families"]}


def by_group(rows, group_names, columns=COLUMNS) -> list[list]:
    """One row per beneficiary group (a family in two groups counts in each), then families in none."""
    groups = defaultdict(list)
    for row in rows:
        for group_id in row["groups"] or [None]:
            groups[group_id].append(row)
    ordered = sorted((pk for pk in groups if pk is not None), key=lambda pk: group_names.get(pk, ""))
    result = [[group_names.get(pk, str(pk)), *[figures(groups[pk])[c] for c, _l in columns]] for pk in ordered]
    if None in groups:
        result.append([str(_("No group")), *[figures(groups[None])[c] for c, _l in columns]])
    return result


def campaign_rows(site_id, start, end) -> list[list]:
    """The association's campaigns running in [start, end): families chosen and collected."""
    campaigns = Campaign.objects.filter(site_id=site_id, starts_on__lt=end, ends_on__gte=start).order_by(
        "starts_on", "pk"
    )
    counts = defaultdict(lambda: [0, 0])
    for campaign_id, collected_id in CampaignFamily.objects.filter(campaign__in=campaigns).values_list(
        "campaign_id", "collected_id"
    ):
        counts[campaign_id][0] += 1
        counts[campaign_id][1] += collected_id is not None
    return [[campaign.name, counts[campaign.pk][0], counts[campaign.pk][1],
             counts[campaign.pk][0] - counts[campaign.pk][1]] for campaign in campaigns]  # fmt: skip


def build_report(site_id, start, end, calendar, language) -> list[dict]:
    """The period's tables: each {id, title, group label, columns, rows, chart}."""
    rows = delivery_rows(site_id, start, end)
    services = names_in(Page, {row["service"] for row in rows}, "title", language)
    funds = names_in(Fund, {row["fund"] for row in rows}, "name", language)
    group_names = names_in(BeneficiaryGroup, {pk for row in rows for pk in row["groups"]}, "name", language)
    no_service, no_city = str(_("No service")), str(_("No city recorded"))
    service_of = lambda row: services.get(row["service"]) or row["service_title"] or no_service  # noqa: E731

    def figures_table(table_id, title, group_label, key, label=str, chart=None):
        groups = grouped(rows, key)
        table_rows = [[label(name), *[figures(groups[name])[c] for c, _l in COLUMNS]] for name in sorted(groups)]
        return table(table_id, title, group_label, COLUMNS, table_rows, chart)

    total = figures(rows)
    return [
        table("served", _("Families and individuals served"), _("Period"), COLUMNS,
              [[str(_("All")), *[total[c] for c, _l in COLUMNS]]]),
        figures_table("by_service", _("Deliveries by service"), _("Service"), service_of, chart=COUNT_CHART),
        figures_table("by_fund", _("Deliveries by fund"), _("Fund"), lambda row: funds.get(row["fund"], "")),
        table("by_group", _("Deliveries by beneficiary group"), _("Beneficiary group"), COLUMNS,
              by_group(rows, group_names), COUNT_CHART),
        figures_table("by_city", _("Deliveries by city"), _("City"), lambda row: row["city"] or no_city),
        figures_table("by_month", _("Deliveries by month"), _("Month"), lambda row: month_key(calendar, row["day"]),
                      label=lambda key: month_label(calendar, key, language), chart=COUNT_CHART),
        table("campaigns", _("Campaigns"), _("Campaign"), CAMPAIGN_COLUMNS, campaign_rows(site_id, start, end),
              {"type": "bar", "series": ["chosen", "collected"]}),
    ]  # fmt: skip


def build_ministry(site_id, start, end, language) -> list[dict]:
    """The year's beneficiary families and individuals by group, and in all (each family once)."""
    rows = delivery_rows(site_id, start, end)
    group_names = names_in(BeneficiaryGroup, {pk for row in rows for pk in row["groups"]}, "name", language)
    total = figures(rows)
    table_rows = [*by_group(rows, group_names, SERVED_COLUMNS),
                  [str(_("All beneficiaries")), *[total[c] for c, _l in SERVED_COLUMNS]]]  # fmt: skip
    return [
        table("ministry", _("Beneficiary families and individuals by group"), _("Beneficiary group"),
              SERVED_COLUMNS, table_rows, {"type": "bar", "series": ["families", "individuals"]}),
    ]  # fmt: skip


# --- the views -------------------------------------------------------------------------------------------------
def report(request):
    if not may_read_reports(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET if "calendar" in request.GET else default_period())
    tables, period = [], None
    language = translation.get_language() or "ar"
    if form.is_valid():
        period = form.cleaned_data
        tables = build_report(site_of(request).pk, period["start"], period["end"], period["calendar"], language)
    context = {"form": form, "period": period, "title": _("Families served and deliveries"), "ministry": False}
    return export_or_page(request, tables, "families-served", context, "beneficiaries/report.html")


def ministry(request):
    if not may_read_reports(request.user):
        raise PermissionDenied
    form = YearForm(request.GET if "calendar" in request.GET else default_year())
    tables, period = [], None
    if form.is_valid():
        period = form.cleaned_data
        tables = build_ministry(site_of(request).pk, period["start"], period["end"], translation.get_language())
    context = {"form": form, "period": period, "title": _("Yearly figures for the ministry"), "ministry": True}
    return export_or_page(request, tables, "ministry-figures", context, "beneficiaries/report.html")
