"""Shared helpers of the matching tests: random instances and an independent reference cost."""

from __future__ import annotations

import random

from resonanz.buddy.matching import BuddyIn, CoacheeIn, Weights

LANGS = ("de", "en", "fr")
UNITS = ("Vertrieb", "Einkauf", "IT")
OFFSETS = (-300, 0, 60, 120, 330)


def random_instance(
    rng: random.Random, n_coachees: int, n_buddies: int, *, max_capacity: int = 3, current: bool = True
) -> tuple[list[BuddyIn], list[CoacheeIn]]:
    buddies = [
        BuddyIn(
            key=100 + j,
            capacity=rng.randint(0, max_capacity),
            languages=frozenset(rng.sample(LANGS, rng.randint(1, 2))),
            topics=frozenset(rng.sample(range(8), rng.randint(0, 4))),
            utc_offset_minutes=rng.choice(OFFSETS),
            unit=rng.choice(UNITS),
        )
        for j in range(n_buddies)
    ]
    coachees = [
        CoacheeIn(
            key=i + 1,
            languages=frozenset(rng.sample(LANGS, rng.randint(1, 2))),
            topics=frozenset(rng.sample(range(8), rng.randint(0, 7))),
            utc_offset_minutes=rng.choice(OFFSETS),
            unit=rng.choice(UNITS),
            prefers_other_unit=rng.random() < 0.3,
            current_buddy=rng.choice(buddies).key if current and buddies and rng.random() < 0.3 else None,
        )
        for i in range(n_coachees)
    ]
    return buddies, coachees


def reference_pair_cost(c: CoacheeIn, b: BuddyIn, w: Weights) -> int:
    """The pair cost without load, written out again independently of the solver."""
    topic = w.topic_miss * min(len([t for t in c.topics if t not in b.topics]), 5)
    minutes = abs(c.utc_offset_minutes - b.utc_offset_minutes)
    minutes = min(minutes % 1440, 1440 - minutes % 1440)
    tz = w.timezone_hour * min(minutes // 60, 12)
    wants_same = not c.prefers_other_unit
    unit = 0 if (c.unit == b.unit) == wants_same else w.unit
    return topic + tz + unit


def load_cost(n: int, w: Weights) -> int:
    return w.load * n * (n + 1) // 2


def reference_kept(buddies: list[BuddyIn], coachees: list[CoacheeIn]) -> dict[int, int]:
    """coachee -> buddy of the pairs that stay when rematch=False (lowest coachee key first)."""
    by_key = {b.key: b for b in buddies}
    count: dict[int, int] = {}
    kept: dict[int, int] = {}
    for c in sorted(coachees, key=lambda c: c.key):
        if c.current_buddy is None:
            continue
        b = by_key[c.current_buddy]
        if c.languages & b.languages and count.get(b.key, 0) < b.capacity:
            count[b.key] = count.get(b.key, 0) + 1
            kept[c.key] = b.key
    return kept
