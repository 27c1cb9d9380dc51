"""Request and response bodies of the share library's API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from resonanz.advocacy.actions import MAX_TAGS
from resonanz.advocacy.models import NOTE_MAX_LENGTH, Share, ShareableItem
from resonanz.api_input import InputSchema, IsoDateTime
from resonanz.content.models.posts import MAX_VARIANT_CHARS
from resonanz.links.short_urls import short_url

ObjectId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class SuggestedTextOut(Schema):
    network: str
    text: str


class ItemOut(Schema):
    id: int
    post_id: int
    title: str
    revision: int
    language: str
    note: str
    topic_ids: list[int]
    audience_ids: list[int]
    suggested_texts: list[SuggestedTextOut]
    offered_at: dt.datetime
    withdrawn_at: dt.datetime | None

    # Read from the prefetched relations (the list prefetches them for its page).
    @staticmethod
    def resolve_title(obj: ShareableItem) -> str:
        return obj.post.title

    @staticmethod
    def resolve_topic_ids(obj: ShareableItem) -> list[int]:
        return sorted(topic.pk for topic in obj.topics.all())

    @staticmethod
    def resolve_audience_ids(obj: ShareableItem) -> list[int]:
        return sorted(audience.pk for audience in obj.audiences.all())

    @staticmethod
    def resolve_suggested_texts(obj: ShareableItem) -> list[dict[str, str]]:
        return [{"network": text.network, "text": text.text} for text in obj.suggested_texts.all()]


class OfferIn(InputSchema):
    post_id: ObjectId
    topic_ids: list[ObjectId] = Field([], max_length=MAX_TAGS)
    audience_ids: list[ObjectId] = Field([], max_length=MAX_TAGS)
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class ShareIn(InputSchema):
    kind: Literal["account", "copied"] = Field(
        ..., description="account: publish on your own connected account; copied: you post the text yourself."
    )
    network_account_id: ObjectId | None = Field(
        None, description="Your own connected account (kind account)."
    )
    network: str | None = Field(None, max_length=16, description="The network (kind copied).")
    text: str = Field("", max_length=MAX_VARIANT_CHARS, description="Your text; empty: the suggested text.")
    due_at: IsoDateTime | None = Field(None, description="When to publish (kind account); default: now.")


class ShareOut(Schema):
    id: int
    item_id: int
    post_id: int
    network: str
    kind: str
    text: str
    short_url: str | None = Field(..., description="Your personal tracked link (null: the post has no link).")
    delivery_id: int | None
    delivery_status: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_short_url(obj: Share) -> str | None:
        return short_url(obj.link) if obj.link is not None else None

    @staticmethod
    def resolve_delivery_status(obj: Share) -> str | None:
        return obj.delivery.status if obj.delivery is not None else None
