"""The matching's input, built from one organization's rows only, and why someone stayed unmatched.

Buddies are keyed by their membership id, colleagues by their opt-in id. Pairs set by hand stay as they
are: their colleagues are left out of the run and take their place in the buddy's capacity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from resonanz.buddy.matching import BuddyIn, CoacheeIn, Weights
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, MatchingWeights, Pair
from resonanz.buddy.normalise import utc_offset_minutes
from resonanz.core.models import Organization


class Reason:
    NO_LANGUAGE = "no_language"
    NO_CAPACITY = "no_capacity"


@dataclass
class Instance:
    buddies: list[BuddyIn]
    coachees: list[CoacheeIn]
    opt_ins: dict[int, CoachingOptIn]
    current: dict[int, Pair]  # opt-in id -> the colleague's active pair (not set by hand)
    manual: int = 0
    skipped: list[int] = field(default_factory=list)


def weights_of(organization: Organization) -> Weights:
    stored = MatchingWeights.objects.filter(organization=organization).first()
    if stored is None:
        return Weights()
    return Weights(
        topic_miss=stored.topic_miss, timezone_hour=stored.timezone_hour, unit=stored.unit, load=stored.load
    )


def build_instance(organization: Organization, at: dt.datetime, *, rematch: bool) -> Instance:
    active = Pair.objects.filter(organization=organization, ended_at__isnull=True)
    manual_load: dict[int, int] = {}
    manual_coachees: set[int] = set()
    current_by_coachee: dict[int, Pair] = {}
    for pair in active:
        if pair.is_manual:
            manual_load[pair.buddy_id] = manual_load.get(pair.buddy_id, 0) + 1
            manual_coachees.add(pair.coachee_id)
        else:
            current_by_coachee[pair.coachee_id] = pair
    profiles = (
        BuddyProfile.objects.filter(organization=organization, is_active=True, membership__is_active=True)
        .select_related("membership")
        .prefetch_related("topics")
        .order_by("membership_id")
    )
    buddies = [
        BuddyIn(
            key=profile.membership_id,
            capacity=max(0, profile.capacity - manual_load.get(profile.membership_id, 0)),
            languages=frozenset(profile.languages),
            topics=frozenset(topic.pk for topic in profile.topics.all()),
            utc_offset_minutes=utc_offset_minutes(profile.time_zone, at),
            unit=profile.membership.unit,
        )
        for profile in profiles
    ]
    buddy_keys = {buddy.key for buddy in buddies}
    opt_ins = (
        CoachingOptIn.objects.filter(organization=organization, is_active=True, membership__is_active=True)
        .select_related("membership")
        .prefetch_related("topics")
        .order_by("pk")
    )
    instance = Instance([], [], {}, {}, manual=len(manual_coachees))
    for opt_in in opt_ins:
        if opt_in.membership_id in manual_coachees:
            continue
        if opt_in.membership_id in buddy_keys:
            instance.skipped.append(opt_in.pk)
            continue
        current = current_by_coachee.get(opt_in.membership_id)
        if current is not None:
            instance.current[opt_in.pk] = current
        instance.opt_ins[opt_in.pk] = opt_in
        instance.coachees.append(
            CoacheeIn(
                key=opt_in.pk,
                languages=frozenset(opt_in.languages),
                topics=frozenset(topic.pk for topic in opt_in.topics.all()),
                utc_offset_minutes=utc_offset_minutes(opt_in.time_zone, at),
                unit=opt_in.membership.unit,
                prefers_other_unit=opt_in.prefers_other_unit,
                current_buddy=current.buddy_id
                if current is not None and current.buddy_id in buddy_keys
                else None,
            )
        )
    instance.buddies = buddies
    return instance


def available_languages(buddies: list[BuddyIn]) -> frozenset[str]:
    """The languages spoken by buddies with room: a colleague who shares none waits for lack of language."""
    return frozenset(language for buddy in buddies if buddy.capacity > 0 for language in buddy.languages)


def unmatched_reason(coachee: CoacheeIn, available: frozenset[str]) -> str:
    """No buddy with room speaks one of the colleague's languages, or all who do are full.

    ``available``: ``available_languages(buddies)``, computed once per run (a run may leave thousands
    of colleagues unmatched among thousands of buddies).
    """
    if not coachee.languages & available:
        return Reason.NO_LANGUAGE
    return Reason.NO_CAPACITY


def open_opt_ins(organization: Organization) -> int:
    """How many colleagues a run would match at the most: active opt-ins of active members (one query)."""
    return CoachingOptIn.objects.filter(
        organization=organization, is_active=True, membership__is_active=True
    ).count()
