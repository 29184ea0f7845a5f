"""Test factories for beneficiary files: a family on an association's site (default: the default site), its
household members, income sources, regular expenses and documents on file (a real small PDF in the private
storage). IDs are valid national IDs, one per call."""

import hashlib
import itertools
import uuid
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from beneficiaries.models import (
    BeneficiaryFile,
    DocumentType,
    Expense,
    ExpenseKind,
    FileDocument,
    HouseholdMember,
    Income,
    IncomeKind,
    Relation,
)
from forms.factories import national_id, small_pdf
from forms.records import private_storage
from organisation.factories import site_or_default

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
