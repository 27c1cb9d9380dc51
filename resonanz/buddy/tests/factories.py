"""Test data of the buddy programme, made through its actions."""

from __future__ import annotations

from collections.abc import Iterable

from resonanz.buddy import actions
from resonanz.buddy.models import BuddyProfile, CoachingOptIn
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.models import Topic


def manager_of(organization: Organization) -> Membership:
    return make_member(organization, ["communications_manager"])


def topic(organization: Organization, name: str) -> Topic:
    return Topic.objects.get(organization=organization, name=name)


def make_buddy(
    manager: Membership,
    *,
    capacity: int = 3,
    languages: Iterable[str] = ("de",),
    topics: Iterable[Topic] = (),
    unit: str = "",
    full_name: str | None = None,
) -> BuddyProfile:
    membership = make_member(manager.organization, ["buddy"], full_name=full_name)
    if unit:
        Membership.objects.filter(pk=membership.pk).update(unit=unit)
        membership.refresh_from_db()
    return actions.save_buddy_profile(
        manager, membership, capacity=capacity, languages=list(languages), topics=[t.pk for t in topics]
    )


def make_opt_in(
    organization: Organization,
    *,
    languages: Iterable[str] = ("de",),
    topics: Iterable[Topic] = (),
    share: bool = False,
    unit: str = "",
    full_name: str | None = None,
) -> CoachingOptIn:
    member = make_member(organization, ["ambassador"], full_name=full_name)
    if unit:
        Membership.objects.filter(pk=member.pk).update(unit=unit)
        member.refresh_from_db()
    return actions.opt_in(
        member,
        languages=list(languages),
        topics=[t.pk for t in topics],
        share_details_with_program_managers=share,
    )
