"""Models of the plan app."""

from resonanz.plan.models.evidence import Evidence, EvidenceKind, ReminderKind, ReviewReminder
from resonanz.plan.models.explanation import CorrectiveAction, CorrectiveStatus, MissExplanation, MissReason
from resonanz.plan.models.plan import (
    FROZEN_STATUSES,
    OPEN_STATUSES,
    CommentKind,
    CommunicationPlan,
    PlanVersion,
    VersionComment,
    VersionStatus,
)
from resonanz.plan.models.reference import Audience, Channel, ChannelKind, Direction, Topic
from resonanz.plan.models.reviews import PlanReview, ReviewOutcome, ReviewState, VersionReview
from resonanz.plan.models.row import EMPTY_TIMING, PlanRow, VersionFrozen, WhenKind, fitting_timing
from resonanz.plan.models.transfer import ACTIVE_IMPORT_STATUSES, ImportJob, ImportStatus

__all__ = [
    "ACTIVE_IMPORT_STATUSES",
    "EMPTY_TIMING",
    "FROZEN_STATUSES",
    "OPEN_STATUSES",
    "Audience",
    "Channel",
    "ChannelKind",
    "CommentKind",
    "CommunicationPlan",
    "CorrectiveAction",
    "CorrectiveStatus",
    "Direction",
    "Evidence",
    "EvidenceKind",
    "ImportJob",
    "ImportStatus",
    "MissExplanation",
    "MissReason",
    "PlanReview",
    "PlanRow",
    "PlanVersion",
    "ReminderKind",
    "ReviewOutcome",
    "ReviewReminder",
    "ReviewState",
    "Topic",
    "VersionComment",
    "VersionFrozen",
    "VersionReview",
    "VersionStatus",
    "WhenKind",
    "fitting_timing",
]
