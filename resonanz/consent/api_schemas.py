"""Request and response bodies of the consent API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from resonanz.api_input import InputSchema
from resonanz.consent.models import MIN_GROUP_SIZE_HIGHEST, MIN_GROUP_SIZE_LOWEST, ConsentPurpose


class ConsentOut(Schema):
    purpose: str = Field(..., description="What the consent allows: person_analytics or leaderboard.")
    label: str
    given: bool = Field(..., description="Whether the consent is given now.")
    given_at: dt.datetime | None = Field(None, description="When the active consent was given.")
    text_version: int | None = Field(None, description="The text version the active consent agreed to.")
    last_withdrawn_at: dt.datetime | None = Field(None, description="When it was last withdrawn.")
    current_text_version: int | None
    current_text: str = Field(..., description="The current text, in the language of the answer.")
    switched_on: bool = Field(..., description="Whether the organization has switched the feature on.")


class PurposeIn(InputSchema):
    purpose: ConsentPurpose


class AnalyticsSettingsOut(Schema):
    person_analytics: bool
    leaderboard: bool
    min_group_size: int
    works_council_mode: bool = Field(..., description="True while neither switch is on.")


class AnalyticsSettingsIn(InputSchema):
    person_analytics: bool
    leaderboard: bool
    min_group_size: int = Field(..., ge=MIN_GROUP_SIZE_LOWEST, le=MIN_GROUP_SIZE_HIGHEST)
