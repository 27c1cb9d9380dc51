"""Request and response bodies of the quality API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from resonanz.api_input import InputSchema
from resonanz.quality.models import MAX_CHECK_WEEKS, MAX_CHECKLIST_ITEMS, MAX_WHYS


class ChecklistItemOut(Schema):
    text: str
    done: bool


class IncidentActionOut(Schema):
    id: int
    incident_id: int
    round: int
    title: str
    owner_id: int
    owner_name: str
    due_date: dt.date
    status: str
    done_at: dt.datetime | None
    done_note: str


class IncidentEffectivenessCheckOut(Schema):
    round: int
    weeks: int
    due_date: dt.date
    criterion: str
    result: str = Field(..., description="effective, not_effective, or empty while not yet recorded.")
    note: str
    recorded_at: dt.datetime | None


class IncidentOut(Schema):
    id: int
    number: int
    title: str
    description: str
    source: str
    deviation_kind: str
    source_key: str
    grade: str
    status: str = Field(..., description="open, contained, analysed, actions, checking or closed.")
    round: int
    containment: str
    whys: list[str]
    cause_category: str
    checklist: list[ChecklistItemOut]
    opened_by_name: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None


class IncidentDetailOut(IncidentOut):
    corrective_actions: list[IncidentActionOut]
    effectiveness_checks: list[IncidentEffectivenessCheckOut]


class IncidentFilter(Schema):
    q: str = Field("", max_length=200, description="Words in the number, title or description.")
    status: Literal["", "open", "contained", "analysed", "actions", "checking", "closed"] = ""


class IncidentIn(InputSchema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=20_000)
    source: Literal["manual", "social_complaint", "audit_finding", "plan_deviation", "monitoring_alarm"] = (
        "manual"
    )
    deviation_kind: Literal[
        "", "unplanned_post", "review_overdue", "sender_without_competence", "missed_date"
    ] = ""
    grade: Literal["minor", "major"] = "minor"
    checklist: list[str] = Field(default_factory=list, max_length=MAX_CHECKLIST_ITEMS)


class ContainmentIn(InputSchema):
    containment: str = Field(..., max_length=20_000)


class AnalysisIn(InputSchema):
    whys: list[str] = Field(..., min_length=1, max_length=MAX_WHYS)
    cause_category: Literal["people", "method", "material", "technology", "environment", "management"]


class GradeIn(InputSchema):
    grade: Literal["minor", "major"]


class IncidentActionIn(InputSchema):
    title: str = Field(..., max_length=200)
    owner_id: int = Field(..., ge=1, le=2**62)
    due_date: dt.date


class DoneIn(InputSchema):
    note: str = Field(..., max_length=20_000)


class ScheduleIn(InputSchema):
    weeks: int = Field(..., ge=1, le=MAX_CHECK_WEEKS)
    criterion: str = Field("", max_length=2000)


class EffectivenessIn(InputSchema):
    effective: bool
    note: str = Field("", max_length=20_000)


class ReopenIn(InputSchema):
    reason: str = Field(..., max_length=20_000)
