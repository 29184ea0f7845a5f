"""Social research records, one module per job; Django finds them all here."""

from research.models.reports import (
    AnswerKind,
    Recommendation,
    ReportStatus,
    ReportUpload,
    ResearchQuestion,
    ResearchReport,
)
from research.models.settings import ResearchSettings, ServiceResearchPeriod
from research.models.tasks import ResearchTask, TaskStatus
from research.models.visits import VISIT_PLANNED, VISIT_RESCHEDULED, Visit, VisitChange, VisitPlace, VisitStatus

__all__ = [
    "VISIT_PLANNED",
    "VISIT_RESCHEDULED",
    "AnswerKind",
    "Recommendation",
    "ReportStatus",
    "ReportUpload",
    "ResearchQuestion",
    "ResearchReport",
    "ResearchSettings",
    "ResearchTask",
    "ServiceResearchPeriod",
    "TaskStatus",
    "Visit",
    "VisitChange",
    "VisitPlace",
    "VisitStatus",
]
