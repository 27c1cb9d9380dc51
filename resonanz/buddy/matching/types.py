"""The matching's input and output: plain frozen dataclasses, no Django models."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuddyIn:
    key: int  # the buddy's membership id
    capacity: int  # >= 0, total coachees including the kept ones
    languages: frozenset[str]  # ISO 639-1 codes
    topics: frozenset[int]  # topic ids
    utc_offset_minutes: int  # at a reference instant, e.g. +60 for Europe/Berlin in winter
    unit: str


@dataclass(frozen=True)
class CoacheeIn:
    key: int
    languages: frozenset[str]
    topics: frozenset[int]
    utc_offset_minutes: int
    unit: str
    # By default a buddy of the same unit is preferred; True: the colleague prefers another unit.
    prefers_other_unit: bool = False
    current_buddy: int | None = None  # the existing pair, kept unless rematch=True


@dataclass(frozen=True)
class Weights:
    """Integer weights, all >= 0 (and at most MAX_WEIGHT)."""

    topic_miss: int = 10  # per coachee topic the buddy does not cover (capped at 5 topics)
    timezone_hour: int = 3  # per whole hour of UTC-offset distance (capped at 12)
    unit: int = 4  # unit preference not met
    load: int = 1  # convex load balance: the k-th coachee of a buddy costs load*k


@dataclass(frozen=True)
class PairOut:
    coachee: int
    buddy: int
    cost: int
    breakdown: dict[str, int] = field(hash=False)  # "topic", "timezone", "unit", "load"
    kept: bool  # an existing pair that stayed


@dataclass(frozen=True)
class MatchResult:
    pairs: list[PairOut]  # sorted by coachee key
    unmatched: list[int]  # coachees with no buddy sharing a language, or no capacity left
    total_cost: int
    optimal: bool  # the optimality certificate checked
