"""API endpoints of the people app under /api/v1/people.

Every change goes through ``resonanz.people.actions``; people come from ``resonanz.people.access``. The
works council has no VIEW_PEOPLE and no TAKE_PART: none of these operations answers it.
"""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people import access
from resonanz.people.actions import leavers, profiles
from resonanz.people.api_schemas import (
    MyProfilePatch,
    ProfileOut,
    ProfilePatch,
    SocialProfileIn,
    SocialProfileOut,
)
from resonanz.people.models import SocialProfile
from resonanz.people.views.directory import QUERY_LIMIT, DirectoryFilter, chosen_filter, filtered

router = Router(tags=["people"])
C = Capability


class ProfileFilter(Schema):
    q: str = ""
    unit: str = ""
    location: str = ""
    language: str = ""
    program_role: str = ""
    topic: str = ""


def _changes(payload: ProfilePatch | MyProfilePatch) -> dict[str, Any]:
    sent = payload.dict(exclude_unset=True)
    if "expertise_topic_ids" in sent:
        sent["expertise_topics"] = sent.pop("expertise_topic_ids")
    return sent


def _filter_for(member: Membership, params: ProfileFilter) -> DirectoryFilter:
    everyone = Membership.objects.filter(organization_id=member.organization_id, is_active=True)
    # Only values that exist are filtered by (a NUL would not even reach PostgreSQL).
    unit, location = (value.replace("\x00", "")[:QUERY_LIMIT] for value in (params.unit, params.location))
    units = list(everyone.filter(unit=unit).values_list("unit", flat=True)[:1]) if unit else []
    locations = (
        list(everyone.filter(location=location).values_list("location", flat=True)[:1]) if location else []
    )
    topic = (
        params.topic if params.topic.isascii() and params.topic.isdigit() and len(params.topic) < 18 else ""
    )
    topics = dict(access.topics_for(member).filter(pk=int(topic) if topic else 0).values_list("pk", "name"))
    return chosen_filter(params.dict(), units, locations, topics)


@router.get("/profiles", response=list[ProfileOut], summary="People and their profiles (search and filters)")
@paginate(Pagination)
def list_profiles(request: ApiRequest, filters: Query[ProfileFilter]) -> Any:
    member = member_of(request, C.VIEW_PEOPLE)
    chosen = _filter_for(member, filters)
    ids = filtered(Membership.objects.filter(organization_id=member.organization_id), chosen).values("pk")
    return access.people_queryset(member).filter(pk__in=ids.distinct()).order_by("user__full_name", "pk")


@router.get("/me/profile", response=ProfileOut, summary="My profile")
def get_my_profile(request: ApiRequest) -> Membership:
    member = member_of(request, C.TAKE_PART)
    return access.get_person_to_change(member, member.pk)


@router.patch("/me/profile", response=ProfileOut, summary="Change my profile")
def patch_my_profile(request: ApiRequest, payload: MyProfilePatch) -> Membership:
    member = member_of(request, C.TAKE_PART)
    person = access.get_person_to_change(member, member.pk)
    changes = _changes(payload)
    if changes:
        profiles.update_profile(member, person, **changes)
    return access.get_person_to_change(member, member.pk)


@router.get("/profiles/{membership_id}", response=ProfileOut, summary="One person's profile")
def get_profile(request: ApiRequest, membership_id: int) -> Membership:
    return access.get_person_for(member_of(request, C.VIEW_PEOPLE), membership_id)


@router.patch("/profiles/{membership_id}", response=ProfileOut, summary="Change a person's profile")
def patch_profile(request: ApiRequest, membership_id: int, payload: ProfilePatch) -> Membership:
    member = member_of(request, C.MANAGE_PEOPLE)
    person = access.get_person_to_change(member, membership_id)
    changes = _changes(payload)
    if changes:
        profiles.update_profile(member, person, **changes)
    return access.get_person_to_change(member, membership_id)


@router.post(
    "/profiles/{membership_id}/social-profiles",
    response={201: SocialProfileOut},
    summary="Add a social profile (one's own; anyone's as administrator)",
)
def add_social_profile(request: ApiRequest, membership_id: int, payload: SocialProfileIn) -> Status[Any]:
    member = member_of(request, C.TAKE_PART)
    person = access.get_person_to_change(member, membership_id)
    social = profiles.add_social_profile(
        member, person, network=str(payload.network.value), handle=payload.handle
    )
    return Status(201, social)


@router.delete(
    "/social-profiles/{social_profile_id}",
    response={204: None},
    summary="Remove a social profile (one's own; anyone's as administrator)",
)
def delete_social_profile(request: ApiRequest, social_profile_id: int) -> Status[None]:
    member = member_of(request, C.TAKE_PART)
    social: SocialProfile = access.get_social_profile_to_change(member, social_profile_id)
    profiles.remove_social_profile(member, social)
    return Status(204, None)


@router.post("/profiles/{membership_id}/leave", response=ProfileOut, summary="Mark a person as having left")
def mark_leaver(request: ApiRequest, membership_id: int) -> Membership:
    member = member_of(request, C.MANAGE_PEOPLE)
    person = access.get_person_to_change(member, membership_id)
    leavers.deactivate_leaver(member, person)
    return access.get_person_to_change(member, membership_id)


# The people import (same router).
from resonanz.people import api_imports  # noqa: E402, F401
