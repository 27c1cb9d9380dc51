"""The shitstorm early warning over the API (``/api/v1/monitoring``): figures per hour, alarms, mentions,
and importing mentions. The same capabilities as the pages: the works council reads figures only, the
auditor figures and alarms; mentions (authors and texts) and the import are for who manages monitoring.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.monitoring import actions
from resonanz.monitoring.figures import hourly_figures
from resonanz.monitoring.imports import MAX_UPLOAD_BYTES
from resonanz.monitoring.models import Mention, MonitoringAlarm, Tone

router = Router(tags=["monitoring"])
C = Capability


class HourOut(Schema):
    start: dt.datetime = Field(description="Start of the hour in the organization's time zone")
    mentions: int
    negative: int


class AlarmOut(Schema):
    id: int
    at: dt.datetime
    reason: str = Field(description="spike or slow_burn")
    voices: int
    expected: float
    negative_share: float
    incident: str = Field(description="Key of the incident opened for the alarm; empty when none")

    @staticmethod
    def resolve_incident(alarm: MonitoringAlarm) -> str:
        return alarm.incident_key


class MentionOut(Schema):
    id: int
    network: str
    external_id: str
    author: str
    posted_at: dt.datetime
    lang: str
    text: str
    tone: str


class MentionFilter(Schema):
    tone: Tone | None = None
    network: str | None = Field(None, max_length=40)


class ImportIn(Schema):
    file_name: str = Field("", max_length=200, description="Ends in .csv, or .jsonl for JSON lines")
    content: str = Field(
        ..., max_length=MAX_UPLOAD_BYTES, description="The file's text: CSV with a header row, or JSON lines"
    )


class ImportOut(Schema):
    id: int
    rows: int
    stored: int
    duplicates: int


@router.get("/figures", response=list[HourOut], summary="Mentions and negative ones per hour, last 7 days")
def list_hourly_figures(request: ApiRequest) -> Any:
    member = member_of(request, C.VIEW_MONITORING_FIGURES)
    return hourly_figures(member.organization)


@router.get("/alarms", response=list[AlarmOut], summary="Alarms of the shitstorm early warning, newest first")
@paginate(Pagination)
def list_alarms(request: ApiRequest) -> Any:
    member = member_of(request, C.VIEW_MONITORING_ALARMS)
    return MonitoringAlarm.objects.filter(organization=member.organization).order_by("-at", "-pk")


@router.get("/mentions", response=list[MentionOut], summary="Stored mentions, newest first")
@paginate(Pagination)
def list_mentions(request: ApiRequest, filters: Query[MentionFilter]) -> Any:
    member = member_of(request, C.VIEW_MENTIONS)
    mentions = Mention.objects.filter(organization=member.organization)
    if filters.tone:
        mentions = mentions.filter(tone=filters.tone)
    if filters.network:
        mentions = mentions.filter(network=filters.network.strip().lower())
    return mentions.order_by("-posted_at", "-pk")


@router.post("/imports", response={201: ImportOut}, summary="Import mentions, all or none")
def import_mentions(request: ApiRequest, payload: ImportIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_MONITORING)
    batch = actions.import_mentions(member, data=payload.content.encode(), file_name=payload.file_name)
    return Status(201, batch)
