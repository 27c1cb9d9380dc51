"""Request and response bodies of the events API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from resonanz.api_input import InputSchema, IsoDateTime, PatchSchema
from resonanz.events.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_CAPACITY,
    PLACE_MAX_LENGTH,
    POLICY_TEXT_MAX_LENGTH,
    POLICY_TITLE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    VERSION_MAX_LENGTH,
)

EventKindName = Literal["training_date", "workshop", "meetup", "webinar"]
PolicyKindName = Literal["social_media_guideline", "quality_policy", "other"]


class EventOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    capacity: int
    registration_open: bool
    description: str
    cancelled_at: dt.datetime | None
    training_id: int | None = Field(None, description="The training this event is a date of.")
    seated: int = Field(0, description="Places taken (registered, attended, did not attend).")
    waiting: int = Field(0, description="People on the waiting list.")


class EventIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH)
    kind: EventKindName = "workshop"
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    place: str = Field("", max_length=PLACE_MAX_LENGTH)
    online_url: str = Field("", max_length=URL_MAX_LENGTH)
    capacity: int = Field(..., ge=1, le=MAX_CAPACITY)
    registration_open: bool = True
    description: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    training_id: int | None = Field(
        None, ge=1, le=2**62, description="A training of the organization this event is a date of."
    )


class EventPatch(PatchSchema):
    nullable = frozenset({"training_id"})
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX_LENGTH)
    kind: EventKindName | None = None
    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None
    place: str | None = Field(None, max_length=PLACE_MAX_LENGTH)
    online_url: str | None = Field(None, max_length=URL_MAX_LENGTH)
    capacity: int | None = Field(None, ge=1, le=MAX_CAPACITY)
    registration_open: bool | None = None
    description: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH)
    training_id: int | None = Field(
        None, ge=1, le=2**62, description="A training of the organization; null for none."
    )


class RegistrationOut(Schema):
    id: int
    event_id: int
    membership_id: int
    name: str
    status: str
    waiting_position: int | None = Field(
        None, description="Queue number on the waiting list (lower moves up first)."
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Any) -> str:
        user = obj.membership.user
        return str(user.full_name or user.email)


class AttendanceIn(InputSchema):
    status: Literal["attended", "no_show"]


class PolicyOut(Schema):
    id: int
    kind: str
    title: str
    version_label: str
    text: str
    supersedes_id: int | None
    published_at: dt.datetime | None
    created_at: dt.datetime


class PolicyIn(InputSchema):
    kind: PolicyKindName = "other"
    title: str = Field(..., min_length=1, max_length=POLICY_TITLE_MAX_LENGTH)
    version_label: str = Field(..., min_length=1, max_length=VERSION_MAX_LENGTH)
    text: str = Field(..., min_length=1, max_length=POLICY_TEXT_MAX_LENGTH)
    supersedes_id: int | None = Field(None, description="The published policy this version replaces.")


class PolicyPatch(PatchSchema):
    nullable = frozenset()
    kind: PolicyKindName | None = None
    title: str | None = Field(None, min_length=1, max_length=POLICY_TITLE_MAX_LENGTH)
    version_label: str | None = Field(None, min_length=1, max_length=VERSION_MAX_LENGTH)
    text: str | None = Field(None, min_length=1, max_length=POLICY_TEXT_MAX_LENGTH)


class AcknowledgementOut(Schema):
    id: int
    document_id: int
    membership_id: int
    name: str
    version_label: str
    acknowledged_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Any) -> str:
        user = obj.membership.user
        return str(user.full_name or user.email)


class CalendarFeedOut(Schema):
    url: str = Field(
        ..., description="The feed's address; shown only in this answer (only a hash is stored)."
    )
    created_at: dt.datetime
