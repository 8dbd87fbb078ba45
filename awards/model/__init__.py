"""SQLModel tables: plain data, no Session, no I/O. Behaviour lives in states/, rules/, services."""

from awards.model.account import LoginThrottle, RoleGrant, SavedFilter, UserAccount
from awards.model.appraisal import AppraisalStage
from awards.model.audit import AuditEvent, IssuedNumber, NumberRegister, OutboxMessage
from awards.model.base import UTCDateTime, metadata, utcnow
from awards.model.catalogue import Award, Movement, Round, RoundEvent, RoundExtension
from awards.model.clusters import Cluster, ClusterMember, ClusterScore
from awards.model.council import (
    Council,
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilBallot,
    CouncilDelegation,
    CouncilEvent,
    CouncilMember,
    CouncilSession,
    CouncilVote,
)
from awards.model.decision import Decision
from awards.model.dossier import (
    Attachment,
    Dossier,
    DossierEligibility,
    DossierHop,
    DossierVersion,
    Objection,
    Submission,
)
from awards.model.org import OrgEvent, Unit, UnitKind, UnitVersion
from awards.model.people import (
    Discipline,
    Initiative,
    Person,
    PersonEvent,
    Recognition,
    TaskRating,
)
from awards.model.prizes import ExemplarSeat, FundEntry, PrizePayment
from awards.model.registrations import Registration
from awards.model.reporting import (
    DocumentEvent,
    IssuedReport,
    Programme,
    ProgrammePhase,
    ProgrammeRecord,
    ProgrammeTarget,
    ReportText,
)

__all__ = [
    "AppraisalStage",
    "Registration",
    "Cluster",
    "ClusterMember",
    "ClusterScore",
    "ExemplarSeat",
    "FundEntry",
    "PrizePayment",
    "Attachment",
    "AuditEvent",
    "Award",
    "Council",
    "CouncilAgendaItem",
    "CouncilAttendance",
    "CouncilBallot",
    "CouncilDelegation",
    "CouncilEvent",
    "CouncilMember",
    "CouncilSession",
    "CouncilVote",
    "Decision",
    "Discipline",
    "Dossier",
    "DossierEligibility",
    "DossierHop",
    "DossierVersion",
    "Initiative",
    "IssuedNumber",
    "DocumentEvent",
    "IssuedReport",
    "ReportText",
    "LoginThrottle",
    "Movement",
    "NumberRegister",
    "Objection",
    "OrgEvent",
    "OutboxMessage",
    "Person",
    "PersonEvent",
    "Programme",
    "ProgrammePhase",
    "ProgrammeRecord",
    "ProgrammeTarget",
    "Recognition",
    "RoleGrant",
    "SavedFilter",
    "Round",
    "RoundEvent",
    "RoundExtension",
    "Submission",
    "TaskRating",
    "UTCDateTime",
    "Unit",
    "UnitKind",
    "UnitVersion",
    "UserAccount",
    "metadata",
    "utcnow",
]
