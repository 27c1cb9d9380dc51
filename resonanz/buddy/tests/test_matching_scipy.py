"""An independent solver agrees: SciPy's linear_sum_assignment on the expanded slot matrix.

Each buddy is expanded into one column per place (the k-th place costs the pair cost plus load*k; with a
convex load the cheapest places are taken first, so this is the same problem), and each coachee gets an
own "unmatched" column with a penalty larger than any total pair cost, so the count comes first.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

from resonanz.buddy.matching import BuddyIn, CoacheeIn, Weights, solve
from resonanz.buddy.matching import solver as solver_module

from .matching_support import reference_kept, reference_pair_cost


def lsa_optimum(
    buddies: list[BuddyIn], coachees: list[CoacheeIn], w: Weights, fixed: dict[int, int]
) -> tuple[int, int]:
    free = [c for c in coachees if c.key not in fixed]
    by_b = {b.key: b for b in buddies}
    used: dict[int, int] = {}
    fixed_cost = 0
    for c in coachees:
        if c.key in fixed:
            b = by_b[fixed[c.key]]
            used[b.key] = used.get(b.key, 0) + 1
            fixed_cost += reference_pair_cost(c, b, w) + w.load * used[b.key]
    columns: list[tuple[BuddyIn, int]] = [
        (b, place) for b in buddies for place in range(used.get(b.key, 0) + 1, b.capacity + 1)
    ]
    big = 1 + len(free) * (60 * w.topic_miss + 12 * w.timezone_hour + w.unit + w.load * 200)
    forbidden = 10 * big
    matrix = np.full((len(free), len(columns) + len(free)), forbidden, dtype=np.float64)
    col_buddy = np.array([buddies.index(b) for b, _ in columns], dtype=np.int64)
    col_place = np.array([place for _, place in columns], dtype=np.int64)
    for i, c in enumerate(free):
        pair = np.array([reference_pair_cost(c, b, w) for b in buddies], dtype=np.int64)
        ok = np.array([bool(c.languages & b.languages) for b in buddies], dtype=np.bool_)
        matrix[i, : len(columns)] = np.where(ok[col_buddy], pair[col_buddy] + w.load * col_place, forbidden)
        matrix[i, len(columns) + i] = big
    rows, cols = linear_sum_assignment(matrix)
    matched = int((cols < len(columns)).sum())
    cost = int(matrix[rows, cols].sum()) - big * (len(free) - matched)
    return matched + len(fixed), cost + fixed_cost


@pytest.mark.parametrize("sample_min", [5_000, 300])
def test_scipy_agrees_on_a_reduced_instance(sample_min: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # 300: the solve starts from the potentials of a sample (every twentieth coachee), repairs its first
    # candidates by max flow and drops dear arcs: the result must still be the optimum.
    monkeypatch.setattr(solver_module, "SAMPLE_MIN", sample_min)
    rng = random.Random(14)
    langs = [("de",), ("de", "en"), ("en",), ("de", "tr"), ("fr", "en"), ("pl", "de")]
    units = [f"Bereich {i}" for i in range(8)]
    offsets = [60] * 8 + [0, 120, -300, 330]
    buddies = [
        BuddyIn(
            key=5000 + j,
            capacity=rng.randint(20, 50),
            languages=frozenset(rng.choice(langs)),
            topics=frozenset(rng.sample(range(40), rng.randint(3, 8))),
            utc_offset_minutes=rng.choice(offsets),
            unit=rng.choice(units),
        )
        for j in range(60)
    ]
    coachees = [
        CoacheeIn(
            key=i,
            languages=frozenset(rng.choice(langs)),
            topics=frozenset(rng.sample(range(40), rng.randint(1, 3))),
            utc_offset_minutes=rng.choice(offsets),
            unit=rng.choice(units),
            prefers_other_unit=rng.random() < 0.2,
            current_buddy=rng.choice(buddies).key if rng.random() < 0.1 else None,
        )
        for i in range(2000)
    ]
    w = Weights()
    for rematch in (False, True):
        result = solve(buddies, coachees, w, rematch=rematch)
        assert result.optimal
        fixed = {} if rematch else reference_kept(buddies, coachees)
        assert (len(result.pairs), result.total_cost) == lsa_optimum(buddies, coachees, w, fixed)
        # The same input in another order gives the same pairs.
        assert (
            solve(list(reversed(buddies)), rng.sample(coachees, len(coachees)), w, rematch=rematch) == result
        )
