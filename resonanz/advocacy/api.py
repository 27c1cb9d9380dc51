"""API endpoints of the share library under /api/v1/advocacy: the library, offering and withdrawing,
sharing (to one's own connected account or copied), and one's own shares.

Every change goes through ``resonanz.advocacy.actions``; objects come from ``library_access``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status
from ninja.pagination import paginate

from resonanz.advocacy import actions
from resonanz.advocacy import library_access as access
from resonanz.advocacy.api_schemas import ItemOut, OfferIn, ShareIn, ShareOut
from resonanz.advocacy.models import ShareableItem, SuggestedText
from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.errors import ActionRefused
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import Audience, Topic

router = Router(tags=["advocacy"])
C = Capability


def _with_texts(queryset: Any) -> Any:
    return queryset.prefetch_related(
        Prefetch("suggested_texts", queryset=SuggestedText.objects.order_by("network")), "topics", "audiences"
    )


def _item(member: Membership, item_id: int) -> ShareableItem:
    item = access.get_item_for(member, item_id)
    found: ShareableItem = _with_texts(ShareableItem.objects.select_related("post")).get(pk=item.pk)
    return found


def _tags(model: Any, member: Membership, ids: list[int], field: str) -> list[Any]:
    found = list(model.objects.filter(organization_id=member.organization_id, pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ActionRefused(_("Choose from your organization's entries."), field=field)
    return found


@router.get("/items", response=list[ItemOut], summary="The share library: what the caller may share now")
@paginate(Pagination)
def list_library_items(request: ApiRequest) -> Any:
    member = member_of(request, C.SHARE_CONTENT)
    return _with_texts(access.library_queryset(member))


@router.get("/items/{shareable_item_id}", response=ItemOut, summary="One item of the share library")
def get_library_item(request: ApiRequest, shareable_item_id: int) -> ShareableItem:
    return _item(member_of(request, C.SHARE_CONTENT), shareable_item_id)


@router.post("/items", response={201: ItemOut}, summary="Offer an approved post for sharing")
def offer_library_item(request: ApiRequest, payload: OfferIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_LIBRARY)
    post = access.get_offerable_post_for(member, payload.post_id)
    topics = _tags(Topic, member, payload.topic_ids, "topic_ids")
    audiences = _tags(Audience, member, payload.audience_ids, "audience_ids")
    item = actions.offer_for_sharing(member, post, topics, audiences, payload.note)
    return Status(201, _item(member, item.pk))


@router.post(
    "/items/{shareable_item_id}/withdraw", response=ItemOut, summary="Withdraw an item from the library"
)
def withdraw_library_item(request: ApiRequest, shareable_item_id: int) -> ShareableItem:
    member = member_of(request, C.MANAGE_LIBRARY)
    actions.withdraw_from_library(member, access.get_item_for(member, shareable_item_id))
    return _item(member, shareable_item_id)


@router.post(
    "/items/{shareable_item_id}/shares",
    response={201: ShareOut},
    summary="Share an item: on the caller's own connected account, or copied to post by hand",
)
def share_library_item(request: ApiRequest, shareable_item_id: int, payload: ShareIn) -> Status[Any]:
    member = member_of(request, C.SHARE_CONTENT)
    item = access.get_item_for(member, shareable_item_id)
    if payload.kind == "account":
        account = access.own_accounts(member).filter(pk=payload.network_account_id or 0).first()
        if account is None:
            raise ActionRefused(_("Choose one of your connected accounts."), field="network_account_id")
        share = actions.share_to_account(member, item, account, payload.text, payload.due_at)
    else:
        share = actions.copy_for_sharing(member, item, payload.network or "", payload.text)
    return Status(201, access.get_own_share_for(member, share.pk))


@router.get("/shares/mine", response=list[ShareOut], summary="The caller's own shares (newest first)")
@paginate(Pagination)
def list_my_shares(request: ApiRequest) -> Any:
    return access.own_shares(member_of(request, C.SHARE_CONTENT))
