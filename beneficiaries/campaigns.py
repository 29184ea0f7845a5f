"""Distribution days: choosing a campaign's families, and recording in bulk what the ticked families collected.

Each family's delivery is recorded through beneficiaries.deliveries.record, the one way a delivery is recorded,
and all of a batch in one transaction: a batch with one bad row (a family not on the list, one that already
collected, a file suspended or closed) saves nothing. Duplicate aid: the ticked families that had the campaign's
service within its minimum interval are listed with a warning before the batch is sent, and the batch then needs
one reason, kept on each of those families' deliveries (the others' carry none).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries import deliveries
from beneficiaries.models import (
    BeneficiaryFile,
    Campaign,
    CampaignFamily,
    CampaignStatus,
    Delivery,
    FileStatus,
)
from beneficiaries.search import matching_files

# Files that cannot receive anything: their status says so.
NOT_RECEIVING = [FileStatus.SUSPENDED, FileStatus.CLOSED]


class CampaignError(Exception):
    """A batch or a change that cannot be made; its message is translated and shown as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ReasonNeeded(CampaignError):
    """Ticked families had the service within its interval and no reason was given."""

    def __init__(self, repeats):
        super().__init__(
            _(
                "%(count)s ticked family(ies) received this service within its minimum interval: give a reason "
                "for the batch, or untick them. Nothing was recorded."
            )
            % {"count": len(repeats)}
        )
        self.repeats = repeats


def campaigns_of(site_id):
    """The association's campaigns, each with the number of families chosen and collected."""
    return Campaign.objects.filter(site_id=site_id).annotate(
        chosen=Count("families", distinct=True),
        collected_count=Count("families", filter=Q(families__collected__isnull=False), distinct=True),
    )


# --- choosing the families --------------------------------------------------------------------------------
def files_matching(site_id, *, status="", group=None, city="", query=""):
    """The association's files that match the files listing's filters (status, group, city, a search)."""
    files = BeneficiaryFile.objects.filter(site_id=site_id)
    if status:
        files = files.filter(status=status)
    if group is not None:
        files = files.filter(groups=group)
    if city:
        files = files.filter(city__iexact=city.strip())
    if query:
        files = matching_files(files, query)
    return files


@transaction.atomic
def add_families(campaign: Campaign, files, *, user) -> int:
    """Add these files (only those of the campaign's association, each once) to the campaign; returns how many
    were added."""
    chosen = set(campaign.families.values_list("file_id", flat=True))
    new = [
        CampaignFamily(campaign=campaign, file_id=pk, added_by=user)
        for pk in files.filter(site_id=campaign.site_id).values_list("pk", flat=True).distinct()
        if pk not in chosen
    ]
    CampaignFamily.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def remove_family(row: CampaignFamily) -> None:
    """Take a family off the list; one that collected stays (its delivery is recorded)."""
    if CampaignFamily.objects.filter(pk=row.pk, collected__isnull=True).delete()[0] == 0:
        raise CampaignError(_("This family already collected: it stays on the list."))


# --- the distribution day ------------------------------------------------------------------------------------
@dataclass
class Row:
    """One family on the distribution day's list."""

    family: CampaignFamily
    repeat: deliveries.Repeat | None
    lapsed: bool

    @property
    def file(self):
        return self.family.file


def day_rows(campaign: Campaign, day: datetime.date, query: str = "") -> list[Row]:
    """The campaign's families (those matching a search, if any) with, for each, the warning of duplicate aid on
    `day` and its lapsed verification: three queries, however long the list."""
    families = campaign.families.select_related("file", "collected")
    if query:
        families = families.filter(file__in=matching_files(BeneficiaryFile.objects.filter(site_id=campaign.site_id),
                                                           query).values("pk"))  # fmt: skip
    families = list(families)
    waiting = [row.file_id for row in families if row.collected_id is None]
    repeats = deliveries.repeats_within_interval(waiting, campaign.service, day) if campaign.service_id else {}
    today = timezone.localdate()
    return [Row(row, repeats.get(row.file_id), row.file.verification_lapsed(today)) for row in families]


@transaction.atomic
def record_collected(campaign: Campaign, family_ids, *, day, hijri, calendar, delivered_by, user, reason=""):
    """One delivery of what the campaign gives for each ticked family, in one transaction; each row is marked
    collected. Raises CampaignError (nothing saved) for a bad batch."""
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("service").get(pk=campaign.pk)
    if campaign.status != CampaignStatus.OPEN:
        raise CampaignError(_("This campaign is not open for distribution: nothing was recorded."))
    wanted = set(family_ids)
    if not wanted:
        raise CampaignError(_("Tick at least one family."))
    rows = list(
        CampaignFamily.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, pk__in=wanted)
        .select_related("file")
        .order_by("pk")
    )
    if len(rows) != len(wanted):
        raise CampaignError(_("A ticked family is not on this campaign's list: nothing was recorded."))
    if any(row.collected_id for row in rows):
        raise CampaignError(_("A ticked family already collected (perhaps just now): nothing was recorded."))
    if any(row.file.status in NOT_RECEIVING for row in rows):
        raise CampaignError(_("A ticked family's file is suspended or closed: nothing was recorded."))
    reason = (reason or "").strip()
    repeats = (
        deliveries.repeats_within_interval([row.file_id for row in rows], campaign.service, day)
        if campaign.service_id
        else {}
    )
    if repeats and not reason:
        raise ReasonNeeded(repeats)
    recorded = []
    for row in rows:
        delivery = Delivery(
            file=row.file, service=campaign.service, service_title=campaign.service_title, kind=campaign.kind,
            amount=campaign.amount, quantity=campaign.quantity, unit=campaign.unit, fund_id=campaign.fund_id,
            delivered_on=day, delivered_on_hijri=hijri or "", date_calendar=calendar, delivered_by=delivered_by,
            duplicate_reason=reason if row.file_id in repeats else "",
        )  # fmt: skip
        deliveries.record(delivery, user=user)
        if not CampaignFamily.objects.filter(pk=row.pk, collected__isnull=True).update(collected=delivery):
            raise CampaignError(_("A ticked family already collected (perhaps just now): nothing was recorded."))
        recorded.append(delivery)
    return recorded
