"""Property-based tests of the matching: capacities, hard language rule, determinism, kept pairs."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.buddy.matching import BuddyIn, CoacheeIn, MatchResult, Weights, solve

from .matching_support import reference_kept, reference_pair_cost

LANGS = ["de", "en", "fr", "tr", "pl"]
langs = st.frozensets(st.sampled_from(LANGS), min_size=1, max_size=3)
topics = st.frozensets(st.integers(0, 11), max_size=6)
offsets = st.sampled_from([-480, -300, 0, 60, 120, 180, 330, 540, 840])
units = st.sampled_from(["Vertrieb", "Einkauf", "IT", "Personal"])
weights = st.builds(
    Weights,
    topic_miss=st.integers(0, 20),
    timezone_hour=st.integers(0, 10),
    unit=st.integers(0, 10),
    load=st.integers(0, 5),
)


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[BuddyIn], list[CoacheeIn]]:
    n_b = draw(st.integers(0, 8))
    buddies = [
        BuddyIn(
            key=1000 + j,
            capacity=draw(st.integers(0, 6)),
            languages=draw(langs),
            topics=draw(topics),
            utc_offset_minutes=draw(offsets),
            unit=draw(units),
        )
        for j in range(n_b)
    ]
    keys = draw(st.lists(st.integers(1, 500), unique=True, max_size=40))
    coachees = [
        CoacheeIn(
            key=k,
            languages=draw(langs),
            topics=draw(topics),
            utc_offset_minutes=draw(offsets),
            unit=draw(units),
            prefers_other_unit=draw(st.booleans()),
            current_buddy=draw(st.sampled_from([None, *[b.key for b in buddies]])),
        )
        for k in keys
    ]
    return buddies, coachees


def check_invariants(
    buddies: list[BuddyIn], coachees: list[CoacheeIn], w: Weights, result: MatchResult
) -> None:
    by_b = {b.key: b for b in buddies}
    by_c = {c.key: c for c in coachees}
    assert result.optimal
    assert [p.coachee for p in result.pairs] == sorted(p.coachee for p in result.pairs)
    assert result.unmatched == sorted(result.unmatched)
    assert sorted([p.coachee for p in result.pairs] + result.unmatched) == sorted(by_c)
    load: dict[int, int] = {}
    for p in result.pairs:
        c, b = by_c[p.coachee], by_b[p.buddy]
        assert c.languages & b.languages, "a pair without a common language"
        load[b.key] = load.get(b.key, 0) + 1
        assert set(p.breakdown) == {"topic", "timezone", "unit", "load"}
        assert p.cost == sum(p.breakdown.values())
        assert p.cost - p.breakdown["load"] == reference_pair_cost(c, b, w)
    for k, n in load.items():
        assert n <= by_b[k].capacity, "capacity exceeded"
        # The loads of one buddy are the places 1..n.
        places = sorted(p.breakdown["load"] for p in result.pairs if p.buddy == k)
        assert places == [w.load * i for i in range(1, n + 1)]
    assert result.total_cost == sum(p.cost for p in result.pairs)
    # Nobody is left unmatched while a buddy sharing a language still has room.
    for key in result.unmatched:
        c = by_c[key]
        assert all(load.get(b.key, 0) >= b.capacity for b in buddies if c.languages & b.languages)


@settings(max_examples=150, deadline=None)
@given(instances(), weights, st.booleans(), st.randoms(use_true_random=False))
def test_invariants_and_determinism(
    inst: tuple[list[BuddyIn], list[CoacheeIn]], w: Weights, rematch: bool, rnd: random.Random
) -> None:
    buddies, coachees = inst
    result = solve(buddies, coachees, w, rematch=rematch)
    check_invariants(buddies, coachees, w, result)
    # The same input in another order gives the same result.
    b2, c2 = list(buddies), list(coachees)
    rnd.shuffle(b2)
    rnd.shuffle(c2)
    assert solve(b2, c2, w, rematch=rematch) == result
    if not rematch:
        kept = reference_kept(buddies, coachees)
        got = {p.coachee: p.buddy for p in result.pairs if p.kept}
        assert {c: b for c, b in got.items() if c in kept} == kept
        assert all(p.buddy == kept[p.coachee] for p in result.pairs if p.coachee in kept)
    # Kept is only ever said of an existing pair.
    by_c = {c.key: c for c in coachees}
    assert all(by_c[p.coachee].current_buddy == p.buddy for p in result.pairs if p.kept)
