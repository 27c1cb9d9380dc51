"""Request and answer bodies of the people API. Bounds come from the models' constants."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from resonanz.api_input import InputSchema, PatchSchema
from resonanz.core.models import Membership
from resonanz.people.models import (
    HANDLE_MAX_LENGTH,
    MAX_EXPERTISE_TOPICS,
    MAX_LANGUAGES,
    Network,
    Profile,
    SocialProfile,
)
from resonanz.people.profile_values import TIME_ZONE_MAX_LENGTH


class TopicRef(Schema):
    id: int
    name: str


class SocialProfileOut(Schema):
    id: int
    network: str
    handle: str


def _profile(obj: Membership) -> Profile | None:
    try:
        return obj.profile
    except Profile.DoesNotExist:
        return None


class ProfileOut(Schema):
    """A person: the membership's details and the profile (empty while the person has none)."""

    membership_id: int
    full_name: str
    is_active: bool
    job_title: str
    unit: str
    location: str
    languages: list[str]
    time_zone: str
    expertise_topics: list[TopicRef]
    program_role: str
    social_profiles: list[SocialProfileOut]

    @staticmethod
    def resolve_membership_id(obj: Membership) -> int:
        return obj.pk

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return str(obj.user.full_name)

    @staticmethod
    def resolve_languages(obj: Membership) -> list[str]:
        profile = _profile(obj)
        return list(profile.languages) if profile else []

    @staticmethod
    def resolve_time_zone(obj: Membership) -> str:
        profile = _profile(obj)
        return profile.time_zone if profile else str(Profile._meta.get_field("time_zone").default)

    @staticmethod
    def resolve_expertise_topics(obj: Membership) -> list[dict[str, Any]]:
        profile = _profile(obj)
        topics = profile.expertise_topics.all() if profile else []
        return [{"id": topic.pk, "name": topic.name} for topic in topics]

    @staticmethod
    def resolve_program_role(obj: Membership) -> str:
        profile = _profile(obj)
        return profile.program_role if profile else "none"

    @staticmethod
    def resolve_social_profiles(obj: Membership) -> list[SocialProfile]:
        profile = _profile(obj)
        return list(profile.social_profiles.all()) if profile else []


class ProfilePatch(PatchSchema):
    nullable = frozenset()
    languages: list[str] | None = Field(None, max_length=MAX_LANGUAGES)
    time_zone: str | None = Field(None, min_length=1, max_length=TIME_ZONE_MAX_LENGTH)
    expertise_topic_ids: list[int] | None = Field(None, max_length=MAX_EXPERTISE_TOPICS)
    program_role: str | None = Field(None, max_length=16)


class MyProfilePatch(PatchSchema):
    """One's own profile: the programme role is the administrator's to set."""

    nullable = frozenset()
    languages: list[str] | None = Field(None, max_length=MAX_LANGUAGES)
    time_zone: str | None = Field(None, min_length=1, max_length=TIME_ZONE_MAX_LENGTH)
    expertise_topic_ids: list[int] | None = Field(None, max_length=MAX_EXPERTISE_TOPICS)


class SocialProfileIn(InputSchema):
    network: Network
    handle: str = Field(..., min_length=1, max_length=HANDLE_MAX_LENGTH)
