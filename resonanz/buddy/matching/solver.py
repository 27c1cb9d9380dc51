"""Optimal buddy matching as a min-cost flow, with an optimality certificate.

The graph (all numbers are integers):

* one node per *class* of free coachees: coachees with identical languages, topics, UTC offset, unit and
  unit preference cost the same with every buddy, so 100,000 colleagues collapse to far fewer nodes;
  the class's supply is its size (see ``encoding``);
* one node per buddy, and one sink that takes all the supply;
* class -> buddy for every candidate pair that shares a language (capacity: the class size, cost: the
  pair cost without the load);
* buddy -> sink as unit arcs with increasing cost ``load * k`` for the k-th coachee of that buddy (the
  kept pairs take the first places): a convex load cost, so the cheap places fill first;
* class -> sink "unmatched" with a penalty ``big_m`` larger than any difference in total pair cost, so
  the number matched is maximised first and the cost minimised second.

OR-Tools' ``SimpleMinCostFlow`` solves it. The class -> buddy arcs are pruned to a few candidates per
class; the result is then *certified* for the full problem, every compatible pair included:

1. the flow is checked to be feasible (conservation and capacities), independently of the solver;
2. node potentials are computed by Bellman-Ford on the residual graph (a converged run proves there is
   no negative cycle among the arcs in the graph, and gives reduced costs >= 0 on each residual arc);
3. every compatible class -> buddy pair *not* in the graph (zero flow, so a residual arc with the pair's
   cost) is priced with the same potentials: if none has a negative reduced cost, the potentials are
   dual feasible for the full problem and the flow is optimal (LP duality / no negative cycle).

Pairs that fail step 3 are added to the graph and the problem is solved again (column generation); the
result is ``optimal=True`` only when all three checks pass.

Warm start: which candidates make the first graph nearly complete depends on the buddies' potentials
(capacity is about as large as demand, so a popular buddy's places are dear). On a large instance the
same problem is first solved for a sample (every twentieth coachee, a twentieth of each buddy's places
at twenty times the load step), recursively; its buddy potentials choose each class's candidates by
reduced cost, plus one by plain pair cost. Cheap max flows then add arcs until the graph can match everyone (a
min-cost round spent on that would cost far more). The first rounds run with a moderate penalty for an
unmatched coachee (a few pairs' worth), so that the potentials stay on the scale of the pair costs and
price sensibly; the flow is then checked with the real penalty. Bellman-Ford starts from the last good
potentials, and in the first rounds unused arcs well above reduced cost 0 leave the graph. All of this
only steers which arcs the graph holds: the certificate above is the proof, whatever the sample said.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow  # type: ignore[import-untyped]

from . import encoding, flow
from .encoding import HOURS_CAP, NONE, TOPIC_CAP, Encoded, IntArray
from .flow import Flow
from .pricing import candidates, distinct, price
from .types import BuddyIn, CoacheeIn, MatchResult, PairOut, Weights

log = logging.getLogger(__name__)

# Module attributes, so that tests can count or replace them.
_solve_flow = flow.solve_flow
_feasible = flow.feasible
_potentials = flow.potentials

MAX_WEIGHT = 1000
MAX_OFFSET_MINUTES = 18 * 60
# Candidate buddies per class in the first solve without a warm start; more are added where the
# certificate asks for them.
CANDIDATES_PER_CLASS = 24
# With warm potentials: the best buddies of the best groups by reduced cost (at most WARM_SLACK above
# the class's best), and the best groups by plain pair cost.
WARM_GROUPS = 5
WARM_PER_GROUP = 3
WARM_SLACK = 6
PLAIN_CANDIDATES = 1
# Pairs added per class and round: when the cost can be lowered, and when more can be matched.
ADD_PER_CLASS = 4
AUGMENT_PER_CLASS = 2
# Max-flow rounds that make the warm candidates able to match everyone, groups added per class each.
REPAIR_ROUNDS = 8
REPAIR_GROUPS = 2
# In the first DROP_ROUNDS rounds, unused arcs whose reduced cost is above DROP_ABOVE leave the graph.
DROP_ROUNDS = 2
DROP_ABOVE = 2
# The soft phase's penalty for an unmatched coachee, in the most expensive pairs.
SOFT_PAIRS = 4
MAX_ROUNDS = 40
# Warm start from a sample of every SAMPLE_EVERY-th free coachee when there are at least SAMPLE_MIN.
SAMPLE_EVERY = 20
SAMPLE_MIN = 5_000
SAMPLE_ROUNDS = 6


def _check_weights(weights: Weights) -> None:
    for name in ("topic_miss", "timezone_hour", "unit", "load"):
        value = getattr(weights, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_WEIGHT:
            raise ValueError(f"weight {name} must be a whole number from 0 to {MAX_WEIGHT}, not {value!r}")


def _check_input(buddies: Sequence[BuddyIn], coachees: Sequence[CoacheeIn]) -> None:
    seen: set[int] = set()
    for b in buddies:
        if b.key in seen:
            raise ValueError(f"buddy {b.key} appears more than once")
        seen.add(b.key)
        if b.capacity < 0:
            raise ValueError(f"buddy {b.key} has a negative capacity ({b.capacity})")
        if abs(b.utc_offset_minutes) > MAX_OFFSET_MINUTES:
            raise ValueError(f"buddy {b.key} has an impossible UTC offset ({b.utc_offset_minutes} minutes)")
    seen_c: set[int] = set()
    for c in coachees:
        if c.key in seen_c:
            raise ValueError(f"coachee {c.key} appears more than once")
        seen_c.add(c.key)
        if abs(c.utc_offset_minutes) > MAX_OFFSET_MINUTES:
            raise ValueError(f"coachee {c.key} has an impossible UTC offset ({c.utc_offset_minutes} minutes)")
        if c.current_buddy is not None and c.current_buddy not in seen:
            raise ValueError(f"coachee {c.key} has an unknown current buddy {c.current_buddy}")


def offset_hours(a: int, b: int) -> int:
    """Whole hours between two UTC offsets (on the clock, so +14 h and -10 h are 0 apart), at most 12."""
    d = abs(a - b) % 1440
    return min(min(d, 1440 - d) // 60, HOURS_CAP)


def pair_breakdown(coachee: CoacheeIn, buddy: BuddyIn, weights: Weights) -> dict[str, int]:
    """The pair's cost without the load: topic, timezone and unit parts."""
    same_unit = coachee.unit == buddy.unit
    return {
        "topic": weights.topic_miss * min(len(coachee.topics - buddy.topics), TOPIC_CAP),
        "timezone": weights.timezone_hour
        * offset_hours(coachee.utc_offset_minutes, buddy.utc_offset_minutes),
        "unit": weights.unit if same_unit == coachee.prefers_other_unit else 0,
    }


def compatible(coachee: CoacheeIn, buddy: BuddyIn) -> bool:
    return not coachee.languages.isdisjoint(buddy.languages)


@dataclass
class _Problem:
    """The flow problem of some classes (all of them, or a sample)."""

    cls: IntArray  # class ids
    sizes: IntArray  # coachees of each class in this problem
    places: IntArray  # per buddy: free places in this problem
    scale: int  # 1, or S for a sample of every S-th coachee


@dataclass
class _Outcome:
    rows: IntArray  # class -> buddy arcs of the last graph solved: positions in cls, sorted
    cols: IntArray  # ... and buddies
    flow: Flow
    dist: IntArray | None
    optimal: bool


def _place_arcs(p: _Problem, kept_n: IntArray, load: int) -> tuple[IntArray, IntArray, IntArray]:
    """buddy -> sink arcs: (buddy, capacity, cost). In a sample each place stands for `scale` places."""
    if load == 0:
        b = np.nonzero(p.places > 0)[0].astype(np.int64)
        return b, p.places[b], np.zeros(b.size, dtype=np.int64)
    b = np.repeat(np.arange(p.places.size, dtype=np.int64), p.places)
    k = np.arange(b.size, dtype=np.int64) - np.repeat(np.cumsum(p.places) - p.places, p.places) + 1
    cost = load * (kept_n[b] + p.scale * k - p.scale // 2)
    return b, np.ones(b.size, dtype=np.int64), cost


def _optimise(
    enc: Encoded, p: _Problem, kept_n: IntArray, load: int, big_m: int, warm: IntArray | None, max_rounds: int
) -> _Outcome:
    n_cls, n_bud = p.cls.size, enc.n_buddies
    sink = n_cls + n_bud
    n_nodes = sink + 1
    supply = np.zeros(n_nodes, dtype=np.int64)
    supply[:n_cls] = p.sizes
    supply[sink] = -int(p.sizes.sum())
    pb, pcap, pcost = _place_arcs(p, kept_n, load)
    # Fixed arcs: unmatched (class -> sink) first, then the buddies' load places (buddy -> sink).
    ft = np.concatenate([np.arange(n_cls, dtype=np.int64), pb + n_cls])
    fh = np.full(ft.size, sink, dtype=np.int64)
    fcap = np.concatenate([p.sizes, pcap])
    fcost = np.concatenate([np.full(n_cls, big_m, dtype=np.int64), pcost])

    rows = cols = np.zeros(0, dtype=np.int64)
    if n_bud and n_cls:
        zero = np.zeros(n_bud, dtype=np.int64)
        choices = (
            [(zero, CANDIDATES_PER_CLASS, 1, NONE)]
            if warm is None
            else [(warm, WARM_GROUPS, WARM_PER_GROUP, WARM_SLACK), (zero, PLAIN_CANDIDATES, 1, NONE)]
        )
        rows, cols = candidates(enc, p.cls, choices)
        if warm is not None and REPAIR_ROUNDS:
            rows, cols = _repair(enc, p, rows, cols, warm)
    start = None
    if warm is not None and n_cls:
        # Start the potentials at the warm ones: the buddies' relative to the sink, the classes' above
        # what any arc allows (Bellman-Ford only lowers them).
        start = np.zeros(n_nodes, dtype=np.int64)
        start[n_cls:sink] = warm
        start[:n_cls] = int(warm.max(initial=0)) + 1
    # Soft phase first: the unmatched arcs cost only `soft` (a few pairs' worth), so the potentials stay
    # on the scale of the pair costs and price the missing pairs sensibly; once that problem is solved
    # for every pair, the same flow is checked with the real penalty (and solved again if needed).
    max_pair = int(pcost.max(initial=0)) + int(enc.tzu.max(initial=0)) + int(enc.tc.max(initial=0))
    soft = min(SOFT_PAIRS * max_pair + 1, big_m)
    out: _Outcome | None = None
    for round_no in range(max_rounds):
        order = np.lexsort((cols, rows))
        rows, cols = rows[order], cols[order]
        tail = np.concatenate([rows, ft])
        head = np.concatenate([cols + n_cls, fh])
        cap = np.concatenate([p.sizes[rows], fcap])
        cost = np.concatenate([enc.pair_cost(p.cls[rows], cols), fcost])
        unmatched_arc = np.zeros(tail.size, dtype=np.bool_)
        unmatched_arc[rows.size : rows.size + n_cls] = True
        t0 = time.process_time()
        phase_soft = soft < big_m
        if phase_soft:
            cost_soft = cost.copy()
            cost_soft[unmatched_arc] = soft
            f = _solve_flow(n_nodes, supply, tail, head, cap, cost_soft, unmatched_arc, soft=True)
        else:
            f = _solve_flow(n_nodes, supply, tail, head, cap, cost, unmatched_arc)
        t1 = time.process_time()
        out = _Outcome(rows=rows, cols=cols, flow=f, dist=None, optimal=False)
        if not _feasible(n_nodes, f):
            break
        out.dist = _potentials(n_nodes, f.tail, f.head, f.cost, f.cap, f.flow, start)
        t2 = time.process_time()
        log.debug(
            "%d classes, round %d%s: %d arcs, flow %.2f s, potentials %.2f s",
            n_cls,
            round_no,
            " (soft)" if phase_soft else "",
            tail.size,
            t1 - t0,
            t2 - t1,
        )
        if out.dist is None:
            break
        if log.isEnabledFor(logging.DEBUG):
            um = f.flow[rows.size : rows.size + n_cls]
            log.debug("unmatched flow %d in %d classes", int(um.sum()), int((um > 0).sum()))
        if not (n_bud and n_cls):
            if phase_soft:
                f.cost = cost
                out.dist = _potentials(n_nodes, f.tail, f.head, f.cost, f.cap, f.flow)
            out.optimal = out.dist is not None
            break
        # Price every compatible pair not in the graph.
        add_r, add_c, augmenting = price(
            enc,
            p.cls,
            out.dist[:n_cls],
            out.dist[n_cls:sink],
            rows * n_bud + cols,
            ADD_PER_CLASS,
            (-(big_m // 2), AUGMENT_PER_CLASS),
        )
        log.debug("pricing %.2f s cpu: %d pairs added", time.process_time() - t2, add_r.size)
        if add_r.size == 0 and phase_soft:
            # Solved with the soft penalty: check the same flow with the real one. Without unmatched
            # flow the same potentials hold (only unused class -> sink arcs got dearer).
            soft = big_m
            f.cost = cost
            if not f.flow[unmatched_arc].any():
                out.optimal = True
                break
            out.dist = _potentials(n_nodes, f.tail, f.head, f.cost, f.cap, f.flow, start)
            if out.dist is None:
                continue
            add_r, add_c, augmenting = price(
                enc,
                p.cls,
                out.dist[:n_cls],
                out.dist[n_cls:sink],
                rows * n_bud + cols,
                ADD_PER_CLASS,
                (-(big_m // 2), AUGMENT_PER_CLASS),
            )
            log.debug("exact check %.2f s cpu: %d pairs added", time.process_time() - t2, add_r.size)
        if add_r.size == 0:
            out.optimal = True
            break
        if round_no < DROP_ROUNDS and not augmenting:
            # Arcs without flow whose reduced cost is well above 0 will hardly be needed: leave them out
            # of the next solve (if they are, pricing brings them back).
            n_pair = rows.size
            red = cost[:n_pair] + out.dist[rows] - out.dist[cols + n_cls]
            keep = (f.flow[:n_pair] > 0) | (red <= DROP_ABOVE)
            log.debug("dropping %d of %d pair arcs", int((~keep).sum()), n_pair)
            rows, cols = rows[keep], cols[keep]
        rows = np.concatenate([rows, add_r])
        cols = np.concatenate([cols, add_c])
        if not augmenting:
            # These potentials carry no unmatched penalty that could be avoided: start there next time.
            start = out.dist
    assert out is not None
    return out


def _repair(
    enc: Encoded, p: _Problem, rows: IntArray, cols: IntArray, warm: IntArray
) -> tuple[IntArray, IntArray]:
    """Add arcs until the graph can match as many as it could with every pair (or nearly): a cheap max
    flow finds the classes that cannot send all their coachees and what they reach; each of those gets
    arcs to its best buddies (by warm reduced cost) among those with room left.

    Capacity is about as large as demand, so candidates chosen class by class rarely admit a complete
    matching; a min-cost flow round spent finding that out costs far more than these max flows."""
    n_cls, n_bud = p.cls.size, enc.n_buddies
    sink, source = n_cls + n_bud, n_cls + n_bud + 1
    total = int(p.sizes.sum())
    bud_places = p.places
    for _ in range(REPAIR_ROUNDS):
        t0 = time.process_time()
        mf = max_flow.SimpleMaxFlow()
        b_arcs = np.arange(n_bud, dtype=np.int64)
        tail = np.concatenate([np.full(n_cls, source), rows, b_arcs + n_cls]).astype(np.int32)
        head = np.concatenate([np.arange(n_cls), cols + n_cls, np.full(n_bud, sink)]).astype(np.int32)
        cap = np.concatenate([p.sizes, p.sizes[rows], bud_places]).astype(np.int64)
        arcs = mf.add_arcs_with_capacity(tail, head, cap)
        if mf.solve(source, sink) != mf.OPTIMAL:
            break
        got = int(mf.optimal_flow())
        log.debug("repair: max flow %d of %d, %.2f s cpu", got, total, time.process_time() - t0)
        if got >= total:
            break
        flows = np.asarray(mf.flows(arcs[-n_bud:]), dtype=np.int64)
        reach = np.asarray(mf.get_source_side_min_cut(), dtype=np.int64)
        reach_cls = reach[reach < n_cls]
        spare = bud_places - flows > 0
        add_r, add_c = candidates(enc, p.cls[reach_cls], [(warm, REPAIR_GROUPS, 1, NONE)], allowed=spare)
        if add_r.size == 0:
            break
        keys = distinct(np.r_[rows * n_bud + cols, reach_cls[add_r] * n_bud + add_c])
        rows, cols = keys // n_bud, keys % n_bud
    return rows, cols


def _sample(p: _Problem) -> _Problem:
    """Every SAMPLE_EVERY-th coachee of p (in class order), and about as large a share of each buddy's
    places, each standing for SAMPLE_EVERY places."""
    s = SAMPLE_EVERY
    n = int(p.sizes.sum())
    cls_of = np.repeat(np.arange(p.cls.size, dtype=np.int64), p.sizes)
    counts = np.bincount(cls_of[s // 2 :: s], minlength=p.cls.size).astype(np.int64)
    keep = np.nonzero(counts)[0]
    # Spread the rounding over the buddies, so the sample's capacity is a share of the whole's.
    spread = (np.arange(p.places.size, dtype=np.int64) * 7) % s
    places = (p.places + spread) // s
    log.debug(
        "sample: %d of %d coachees, %d of %d places",
        int(counts.sum()),
        n,
        int(places.sum()),
        int(p.places.sum()),
    )
    return _Problem(cls=p.cls[keep], sizes=counts[keep], places=places, scale=p.scale * s)


def _solve_problem(
    enc: Encoded, p: _Problem, kept_n: IntArray, load: int, big_m: int, max_rounds: int
) -> _Outcome:
    warm = None
    if int(p.sizes.sum()) >= SAMPLE_MIN and enc.n_buddies:
        t = time.process_time()
        s = _sample(p)
        got = _solve_problem(enc, s, kept_n, load, big_m, SAMPLE_ROUNDS)
        if got.dist is not None:
            sink = s.cls.size + enc.n_buddies
            warm = got.dist[s.cls.size : sink] - got.dist[sink]
        log.debug("warm start of %d classes: %.2f s cpu", p.cls.size, time.process_time() - t)
    out = _optimise(enc, p, kept_n, load, big_m, warm, max_rounds)
    return out


def solve(
    buddies: Sequence[BuddyIn],
    coachees: Sequence[CoacheeIn],
    weights: Weights = Weights(),  # noqa: B008 - frozen, so a shared default is safe
    *,
    rematch: bool = False,
) -> MatchResult:
    """Match coachees to buddies: as many as possible, then at the least total cost. See the module doc."""
    _check_weights(weights)
    _check_input(buddies, coachees)
    # Hundreds of thousands of small objects are made and none is part of a cycle: the cyclic garbage
    # collector's passes over them would cost about a third of the setup.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _solve(buddies, coachees, weights, rematch)
    finally:
        if collecting:
            gc.enable()


def _solve(
    buddies: Sequence[BuddyIn], coachees: Sequence[CoacheeIn], weights: Weights, rematch: bool
) -> MatchResult:
    w = weights
    t_start = time.process_time()
    bud = sorted(buddies, key=lambda b: b.key)
    index = {b.key: j for j, b in enumerate(bud)}
    coach = sorted(coachees, key=lambda c: c.key)

    # Kept pairs: the current buddy still shares a language and has room (the lowest coachee keys first).
    kept: dict[int, list[CoacheeIn]] = defaultdict(list)
    free: list[CoacheeIn] = []
    for c in coach:
        j = index.get(c.current_buddy) if c.current_buddy is not None and not rematch else None
        if j is not None and compatible(c, bud[j]) and len(kept[j]) < bud[j].capacity:
            kept[j].append(c)
        else:
            free.append(c)
    n_bud, n_free = len(bud), len(free)
    kept_n = np.array([len(kept[j]) for j in range(n_bud)], dtype=np.int64)
    capacity = np.array([b.capacity for b in bud], dtype=np.int64)
    remaining = np.minimum(np.maximum(capacity - kept_n, 0), n_free)

    classes = encoding.build(bud, free, w)
    enc = classes.enc
    n_cls = classes.sizes.size
    n_nodes = n_cls + n_bud + 1
    max_place = int((kept_n + remaining).max()) if n_bud else 0
    max_pair = w.topic_miss * TOPIC_CAP + w.timezone_hour * HOURS_CAP + w.unit + w.load * max_place
    big_m = n_free * max_pair + 1
    if big_m * (n_nodes + 1) >= 1 << 62:
        raise ValueError("the instance is too large for these weights")
    log.debug("setup: %d classes, %.2f s cpu", n_cls, time.process_time() - t_start)

    whole = _Problem(cls=np.arange(n_cls, dtype=np.int64), sizes=classes.sizes, places=remaining, scale=1)
    out = _solve_problem(enc, whole, kept_n, w.load, big_m, MAX_ROUNDS)
    t_out = time.process_time()

    # Disaggregate: in each class the coachees by key take the buddies by index (= by key).
    f = out.flow
    pair_flow = f.flow[: out.rows.size]
    nz = np.nonzero(pair_flow)[0]
    amount = pair_flow[nz]
    r = out.rows[nz]
    per_class = np.bincount(r, weights=amount, minlength=n_cls).astype(np.int64)
    taken = np.nonzero(per_class)[0]
    n_new = int(per_class.sum())
    pos = np.repeat(classes.starts[taken], per_class[taken]) + (
        np.arange(n_new, dtype=np.int64)
        - np.repeat(np.cumsum(per_class[taken]) - per_class[taken], per_class[taken])
    )
    buddy_of = np.full(n_free, -1, dtype=np.int64)
    buddy_of[pos] = np.repeat(out.cols[nz], amount)
    members = classes.members
    unmatched = sorted(members[i].key for i in np.nonzero(buddy_of < 0)[0])

    # Places: per buddy the kept pairs first, then the new ones by coachee key.
    kept_pairs = [(c, j) for j in sorted(kept) for c in kept[j]]
    new_pos = np.nonzero(buddy_of >= 0)[0]
    all_c = [c for c, _ in kept_pairs] + [members[i] for i in new_pos.tolist()]
    all_b = np.concatenate([np.array([j for _, j in kept_pairs], dtype=np.int64), buddy_of[new_pos]])
    n_kept = len(kept_pairs)
    keys = np.fromiter((c.key for c in all_c), dtype=np.int64, count=len(all_c))
    o = np.lexsort((keys, np.arange(keys.size) >= n_kept, all_b))
    place = np.empty(len(all_c), dtype=np.int64)
    first = np.r_[0, np.nonzero(np.diff(all_b[o]))[0] + 1] if o.size else np.zeros(0, dtype=np.int64)
    place[o] = np.arange(o.size) - np.repeat(first, np.diff(np.r_[first, o.size])) + 1

    # Score breakdowns: the kept pairs' from their attributes, the new ones' from the class arrays.
    parts = np.zeros((len(all_c), 3), dtype=np.int64)
    for i, (c, j) in enumerate(kept_pairs):
        bd = pair_breakdown(c, bud[j], w)
        parts[i] = (bd["topic"], bd["timezone"], bd["unit"])
    cls_of = np.repeat(np.arange(n_cls, dtype=np.int64), classes.sizes)[new_pos]
    new_b = buddy_of[new_pos]
    prof, grp = enc.c_prof[cls_of], enc.b_group[new_b]
    parts[n_kept:, 0] = enc.tc[enc.c_tset[cls_of], new_b]
    parts[n_kept:, 1] = enc.tz[prof, grp]
    parts[n_kept:, 2] = enc.tzu[prof, grp] - enc.tz[prof, grp]
    loads = w.load * place
    costs = parts.sum(axis=1) + loads

    pairs: list[PairOut] = []
    bkeys = [b.key for b in bud]
    for i, (topic, tz, unit), load, cost, j in zip(
        (order := np.argsort(keys, kind="stable")).tolist(),
        parts[order].tolist(),
        loads[order].tolist(),
        costs[order].tolist(),
        all_b[order].tolist(),
        strict=True,
    ):
        c = all_c[i]
        pairs.append(
            PairOut(
                coachee=c.key,
                buddy=bkeys[j],
                cost=cost,
                breakdown={"topic": topic, "timezone": tz, "unit": unit, "load": load},
                kept=i < n_kept or c.current_buddy == bkeys[j],
            )
        )
    total = int(costs.sum())
    # The flow's own cost (without the unmatched penalty) must be the new pairs' cost: a cross-check.
    flow_cost = int((f.flow * f.cost).sum()) - big_m * len(unmatched)
    optimal = out.optimal and flow_cost == int(costs[n_kept:].sum())
    log.debug("result: %.2f s cpu", time.process_time() - t_out)
    return MatchResult(pairs=pairs, unmatched=unmatched, total_cost=total, optimal=optimal)
