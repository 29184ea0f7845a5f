"""The research committee's records, one module per job; Django finds them all here."""

from committee.models.decisions import ChairVote, Decision, Outcome
from committee.models.sessions import AgendaItem, Attendance, CommitteeSession, SessionStatus
from committee.models.settings import CommitteeSettings, QuorumRule, RejectionReason

__all__ = [
    "AgendaItem",
    "Attendance",
    "ChairVote",
    "CommitteeSession",
    "CommitteeSettings",
    "Decision",
    "Outcome",
    "QuorumRule",
    "RejectionReason",
    "SessionStatus",
]
