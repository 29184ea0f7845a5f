"""The beneficiary file's records, one module per job; Django finds them all here."""

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

__all__ = [
    "HEALTH_TYPES",
    "BeneficiaryFile",
    "DocumentType",
    "Expense",
    "ExpenseKind",
    "FileDocument",
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
