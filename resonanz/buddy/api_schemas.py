"""Request and response bodies of the buddy API. Sizes come from the models' bounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import StrictBool

from resonanz.api_input import InputSchema, IsoDateTime, PatchSchema
from resonanz.buddy.access import is_party
from resonanz.buddy.models import (
    MAX_CAPACITY,
    MAX_CRITERIA,
    MAX_CRITERION_WEIGHT,
    MAX_LANGUAGES,
    MAX_TOPICS,
    MAX_WEIGHT,
    TEXT_LENGTH,
    CampaignStatus,
)
from resonanz.core.models import Membership
from resonanz.people.models import Network
from resonanz.people.profile_values import TIME_ZONE_MAX_LENGTH

LANGUAGES = Field(None, max_length=MAX_LANGUAGES)
TOPIC_IDS = Field(None, max_length=MAX_TOPICS)
TEXT = Field("", max_length=TEXT_LENGTH)


def _person(member: Membership | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {"id": member.pk, "name": member.user.full_name or member.user.email, "unit": member.unit}


class PersonRef(Schema):
    id: int
    name: str
    unit: str


class BuddyOut(Schema):
    id: int
    person: PersonRef
    capacity: int
    topic_ids: list[int]
    languages: list[str]
    time_zone: str
    introduction: str
    is_active: bool

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any] | None:
        return _person(obj.membership)

    @staticmethod
    def resolve_topic_ids(obj: Any) -> list[int]:
        return sorted(topic.pk for topic in obj.topics.all())


class BuddyIn(InputSchema):
    membership_id: int
    capacity: int = Field(5, ge=0, le=MAX_CAPACITY)
    topic_ids: list[int] | None = TOPIC_IDS
    languages: list[str] | None = LANGUAGES
    time_zone: str | None = Field(None, max_length=TIME_ZONE_MAX_LENGTH)
    introduction: str = TEXT
    is_active: StrictBool = True


class BuddyPatch(PatchSchema):
    capacity: int | None = Field(None, ge=0, le=MAX_CAPACITY)
    topic_ids: list[int] | None = TOPIC_IDS
    languages: list[str] | None = LANGUAGES
    time_zone: str | None = Field(None, max_length=TIME_ZONE_MAX_LENGTH)
    introduction: str | None = Field(None, max_length=TEXT_LENGTH)
    is_active: StrictBool | None = None


class OptInOut(Schema):
    id: int
    person: PersonRef
    topic_ids: list[int]
    languages: list[str]
    time_zone: str
    prefers_other_unit: bool
    wishes: str
    share_details_with_program_managers: bool
    consent_changed_at: dt.datetime | None
    is_active: bool
    created_at: dt.datetime
    ended_at: dt.datetime | None

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any] | None:
        return _person(obj.membership)

    @staticmethod
    def resolve_topic_ids(obj: Any) -> list[int]:
        return sorted(topic.pk for topic in obj.topics.all())


class OptInIn(InputSchema):
    topic_ids: list[int] | None = TOPIC_IDS
    languages: list[str] | None = LANGUAGES
    time_zone: str | None = Field(None, max_length=TIME_ZONE_MAX_LENGTH)
    prefers_other_unit: StrictBool = False
    wishes: str = TEXT
    share_details_with_program_managers: StrictBool = False


class WeightsOut(Schema):
    topic_miss: int
    timezone_hour: int
    unit: int
    load: int


class WeightsIn(InputSchema):
    topic_miss: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    timezone_hour: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    unit: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    load: int | None = Field(None, ge=0, le=MAX_WEIGHT)


class PairOut(Schema):
    id: int
    buddy: PersonRef
    coachee: PersonRef
    run_id: int | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    breakdown: dict[str, int]
    cost: int
    is_manual: bool
    over_capacity: bool
    override_reason: str
    end_reason: str

    @staticmethod
    def resolve_buddy(obj: Any) -> dict[str, Any] | None:
        return _person(obj.buddy)

    @staticmethod
    def resolve_coachee(obj: Any) -> dict[str, Any] | None:
        return _person(obj.coachee)


class UnmatchedOut(Schema):
    opt_in: int
    membership: int
    reason: str


class RunOut(Schema):
    id: int
    rematch: bool
    weights: dict[str, int]
    note: str
    total_cost: int
    optimal: bool
    coachees_count: int
    buddies_count: int
    pairs_count: int
    kept_count: int
    unmatched_count: int
    status: str = Field(description="queued, running, done or failed")
    error: str = Field(description="why the run failed, in the language of the member who started it")
    created_at: dt.datetime
    finished_at: dt.datetime | None


class RunQueuedOut(Schema):
    id: int
    status: str = Field(description="queued: the worker matches; ask the run's url until it is done")
    url: str
    detail: str


class RunDetailOut(RunOut):
    pairs: list[PairOut]
    unmatched: list[UnmatchedOut]


class RunIn(InputSchema):
    rematch: StrictBool = False
    note: str = Field("", max_length=200)


class PinIn(InputSchema):
    buddy_profile_id: int
    coaching_opt_in_id: int
    reason: str = Field(..., min_length=1, max_length=1000)
    over_capacity: StrictBool = False


class MoveIn(InputSchema):
    buddy_profile_id: int
    reason: str = Field(..., min_length=1, max_length=1000)
    over_capacity: StrictBool = False


class PairEndIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=1000)


class GoalsOut(Schema):
    pair_id: int
    goals: str


class GoalsIn(InputSchema):
    goals: str = Field(..., max_length=TEXT_LENGTH)


class SessionOut(Schema):
    id: int
    pair_id: int
    starts_at: dt.datetime
    duration_minutes: int
    topic: str
    notes: str | None

    @staticmethod
    def resolve_notes(obj: Any, context: Any) -> str | None:
        """Only the pair's buddy and colleague read the notes."""
        member = getattr((context or {}).get("request"), "member", None)
        return obj.notes if member is not None and is_party(member, obj.pair) else None


class SessionIn(InputSchema):
    starts_at: IsoDateTime
    duration_minutes: int = Field(45, ge=5, le=480)
    topic: str = Field("", max_length=200)
    notes: str = TEXT


class SessionPatch(PatchSchema):
    nullable = frozenset[str]()
    starts_at: IsoDateTime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=480)
    topic: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=TEXT_LENGTH)


class MilestoneOut(Schema):
    id: int
    pair_id: int
    title: str
    due_on: dt.date | None
    done_on: dt.date | None


class MilestoneIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    due_on: dt.date | None = None


class MilestonePatch(PatchSchema):
    nullable = frozenset({"due_on", "done_on"})
    title: str | None = Field(None, min_length=1, max_length=200)
    due_on: dt.date | None = None
    done_on: dt.date | None = None


class CampaignOut(Schema):
    id: int
    pair_id: int
    topic_id: int | None
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    status: str


class CampaignIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    topic_id: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    status: CampaignStatus = CampaignStatus.PLANNED


class CampaignPatch(PatchSchema):
    nullable = frozenset({"topic_id", "starts_on", "ends_on"})
    title: str | None = Field(None, min_length=1, max_length=200)
    topic_id: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    status: CampaignStatus | None = None


class CheckResult(Schema):
    key: str
    label: str
    weight: int
    passed: bool


class ProfileCheckOut(Schema):
    id: int
    pair_id: int | None
    person: PersonRef
    network: str
    checked_on: dt.date
    score: int
    results: list[CheckResult]
    recommendations: str

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any] | None:
        return _person(obj.membership)


class ProfileCheckIn(InputSchema):
    network: Network
    passed: list[str] = Field(default_factory=list, max_length=MAX_CRITERIA)
    recommendations: str = TEXT
    checked_on: dt.date | None = None


class CriterionOut(Schema):
    id: int
    network: str
    key: str
    label: str
    weight: int
    is_active: bool
    position: int
    in_use: bool = Field(description="scored by a recorded check: kept for good (deactivate, not delete)")


class CriterionMoveIn(InputSchema):
    up: StrictBool


class CriterionIn(InputSchema):
    network: Network
    label: str = Field(..., min_length=1, max_length=200)
    weight: int = Field(10, ge=0, le=MAX_CRITERION_WEIGHT)
    key: str = Field("", max_length=40)
    position: int | None = Field(None, ge=0, le=1000)


class CriterionPatch(PatchSchema):
    nullable = frozenset[str]()
    label: str | None = Field(None, min_length=1, max_length=200)
    weight: int | None = Field(None, ge=0, le=MAX_CRITERION_WEIGHT)
    is_active: StrictBool | None = None
    position: int | None = Field(None, ge=0, le=1000)


class UnitFiguresOut(Schema):
    unit: str
    buddies: str
    opt_ins: str
    pairs: str
    sessions: str
    checks: str
    average_score_change: str
