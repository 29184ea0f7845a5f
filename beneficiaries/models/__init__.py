"""The beneficiary file's records, one module per job; Django finds them all here."""

from beneficiaries.models.deliveries import (
    MONEY_KINDS,
    Delivery,
    DeliveryKind,
    DeliveryPlan,
    Fund,
    ScheduledDelivery,
    ScheduleStatus,
)
from beneficiaries.models.files import (
    BeneficiaryFile,
    Expense,
    ExpenseKind,
    FileRequest,
    FileStatus,
    HouseholdMember,
    Income,
    IncomeKind,
    LegalBasis,
    LinkedBy,
    MonthlyAmount,
    Relation,
    Sex,
)

__all__ = [
    "MONEY_KINDS",
    "BeneficiaryFile",
    "Delivery",
    "DeliveryKind",
    "DeliveryPlan",
    "Fund",
    "ScheduleStatus",
    "ScheduledDelivery",
    "Expense",
    "ExpenseKind",
    "FileRequest",
    "FileStatus",
    "HouseholdMember",
    "Income",
    "IncomeKind",
    "LegalBasis",
    "LinkedBy",
    "MonthlyAmount",
    "Relation",
    "Sex",
]
