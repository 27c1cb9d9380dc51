"""The independent check of bench/matching: SciPy's linear_sum_assignment on the expanded slot matrix.

Every buddy becomes one column per free place (the k-th place costs the pair cost plus load*k: with a
convex load the cheapest places are taken first, so this is the same problem), every coachee gets an
own "unmatched" column with a penalty above any total pair cost, so the number matched comes first.
The pair cost is written out again here, independently of the solver.
"""

from __future__ import annotations

import numpy as np

from resonanz.buddy.matching import BuddyIn, CoacheeIn, Weights


def pair_cost(c: CoacheeIn, b: BuddyIn, w: Weights) -> int:
    topic = w.topic_miss * min(len([t for t in c.topics if t not in b.topics]), 5)
    minutes = abs(c.utc_offset_minutes - b.utc_offset_minutes) % 1440
    tz = w.timezone_hour * min(min(minutes, 1440 - minutes) // 60, 12)
    wants_same = not c.prefers_other_unit
    unit = 0 if (c.unit == b.unit) == wants_same else w.unit
    return topic + tz + unit


def optimum(buddies: list[BuddyIn], coachees: list[CoacheeIn], w: Weights) -> tuple[int, int]:
    """(number matched, total cost) of the optimal matching of coachees without a current buddy."""
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    columns = [(j, place) for j, b in enumerate(buddies) for place in range(1, b.capacity + 1)]
    col_buddy = np.array([j for j, _ in columns], dtype=np.int64)
    col_place = np.array([p for _, p in columns], dtype=np.int64)
    big = 1 + len(coachees) * (5 * w.topic_miss + 12 * w.timezone_hour + w.unit + w.load * 1000)
    forbidden = 10 * big
    matrix = np.full((len(coachees), len(columns) + len(coachees)), forbidden, dtype=np.float64)
    for i, c in enumerate(coachees):
        pair = np.array([pair_cost(c, b, w) for b in buddies], dtype=np.int64)
        ok = np.array([bool(c.languages & b.languages) for b in buddies], dtype=np.bool_)
        matrix[i, : len(columns)] = np.where(ok[col_buddy], pair[col_buddy] + w.load * col_place, forbidden)
        matrix[i, len(columns) + i] = big
    rows, cols = linear_sum_assignment(matrix)
    matched = int((cols < len(columns)).sum())
    return matched, int(matrix[rows, cols].sum()) - big * (len(coachees) - matched)
