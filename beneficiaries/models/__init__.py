"""The beneficiary file's records, one module per job; Django finds them all here."""

from beneficiaries.models.campaigns import Campaign, CampaignFamily, CampaignStatus, Season
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
from beneficiaries.models.retention import AnonymisedFile, ErasedBy, FileRetentionSettings
from beneficiaries.models.timeline import FileLogEntry
from beneficiaries.models.verification import (
    VERIFICATION_DUE,
    GroupVerificationPeriod,
    VerificationSettings,
    add_months,
)

__all__ = [
    "AnonymisedFile",
    "ErasedBy",
    "FileRetentionSettings",
    "HEALTH_TYPES",
    "MONEY_KINDS",
    "VERIFICATION_DUE",
    "BeneficiaryFile",
    "Campaign",
    "CampaignFamily",
    "CampaignStatus",
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
    "Season",
    "Sex",
    "VerificationSettings",
    "add_months",
    "localize_names",
]
