"""Bad input is refused with a clear ValueError; edge cases give sensible results."""

from __future__ import annotations

import pytest

from resonanz.buddy.matching import MAX_WEIGHT, BuddyIn, CoacheeIn, Weights, offset_hours, solve

DE = frozenset({"de"})


def buddy(key: int, capacity: int = 1, **kw: object) -> BuddyIn:
    fields: dict[str, object] = {
        "languages": DE,
        "topics": frozenset(),
        "utc_offset_minutes": 60,
        "unit": "A",
    }
    fields.update(kw)
    return BuddyIn(key, capacity, **fields)  # type: ignore[arg-type]


def coachee(key: int, **kw: object) -> CoacheeIn:
    fields: dict[str, object] = {
        "languages": DE,
        "topics": frozenset(),
        "utc_offset_minutes": 60,
        "unit": "A",
    }
    fields.update(kw)
    return CoacheeIn(key, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("buddies", "coachees", "message"),
    [
        ([buddy(1, -1)], [], "negative capacity"),
        ([buddy(1), buddy(1)], [], "buddy 1 appears more than once"),
        ([buddy(1)], [coachee(5), coachee(5)], "coachee 5 appears more than once"),
        ([buddy(1)], [coachee(5, current_buddy=2)], "unknown current buddy 2"),
        ([buddy(1, utc_offset_minutes=5000)], [], "impossible UTC offset"),
        ([buddy(1)], [coachee(5, utc_offset_minutes=-2000)], "impossible UTC offset"),
    ],
)
def test_bad_input_is_refused(buddies: list[BuddyIn], coachees: list[CoacheeIn], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        solve(buddies, coachees)


@pytest.mark.parametrize("bad", [Weights(load=-1), Weights(unit=MAX_WEIGHT + 1), Weights(topic_miss=True)])
def test_bad_weights_are_refused(bad: Weights) -> None:
    with pytest.raises(ValueError, match="weight"):
        solve([buddy(1)], [coachee(5)], bad)


def test_empty_inputs() -> None:
    assert solve([], []).pairs == []
    result = solve([], [coachee(5)])
    assert result.unmatched == [5] and result.optimal and result.total_cost == 0
    result = solve([buddy(1, 0)], [coachee(5)])
    assert result.unmatched == [5] and result.optimal


def test_no_common_language_means_unmatched() -> None:
    result = solve([buddy(1, 3, languages=frozenset({"fr"}))], [coachee(5)])
    assert result.pairs == [] and result.unmatched == [5]


def test_a_kept_pair_stays_although_another_buddy_is_cheaper() -> None:
    cheap = buddy(2, topics=frozenset({7}))
    far = buddy(1, utc_offset_minutes=-300, unit="B")
    c = coachee(5, topics=frozenset({7}), current_buddy=1)
    kept = solve([far, cheap], [c])
    assert [(p.buddy, p.kept) for p in kept.pairs] == [(1, True)]
    assert kept.pairs[0].breakdown == {"topic": 10, "timezone": 18, "unit": 4, "load": 1}
    rematched = solve([far, cheap], [c], rematch=True)
    assert [(p.buddy, p.kept) for p in rematched.pairs] == [(2, False)]


def test_a_pair_without_a_common_language_any_more_is_not_kept() -> None:
    c = coachee(5, current_buddy=1)
    result = solve([buddy(1, languages=frozenset({"en"})), buddy(2)], [c])
    assert [(p.buddy, p.kept) for p in result.pairs] == [(2, False)]


def test_kept_pairs_beyond_a_reduced_capacity_are_reopened_lowest_key_first() -> None:
    cs = [coachee(k, current_buddy=1) for k in (7, 5, 6)]
    result = solve([buddy(1, 2), buddy(2, 5, unit="B")], cs)
    assert {p.coachee: (p.buddy, p.kept) for p in result.pairs} == {
        5: (1, True),
        6: (1, True),
        7: (2, False),
    }


def test_offset_hours_on_the_clock() -> None:
    assert offset_hours(60, 60) == 0
    assert offset_hours(60, 330) == 4
    assert offset_hours(840, -600) == 0
    assert offset_hours(-720, 0) == 12
    assert offset_hours(-720, 60) == 11
