"""The beneficiary file's records, one module per job; Django finds them all here."""

from beneficiaries.models.deliveries import (
    MONEY_KINDS,
    Delivery,
    DeliveryKind,
    DeliveryPlan,
    Fund,
    ScheduledDelivery,
    ScheduleStatus,
    localize_names,
)
from beneficiaries.models.documents import HEALTH_TYPES, DocumentType, FileDocument
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
from beneficiaries.models.timeline import FileLogEntry
from beneficiaries.models.verification import GroupVerificationPeriod, VerificationSettings, add_months

__all__ = [
    "HEALTH_TYPES",
    "MONEY_KINDS",
    "BeneficiaryFile",
    "DocumentType",
    "Delivery",
    "DeliveryKind",
    "DeliveryPlan",
    "Fund",
    "ScheduleStatus",
    "ScheduledDelivery",
    "Expense",
    "ExpenseKind",
    "FileLogEntry",
    "FileDocument",
    "FileRequest",
    "FileStatus",
    "GroupVerificationPeriod",
    "HouseholdMember",
    "Income",
    "IncomeKind",
    "LegalBasis",
    "LinkedBy",
    "MonthlyAmount",
    "Relation",
    "Sex",
    "VerificationSettings",
    "add_months",
    "localize_names",
]
