"""Social research records, one module per job; Django finds them all here."""

# The research report: questions, reports and their uploads.
from research.models.reports import (  # noqa: F401
    AnswerKind,
    Recommendation,
    ReportStatus,
    ReportUpload,
    ResearchQuestion,
    ResearchReport,
)
