"""Test factories for beneficiary files: a family on an association's site (default: the default site), its
household members, income sources, regular expenses and documents on file (a real small PDF in the private
storage); the funds and the deliveries on a file; distribution-day campaigns and their families. IDs are
valid national IDs, one per call."""

import datetime
import hashlib
import itertools
import uuid
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from beneficiaries.deliveries import funds_for
from beneficiaries.models import (
    BeneficiaryFile,
    Campaign,
    CampaignFamily,
    CampaignStatus,
    Delivery,
    DeliveryKind,
    DocumentType,
    Expense,
    ExpenseKind,
    FileDocument,
    Fund,
    HouseholdMember,
    Income,
    IncomeKind,
    Relation,
    Season,
)
from core import calendars
from forms.factories import national_id, small_pdf
from forms.records import private_storage
from organisation.factories import site_or_default
from services.factories import ServicePageFactory

_serials = itertools.count(500_000)


class BeneficiaryFileFactory(DjangoModelFactory):
    class Meta:
        model = BeneficiaryFile

    site = factory.LazyFunction(site_or_default)  # or the association's own: site=
    head_name = "نورة عبدالله السالم"
    head_id = factory.LazyFunction(lambda: national_id(next(_serials)))
    mobile = factory.LazyFunction(lambda: f"+9665{next(_serials) % 100_000_000:08d}")  # one family, one number
    city = "الرياض"
    district = "النسيم"


class HouseholdMemberFactory(DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    file = factory.SubFactory(BeneficiaryFileFactory)
    name = "سلمان"
    id_number = factory.LazyFunction(lambda: national_id(next(_serials)))
    relation = Relation.SON
    sex = "male"


class IncomeFactory(DjangoModelFactory):
    class Meta:
        model = Income

    file = factory.SubFactory(BeneficiaryFileFactory)
    kind = IncomeKind.SOCIAL_SECURITY
    monthly_amount = Decimal("2400.00")


class ExpenseFactory(DjangoModelFactory):
    class Meta:
        model = Expense

    file = factory.SubFactory(BeneficiaryFileFactory)
    kind = ExpenseKind.RENT
    monthly_amount = Decimal("1200.00")


PDF = small_pdf()


class FileDocumentFactory(DjangoModelFactory):
    """A document on file; `expires_on=` a date (default: none), `document_type=` a DocumentType."""

    class Meta:
        model = FileDocument

    file = factory.SubFactory(BeneficiaryFileFactory)
    document_type = DocumentType.NATIONAL_ID
    stored_file = factory.LazyFunction(
        lambda: private_storage().save(f"file-documents/tests/{uuid.uuid4().hex}.pdf", ContentFile(PDF))
    )
    original_name = "صورة الهوية.pdf"
    content_type = "application/pdf"
    size = len(PDF)
    sha256 = hashlib.sha256(PDF).hexdigest()


class FundFactory(DjangoModelFactory):
    """A fund of the association's (source language), besides the three every association gets on first use."""

    class Meta:
        model = Fund

    site = factory.LazyFunction(site_or_default)
    locale = factory.LazyFunction(Locale.get_default)
    translation_key = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"وقف رقم {n}")
    slug = factory.Sequence(lambda n: f"fund-{n}")


class DeliveryFactory(DjangoModelFactory):
    """A delivery of a food basket (a new service, unless `service=`) on a new file (or `file=`), yesterday, paid
    from the association's first fund."""

    class Meta:
        model = Delivery

    file = factory.SubFactory(BeneficiaryFileFactory)
    service = factory.SubFactory(ServicePageFactory)
    kind = DeliveryKind.IN_KIND
    quantity = Decimal("1")
    unit = "سلة"
    fund = factory.LazyAttribute(lambda delivery: funds_for(delivery.file.site_id).first())  # zakat
    delivered_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    delivered_on_hijri = factory.LazyAttribute(lambda delivery: calendars.gregorian_to_hijri(delivery.delivered_on))


class CampaignFactory(DjangoModelFactory):
    """An open Ramadan basket campaign of the association (default: the default site): a basket per family of
    a new service (unless `service=`), paid from the association's first fund, running from five days ago for
    a fortnight."""

    class Meta:
        model = Campaign

    site = factory.LazyFunction(site_or_default)
    name = factory.Sequence(lambda n: f"سلال رمضان {n}")
    season = Season.RAMADAN
    status = CampaignStatus.OPEN
    service = factory.SubFactory(ServicePageFactory)
    kind = DeliveryKind.IN_KIND
    quantity = Decimal("1")
    unit = "سلة"
    fund = factory.LazyAttribute(lambda campaign: funds_for(campaign.site.pk).first())
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    starts_on_hijri = factory.LazyAttribute(lambda campaign: calendars.gregorian_to_hijri(campaign.starts_on))
    ends_on_hijri = factory.LazyAttribute(lambda campaign: calendars.gregorian_to_hijri(campaign.ends_on))


class CampaignFamilyFactory(DjangoModelFactory):
    """A family chosen for a campaign: a new file of the campaign's association unless `file=`."""

    class Meta:
        model = CampaignFamily

    campaign = factory.SubFactory(CampaignFactory)
    file = factory.LazyAttribute(lambda row: BeneficiaryFileFactory(site=row.campaign.site))
