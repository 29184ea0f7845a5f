"""Fake families in bulk (`seed_demo --families N`) for trying the files listing and for its benchmark.

Written with bulk inserts in batches, not through the admin: 100,000 families through the forms would take
hours. Each family has a head with a valid national ID and a mobile of its own, four household members on
average (three in four with an ID), an income, often a rent, sometimes a beneficiary group, and a few
deliveries from the association's funds over the last two years. IDs are taken from 1100000000 upwards (eight
per family), above the demo families' (beneficiaries.demo), so running it again adds new families.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Locale, Site

from beneficiaries.deliveries import funds_for
from beneficiaries.identity import IdKind, national_id_for
from beneficiaries.models import (
    BeneficiaryFile,
    Delivery,
    DeliveryKind,
    Expense,
    ExpenseKind,
    FileStatus,
    HouseholdMember,
    Income,
    IncomeKind,
    Relation,
    Sex,
)
from core import calendars
from forms.records import searchable_name
from inbox.demo import FAMILY, GIVEN
from services.models import BeneficiaryGroup, ServicePage

FIRST_SERIAL = 10_000_000  # national IDs 1100000000 and up: never a demo family's, never a factory's
SERIALS_PER_FAMILY = 8  # the head and up to seven members
MEMBERS = (2, 6, 3, 5, 4)  # household members per family, in turn: four on average
FEMALE = {"نورة", "سارة", "فاطمة", "هيا", "ريم", "منيرة", "لطيفة", "أمل", "جواهر", "مشاعل"}
MALE = [name for name in GIVEN if name not in FEMALE]
CITIES = [("الرياض", ["النسيم", "العزيزية", "الشفا", "السويدي", "الروضة"]), ("الخرج", ["الراشدية", "الخالدية"])]
Grouped = BeneficiaryFile.groups.through
STATUSES = [FileStatus.ACTIVE] * 16 + [FileStatus.REGISTERING] * 2 + [FileStatus.SUSPENDED, FileStatus.CLOSED]


def next_family_number(site: Site) -> int:
    """The first family number not yet taken on this site (from the highest fake head's ID)."""
    highest = BeneficiaryFile.objects.filter(site=site, head_id__gte=national_id_for(FIRST_SERIAL), head_id__lt="2")
    top = highest.aggregate(top=Max("head_id"))["top"]
    return 0 if top is None else (int(top[1:9]) - FIRST_SERIAL) // SERIALS_PER_FAMILY + 1


def create_fake_families(
    count: int, *, site: Site | None = None, seed: int = 2026, batch: int = 2000, deliveries: int = 3
) -> int:
    """`count` fake families on the site (the default one), `deliveries` each on average; the number made."""
    site = site or Site.objects.get(is_default_site=True)
    rng = random.Random(seed)  # noqa: S311 - fake data that must repeat, not secrets
    source = Locale.get_default()
    funds = list(funds_for(site.pk)[:2])
    services = list(ServicePage.objects.filter(locale=source).only("pk", "title"))
    groups = list(BeneficiaryGroup.objects.for_site(site).filter(locale=source).values_list("pk", flat=True))
    now = timezone.now()
    today = timezone.localdate()
    hijri = {}  # one conversion per day, not per delivery
    first = next_family_number(site)
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            numbers = range(first + made, first + made + size)
            files = [fake_file(site, number, rng, now, today) for number in numbers]
            BeneficiaryFile.objects.bulk_create(files)
            members, incomes, expenses, given, in_groups = [], [], [], [], []
            for number, file in zip(numbers, files, strict=True):
                members += fake_members(file, number, rng, today)
                incomes.append(Income(file=file, kind=rng.choice(list(IncomeKind)),
                                      monthly_amount=Decimal(rng.randrange(800, 6000, 50))))  # fmt: skip
                if number % 2:
                    expenses.append(Expense(file=file, kind=ExpenseKind.RENT,
                                            monthly_amount=Decimal(rng.randrange(700, 2500, 50))))  # fmt: skip
                if groups and number % 3 == 0:
                    in_groups.append(Grouped(beneficiaryfile=file, beneficiarygroup_id=rng.choice(groups)))
                if funds and deliveries:
                    per_family = max(0, deliveries + number % 3 - 1)  # deliveries - 1, deliveries, deliveries + 1
                    given += [fake_delivery(file, rng, today, services, funds, hijri) for _ in range(per_family)]
            HouseholdMember.objects.bulk_create(members)
            Income.objects.bulk_create(incomes)
            Expense.objects.bulk_create(expenses)
            Grouped.objects.bulk_create(in_groups)
            Delivery.objects.bulk_create(given)
        made += size
    return made


def fake_file(site, number, rng, now, today) -> BeneficiaryFile:
    given = rng.choice(GIVEN)
    name = f"{given} {rng.choice(MALE)} {rng.choice(FAMILY)}"
    city, districts = rng.choice(CITIES)
    status = rng.choice(STATUSES)
    opened = now - datetime.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
    active = status != FileStatus.REGISTERING
    return BeneficiaryFile(
        site=site, head_name=name, head_name_search=searchable_name(name), head_id_kind=IdKind.NATIONAL_ID,
        head_id=national_id_for(FIRST_SERIAL + number * SERIALS_PER_FAMILY),
        mobile=f"+96659{number % 10**7:07d}", city=city, district=rng.choice(districts), status=status,
        opened_at=opened, activated_at=opened + datetime.timedelta(days=10) if active else None,
        next_verification=today + datetime.timedelta(days=rng.randrange(-60, 365)) if active else None,
    )  # fmt: skip


def fake_members(file, number, rng, today) -> list[HouseholdMember]:
    family_name = file.head_name.rsplit(" ", 1)[-1]
    members = []
    for index in range(MEMBERS[number % len(MEMBERS)]):
        spouse = index == 0
        sex = rng.choice([Sex.MALE, Sex.FEMALE])
        if spouse:
            sex = Sex.MALE if file.head_name.split(" ", 1)[0] in FEMALE else Sex.FEMALE
        given = rng.choice(sorted(FEMALE) if sex == Sex.FEMALE else MALE)
        relation = Relation.SPOUSE if spouse else (Relation.SON if sex == Sex.MALE else Relation.DAUGHTER)
        has_id = spouse or rng.random() < 0.7
        age = rng.randrange(25, 60) if spouse else rng.randrange(0, 25)
        members.append(
            HouseholdMember(
                file=file, name=f"{given} {family_name}", relation=relation, sex=sex,
                id_kind=IdKind.NATIONAL_ID if has_id else "",
                id_number=national_id_for(FIRST_SERIAL + number * SERIALS_PER_FAMILY + 1 + index) if has_id else "",
                birth_date=today - datetime.timedelta(days=365 * age + rng.randrange(365)),
            )
        )  # fmt: skip
    return members


def fake_delivery(file, rng, today, services, funds, hijri) -> Delivery:
    day = today - datetime.timedelta(days=rng.randrange(0, 730))
    if day not in hijri:
        hijri[day] = calendars.gregorian_to_hijri(day)
    service = rng.choice(services) if services else None
    money = rng.random() < 0.4
    return Delivery(
        site_id=file.site_id, file=file, service=service, service_title=service.title if service else "",
        kind=DeliveryKind.CASH if money else DeliveryKind.IN_KIND,
        amount=Decimal(rng.randrange(300, 3000, 100)) if money else None,
        quantity=None if money else Decimal(1), unit="" if money else "سلة", fund=rng.choice(funds),
        delivered_on=day, delivered_on_hijri=hijri[day], date_calendar=calendars.GREGORIAN,
    )  # fmt: skip
