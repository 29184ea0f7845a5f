"""The beneficiary file: IDs in any digit set, the household's income per person, sensitive notes kept only
with their legal basis, one file per head within an association."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from beneficiaries.factories import BeneficiaryFileFactory, ExpenseFactory, HouseholdMemberFactory, IncomeFactory
from beneficiaries.identity import IdKind, clean_identity
from beneficiaries.models import BeneficiaryFile, FileStatus, HouseholdMember, LegalBasis, Relation
from home.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kind", "digits"),
    [
        ("١٠٠٠٠٠٠٠٠٨", IdKind.NATIONAL_ID, "1000000008"),
        ("1000 000 008", IdKind.NATIONAL_ID, "1000000008"),
        ("۲۰۰۰۰۰۰۰۰۶", IdKind.IQAMA, "2000000006"),
        ("3123456789", IdKind.BORDER_NUMBER, "3123456789"),
        ("٤١٢٣٤٥٦٧٨٩", IdKind.BORDER_NUMBER, "4123456789"),
    ],
)
def test_ids_are_read_in_any_digit_set_and_told_apart(typed, kind, digits):
    assert clean_identity(typed) == (kind, digits)


@pytest.mark.parametrize("typed", ["1000000009", "12345", "5123456789", "abc"])
def test_a_wrong_id_is_a_clear_error(typed):
    with pytest.raises(ValidationError) as raised:
        clean_identity(typed)
    assert raised.value.messages


def test_a_file_stores_the_heads_id_in_western_digits_with_its_kind():
    file = BeneficiaryFileFactory(head_id="٢٠٠٠٠٠٠٠٠٦")
    file.refresh_from_db()
    assert (file.head_id, file.head_id_kind, file.status) == ("2000000006", IdKind.IQAMA, FileStatus.REGISTERING)


def test_income_per_person_after_the_regular_expenses():
    file = BeneficiaryFileFactory()
    HouseholdMemberFactory(file=file, relation=Relation.SPOUSE, sex="male")
    HouseholdMemberFactory(file=file, id_number="", name="رضيع")  # an infant without an ID of its own
    IncomeFactory(file=file, monthly_amount=Decimal("3000"))
    IncomeFactory(file=file, monthly_amount=Decimal("1500.50"))
    ExpenseFactory(file=file, monthly_amount=Decimal("2000"))
    assert file.household_size == 3
    assert file.income_per_person() == Decimal("833.50")


def test_a_health_note_needs_its_legal_basis_in_the_form_and_in_the_database():
    file = BeneficiaryFileFactory()
    member = HouseholdMember(file=file, name="سارة", relation=Relation.DAUGHTER, sex="female", health_note="ربو")
    with pytest.raises(ValidationError) as raised:
        member.full_clean()
    assert "health_legal_basis" in raised.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()
    member.health_legal_basis = LegalBasis.SERVICE
    member.full_clean()
    member.save()


def test_amounts_are_positive():
    income = IncomeFactory.build(file=BeneficiaryFileFactory(), monthly_amount=Decimal("0"))
    with pytest.raises(ValidationError):
        income.full_clean()


def test_one_file_per_head_within_an_association_but_each_association_has_its_own():
    first = BeneficiaryFileFactory(head_id="1000000008")
    with pytest.raises(IntegrityError), transaction.atomic():
        BeneficiaryFileFactory(head_id="١٠٠٠٠٠٠٠٠٨", site=first.site)
    other = BeneficiaryFileFactory(head_id="1000000008", site=SiteFactory(organisation=False))
    assert BeneficiaryFile.objects.filter(head_id="1000000008").count() == 2
    assert other.site != first.site
