"""The research committee's records, one module per job; Django finds them all here."""

from committee.models.circulation import Circulation, CirculationAnswer, CirculationStatus
from committee.models.decisions import ChairVote, Decision, Outcome
from committee.models.minutes import MinutesConfirmation, MinutesStatus, SessionMinutes
from committee.models.sessions import AgendaItem, Attendance, CommitteeSession, SessionStatus
from committee.models.settings import CommitteeSettings, QuorumRule, RejectionReason

__all__ = [
    "AgendaItem",
    "Attendance",
    "ChairVote",
    "Circulation",
    "CirculationAnswer",
    "CirculationStatus",
    "CommitteeSession",
    "CommitteeSettings",
    "Decision",
    "MinutesConfirmation",
    "MinutesStatus",
    "Outcome",
    "QuorumRule",
    "RejectionReason",
    "SessionMinutes",
    "SessionStatus",
]
