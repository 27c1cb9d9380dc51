"""The people app's models; each domain in a module of its own, re-exported here."""

from resonanz.people.models.imports import PeopleImportJob
from resonanz.people.models.profile import (
    HANDLE_MAX_LENGTH,
    MAX_EXPERTISE_TOPICS,
    MAX_LANGUAGES,
    MAX_SOCIAL_PROFILES,
    Network,
    Profile,
    ProgramRole,
    SocialProfile,
)

__all__ = [
    "HANDLE_MAX_LENGTH",
    "MAX_EXPERTISE_TOPICS",
    "MAX_LANGUAGES",
    "MAX_SOCIAL_PROFILES",
    "Network",
    "PeopleImportJob",
    "Profile",
    "ProgramRole",
    "SocialProfile",
]
