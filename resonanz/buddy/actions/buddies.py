"""Becoming a buddy and changing a buddy's profile (the programme managers' work)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise
from resonanz.buddy.models import MAX_CAPACITY, BuddyProfile, CoachingOptIn
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people.models import Profile
from resonanz.people.profile_values import clean_time_zone

FIELDS = ("membership", "capacity", "languages", "time_zone", "introduction", "is_active")


def _snapshot(buddy: BuddyProfile) -> dict[str, Any]:
    values = audit.snapshot(buddy, FIELDS)
    values["topics"] = sorted(buddy.topics.values_list("pk", flat=True)) if buddy.pk else []
    return values


def _capacity(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CAPACITY:
        raise ActionRefused(
            _("The capacity is a number from 0 to %(max)s."), params={"max": MAX_CAPACITY}, field="capacity"
        )
    return value


@action(Capability.MANAGE_PROGRAM)
def save_buddy_profile(
    member: Membership,
    membership: Membership,
    *,
    capacity: int,
    topics: Any = None,
    languages: Any = None,
    time_zone: Any = None,
    introduction: Any = "",
    is_active: bool = True,
) -> BuddyProfile:
    """Make ``membership`` a buddy, or change their buddy profile. Languages and time zone default to the
    person's profile."""
    if not membership.is_active:
        raise ActionRefused(_("Choose an active member of the organization."), field="membership_id")
    if not membership.can(Capability.COACH):
        raise ActionRefused(
            _("Give %(name)s the role social media buddy first."),
            params={"name": str(membership)},
            field="membership_id",
        )
    profile = Profile.objects.filter(membership=membership).first()
    chosen_topics = normalise.topics(member, topics)
    if languages is None or languages == [] or languages == "":
        languages = profile.languages if profile is not None else []
    cleaned_languages = normalise.languages(languages)
    zone = clean_time_zone(
        time_zone or (profile.time_zone if profile else "") or member.organization.time_zone
    )
    values = {
        "capacity": _capacity(capacity),
        "languages": cleaned_languages,
        "time_zone": zone,
        "introduction": normalise.text(introduction, "introduction"),
        "is_active": is_active is not False,
    }
    with transaction.atomic():
        buddy = BuddyProfile.objects.select_for_update().filter(membership=membership).first()
        if (
            values["is_active"]
            and CoachingOptIn.objects.filter(membership=membership, is_active=True).exists()
        ):
            raise ActionRefused(
                _("%(name)s has opted in to be coached; end that first."),
                params={"name": str(membership)},
                field="membership_id",
            )
        created = buddy is None
        before = None if buddy is None else _snapshot(buddy)
        if buddy is None:
            buddy = BuddyProfile.objects.create(
                organization=member.organization, membership=membership, **values
            )
        elif any(getattr(buddy, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(buddy, field, value)
            buddy.save()
        if before is None or sorted(topic.pk for topic in chosen_topics) != before["topics"]:
            buddy.topics.set(chosen_topics)
        after = _snapshot(buddy)
        if before != after:
            audit.record(
                member.organization,
                member,
                "buddy.buddy_created" if created else "buddy.buddy_updated",
                buddy,
                before=before,
                after=after,
            )
    return buddy
