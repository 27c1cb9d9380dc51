"""The solver agrees with exhaustive search on small instances (matched count first, then cost)."""

from __future__ import annotations

import itertools
import random

import pytest

from resonanz.buddy.matching import BuddyIn, CoacheeIn, Weights, solve
from resonanz.buddy.matching import solver as solver_module

from .matching_support import load_cost, random_instance, reference_kept, reference_pair_cost


def brute_force(
    buddies: list[BuddyIn], coachees: list[CoacheeIn], w: Weights, fixed: dict[int, int]
) -> tuple[int, int]:
    """(number matched, total cost) of the best assignment, by trying every one."""
    free = [c for c in coachees if c.key not in fixed]
    by_key = {b.key: b for b in buddies}
    options = [[None, *[b.key for b in buddies if c.languages & b.languages]] for c in free]
    best: tuple[int, int] | None = None
    for choice in itertools.product(*options):
        assignment = dict(fixed)
        assignment.update({c.key: k for c, k in zip(free, choice, strict=True) if k is not None})
        load: dict[int, int] = {}
        for k in assignment.values():
            load[k] = load.get(k, 0) + 1
        if any(n > by_key[k].capacity for k, n in load.items()):
            continue
        cost = sum(
            reference_pair_cost(c, by_key[assignment[c.key]], w) for c in coachees if c.key in assignment
        ) + sum(load_cost(n, w) for n in load.values())
        key = (-len(assignment), cost)
        if best is None or key < (-best[0], best[1]):
            best = (len(assignment), cost)
    assert best is not None
    return best


WEIGHTS = [Weights(), Weights(topic_miss=1, timezone_hour=7, unit=0, load=3), Weights(load=0, unit=9)]


@pytest.mark.parametrize("sample_min", [5_000, 1])
@pytest.mark.parametrize("candidates", [1, 24])
@pytest.mark.parametrize("seed", range(40))
def test_brute_force_agrees(
    seed: int, candidates: int, sample_min: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With one candidate per class the first graph is nearly always too small: the certificate has to
    # find the missing pairs and the result must still be the optimum. sample_min 1: every solve starts
    # from a sample's potentials (down to samples of one coachee or none).
    monkeypatch.setattr(solver_module, "CANDIDATES_PER_CLASS", candidates)
    monkeypatch.setattr(solver_module, "SAMPLE_MIN", sample_min)
    monkeypatch.setattr(solver_module, "ADD_PER_CLASS", 1)
    rng = random.Random(seed)
    buddies, coachees = random_instance(rng, rng.randint(0, 7), rng.randint(0, 3))
    w = WEIGHTS[seed % len(WEIGHTS)]
    for rematch in (False, True):
        fixed = {} if rematch else reference_kept(buddies, coachees)
        matched, cost = brute_force(buddies, coachees, w, fixed)
        result = solve(buddies, coachees, w, rematch=rematch)
        assert result.optimal
        assert (len(result.pairs), result.total_cost) == (matched, cost)
        assert len(result.pairs) + len(result.unmatched) == len(coachees)


def test_a_fuller_buddy_loses_to_an_equal_emptier_one() -> None:
    # Same pair cost; the convex load sends the second coachee to the other buddy.
    b = [
        BuddyIn(1, 5, frozenset({"de"}), frozenset({1}), 60, "A"),
        BuddyIn(2, 5, frozenset({"de"}), frozenset({1}), 60, "A"),
    ]
    c = [CoacheeIn(k, frozenset({"de"}), frozenset({1}), 60, "A") for k in (10, 11)]
    result = solve(b, c)
    assert sorted(p.buddy for p in result.pairs) == [1, 2]
    assert result.total_cost == 2


def test_matching_more_beats_a_cheaper_but_smaller_matching() -> None:
    # Coachee 10 fits buddy 1 perfectly, but only 10 can go to buddy 2 and only 11 to buddy 1.
    b = [
        BuddyIn(1, 1, frozenset({"de", "en"}), frozenset({1}), 60, "A"),
        BuddyIn(2, 1, frozenset({"de"}), frozenset(), -300, "B"),
    ]
    c = [
        CoacheeIn(10, frozenset({"de"}), frozenset({1, 2, 3}), 60, "A"),
        CoacheeIn(11, frozenset({"en"}), frozenset({9}), 330, "C"),
    ]
    result = solve(b, c)
    assert {(p.coachee, p.buddy) for p in result.pairs} == {(10, 2), (11, 1)}
    assert result.unmatched == []


def test_the_certificate_adds_pairs_the_first_graph_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # Four equal coachees, two buddies of capacity 2: one candidate per class cannot hold them all, so
    # the first flow leaves two unmatched; pricing must find the second buddy and re-solve.
    monkeypatch.setattr(solver_module, "CANDIDATES_PER_CLASS", 1)
    solves: list[int] = []
    real = solver_module._solve_flow

    def counting(*args: object, **kwargs: object) -> object:
        solves.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(solver_module, "_solve_flow", counting)
    b = [BuddyIn(k, 2, frozenset({"de"}), frozenset({1}), 60, "A") for k in (1, 2)]
    c = [CoacheeIn(k, frozenset({"de"}), frozenset({1}), 60, "A") for k in range(10, 14)]
    result = solve(b, c)
    assert len(solves) == 2
    assert result.optimal and result.unmatched == []
    assert result.total_cost == 2 * (1 + 2)


def test_potentials_refuse_a_negative_cycle() -> None:
    import numpy as np

    # 0 -> 1 costs 1, 1 -> 0 costs -2, both with room: a negative cycle, so no potentials exist.
    tail = np.array([0, 1], dtype=np.int64)
    head = np.array([1, 0], dtype=np.int64)
    cost = np.array([1, -2], dtype=np.int64)
    cap = np.array([1, 1], dtype=np.int64)
    flow = np.array([0, 0], dtype=np.int64)
    assert solver_module._potentials(2, tail, head, cost, cap, flow) is None
    cost = np.array([1, -1], dtype=np.int64)
    dist = solver_module._potentials(2, tail, head, cost, cap, flow)
    assert dist is not None
    assert all(cost[i] + dist[tail[i]] - dist[head[i]] >= 0 for i in range(2))
