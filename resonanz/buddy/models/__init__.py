"""The buddy app's models; each domain in a module of its own, re-exported here."""

from resonanz.buddy.models.checks import (
    MAX_CRITERIA,
    MAX_CRITERION_WEIGHT,
    ProfileCheck,
    ProfileCheckCriterion,
)
from resonanz.buddy.models.coaching import (
    CampaignStatus,
    CoachingPlan,
    CoachingSession,
    Milestone,
    TopicCampaign,
)
from resonanz.buddy.models.program import (
    MAX_CAPACITY,
    MAX_LANGUAGES,
    MAX_TOPICS,
    MAX_WEIGHT,
    OPEN_RUN_STATUSES,
    TEXT_LENGTH,
    BuddyProfile,
    CoachingOptIn,
    MatchingRun,
    MatchingWeights,
    Pair,
    RunStatus,
)

__all__ = [
    "MAX_CAPACITY",
    "MAX_CRITERIA",
    "MAX_CRITERION_WEIGHT",
    "MAX_LANGUAGES",
    "MAX_TOPICS",
    "MAX_WEIGHT",
    "OPEN_RUN_STATUSES",
    "TEXT_LENGTH",
    "BuddyProfile",
    "CampaignStatus",
    "CoachingOptIn",
    "CoachingPlan",
    "CoachingSession",
    "MatchingRun",
    "MatchingWeights",
    "Milestone",
    "Pair",
    "ProfileCheck",
    "ProfileCheckCriterion",
    "RunStatus",
    "TopicCampaign",
]
