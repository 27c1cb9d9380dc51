"""Optimal buddy matching as a min-cost flow, with an optimality certificate.

The graph (all numbers are integers):

* one node per *class* of free coachees: coachees with identical languages, topics, UTC offset, unit and
  unit preference cost the same with every buddy, so 100,000 colleagues collapse to far fewer nodes;
  the class's supply is its size;
* one node per buddy, and one sink that takes all the supply;
* class -> buddy for every candidate pair that shares a language (capacity: the class size, cost: the
  pair cost without the load);
* buddy -> sink as unit arcs with increasing cost ``load * k`` for the k-th coachee of that buddy (the
  kept pairs take the first places): a convex load cost, so the cheap places fill first;
* class -> sink "unmatched" with a penalty ``big_m`` larger than any difference in total pair cost, so
  the number matched is maximised first and the cost minimised second.

OR-Tools' ``SimpleMinCostFlow`` solves it. The class -> buddy arcs are pruned to the cheapest candidates
per class; the result is then *certified* for the full problem, every compatible pair included:

1. the flow is checked to be feasible (conservation and capacities), independently of the solver;
2. node potentials are computed by Bellman-Ford on the residual graph (a converged run proves there is
   no negative cycle among the arcs in the graph, and gives reduced costs >= 0 on each residual arc);
3. every compatible class -> buddy pair *not* in the graph (zero flow, so a residual arc with the pair's
   cost) is priced with the same potentials: if none has a negative reduced cost, the potentials are
   dual feasible for the full problem and the flow is optimal (LP duality / no negative cycle).

Pairs that fail step 3 are added to the graph and the problem is solved again (column generation); the
result is ``optimal=True`` only when all three checks pass.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from .types import BuddyIn, CoacheeIn, MatchResult, PairOut, Weights

log = logging.getLogger(__name__)

MAX_WEIGHT = 1000
TOPIC_CAP = 5
HOURS_CAP = 12
MAX_OFFSET_MINUTES = 18 * 60
# Candidate buddies per class in the first solve; more are added where the certificate asks for them.
CANDIDATES_PER_CLASS = 24
ADD_PER_CLASS = 16
MAX_ROUNDS = 40
BLOCK_CELLS = 1 << 21  # class rows x buddies computed at once when pricing

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


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
class _Encoded:
    """Buddies and coachee classes as arrays.

    A class's cost with a buddy is ``tc[topic set, buddy] + tzu[profile, group]``: the topic part depends
    on the class's topic set and the buddy, the time-zone and unit part on the class's *profile*
    (languages, offset, unit, preference) and the buddy's *group* (languages, offset, unit). Languages
    decide compatibility per profile and group. There are far fewer topic sets, profiles and groups than
    classes and buddies, which makes pricing every compatible pair cheap.
    """

    n_classes: int
    n_buddies: int
    c_prof: IntArray  # class -> profile
    c_tset: IntArray  # class -> topic set
    tc: IntArray  # topic sets x buddies
    tzu: IntArray  # profiles x groups
    ok: BoolArray  # profiles x groups: they share a language
    b_group: IntArray  # buddy -> group
    gperm: IntArray  # buddies ordered by group, then by key
    gstarts: IntArray  # where each group starts in gperm

    @property
    def n_groups(self) -> int:
        return int(self.tzu.shape[1])

    def rows(self, classes: IntArray) -> tuple[IntArray, BoolArray]:
        """Pair costs (without load) of the given classes with every buddy, and compatibility."""
        prof = self.c_prof[classes]
        cost = self.tc[self.c_tset[classes]] + self.tzu[prof][:, self.b_group]
        return cost, self.ok[prof][:, self.b_group]

    def group_best(self, pi: IntArray) -> tuple[IntArray, IntArray]:
        """For each topic set and group: min over the group's buddies of tc - pi, and the buddy (lowest key
        among equals)."""
        n_t = self.tc.shape[0]
        best = np.empty((n_t, self.n_groups), dtype=np.int64)
        who = np.empty((n_t, self.n_groups), dtype=np.int64)
        pos_score = (self.n_buddies - np.arange(self.n_buddies, dtype=np.int64))[None, :]
        step = max(1, BLOCK_CELLS // max(1, self.n_buddies))
        for start in range(0, n_t, step):
            v = self.tc[start : start + step][:, self.gperm] - pi[self.gperm][None, :]
            h = np.minimum.reduceat(v, self.gstarts, axis=1)
            seg = np.repeat(np.arange(self.n_groups), np.diff(np.r_[self.gstarts, self.n_buddies]))
            first = np.maximum.reduceat(np.where(v == h[:, seg], pos_score, 0), self.gstarts, axis=1)
            best[start : start + step] = h
            who[start : start + step] = self.gperm[self.n_buddies - first]
        return best, who

    def class_blocks(self) -> Iterator[IntArray]:
        step = max(1, BLOCK_CELLS // max(1, self.n_groups))
        for start in range(0, self.n_classes, step):
            yield np.arange(start, min(self.n_classes, start + step), dtype=np.int64)


def _encode(
    buddies: list[BuddyIn], classes: list[tuple[frozenset[str], frozenset[int], int, str, bool]], w: Weights
) -> _Encoded:
    universe = sorted(set().union(*(b.topics for b in buddies))) if buddies else []
    topic_bit = {t: i for i, t in enumerate(universe)}
    words = max(1, (len(universe) + 63) // 64)

    def mask(topics: frozenset[int]) -> list[int]:
        out = [0] * words
        for t in topics:
            i = topic_bit.get(t)
            if i is not None:
                out[i // 64] |= 1 << (i % 64)
        return out

    tsets = sorted({k[1] for k in classes}, key=sorted)
    tset_id = {t: i for i, t in enumerate(tsets)}
    profiles = sorted({(k[0], k[2], k[3], k[4]) for k in classes}, key=lambda p: (sorted(p[0]), *p[1:]))
    prof_id = {p: i for i, p in enumerate(profiles)}
    groups = sorted(
        {(b.languages, b.utc_offset_minutes, b.unit) for b in buddies}, key=lambda g: (sorted(g[0]), *g[1:])
    )
    group_id = {g: i for i, g in enumerate(groups)}
    b_group = np.array(
        [group_id[(b.languages, b.utc_offset_minutes, b.unit)] for b in buddies], dtype=np.int64
    )

    ts_masks = np.array([mask(t) for t in tsets], dtype=np.uint64).reshape(len(tsets), words)
    ts_count = np.array([len(t) for t in tsets], dtype=np.int64)
    b_masks = np.array([mask(b.topics) for b in buddies], dtype=np.uint64).reshape(len(buddies), words)
    tc = np.zeros((len(tsets), len(buddies)), dtype=np.int64)
    step = max(1, BLOCK_CELLS // max(1, len(buddies)))
    for start in range(0, len(tsets), step):
        common = np.zeros((min(step, len(tsets) - start), len(buddies)), dtype=np.int64)
        for word in range(words):
            common += np.bitwise_count(ts_masks[start : start + step, word, None] & b_masks[None, :, word])
        missing = ts_count[start : start + step, None] - common
        tc[start : start + step] = np.minimum(missing, TOPIC_CAP) * w.topic_miss

    tzu = np.array(
        [
            [
                w.timezone_hour * offset_hours(p[1], g[1]) + (w.unit if (p[2] == g[2]) == p[3] else 0)
                for g in groups
            ]
            for p in profiles
        ],
        dtype=np.int64,
    ).reshape(len(profiles), len(groups))
    ok = np.array([[not p[0].isdisjoint(g[0]) for g in groups] for p in profiles], dtype=np.bool_).reshape(
        len(profiles), len(groups)
    )
    gperm = np.lexsort((np.arange(len(buddies)), b_group)).astype(np.int64)
    gstarts = np.searchsorted(b_group[gperm], np.arange(len(groups))).astype(np.int64)
    return _Encoded(
        n_classes=len(classes),
        n_buddies=len(buddies),
        c_prof=np.array([prof_id[(k[0], k[2], k[3], k[4])] for k in classes], dtype=np.int64),
        c_tset=np.array([tset_id[k[1]] for k in classes], dtype=np.int64),
        tc=tc,
        tzu=tzu,
        ok=ok,
        b_group=b_group,
        gperm=gperm,
        gstarts=gstarts,
    )


def _in(keys: IntArray, sorted_keys: IntArray) -> BoolArray:
    """keys found in the ascending array sorted_keys."""
    if sorted_keys.size == 0:
        return np.zeros(keys.size, dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return np.asarray(sorted_keys[at] == keys, dtype=np.bool_)


def _most_negative(r: IntArray, c: IntArray, red: IntArray, per_class: int) -> tuple[IntArray, IntArray]:
    """At most per_class pairs per class r: the smallest red first, ties by buddy c."""
    o = np.lexsort((c, red, r))
    r, c = r[o], c[o]
    first = np.r_[0, np.nonzero(np.diff(r))[0] + 1]
    rank = np.arange(r.size) - np.repeat(first, np.diff(np.r_[first, r.size]))
    sel = rank < per_class
    return r[sel], c[sel]


def _price(
    enc: _Encoded, d_class: IntArray | None, pi: IntArray, in_graph: IntArray, per_class: int
) -> tuple[IntArray, IntArray]:
    """Compatible class -> buddy pairs outside the graph (in_graph: their keys class*buddies+buddy,
    ascending) whose reduced cost is negative, at most per_class per class (the most negative first;
    ties by buddy). d_class None: the first round, where the group-best buddies of each class's
    per_class cheapest groups are taken.

    Exact: a pair's reduced cost is at least its group's bound ``tzu + min over the group (tc - pi)``
    plus d, so only groups whose bound is negative can hold a negative pair; those are expanded buddy
    by buddy.
    """
    h, who = enc.group_best(pi)
    gsize = np.diff(np.r_[enc.gstarts, enc.n_buddies])
    out_r: list[IntArray] = []
    out_c: list[IntArray] = []
    limit = np.iinfo(np.int64).max
    for cls in enc.class_blocks():
        s = enc.tzu[enc.c_prof[cls]] + h[enc.c_tset[cls]]
        s[~enc.ok[enc.c_prof[cls]]] = limit
        if d_class is None:
            k = min(per_class, enc.n_groups)
            part = np.argpartition(s, k - 1, axis=1)[:, :k] if k < enc.n_groups else None
            if part is None:
                part = np.tile(np.arange(enc.n_groups), (cls.size, 1))
            rr = np.repeat(np.arange(cls.size), part.shape[1])
            gg = part.reshape(-1)
            keep = s[rr, gg] < limit
            rr, gg = rr[keep], gg[keep]
            out_r.append(cls[rr])
            out_c.append(who[enc.c_tset[cls[rr]], gg])
            continue
        rr, gg = np.nonzero(s < -d_class[cls][:, None])
        if rr.size == 0:
            continue
        # Expand each negative (class, group) into the group's buddies.
        sizes = gsize[gg]
        rep = np.repeat(np.arange(rr.size), sizes)
        offs = np.arange(rep.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        bud = enc.gperm[enc.gstarts[gg][rep] + offs]
        kk = cls[rr[rep]]
        red = enc.tc[enc.c_tset[kk], bud] + enc.tzu[enc.c_prof[kk], gg[rep]] + d_class[kk] - pi[bud]
        neg = red < 0
        kk, bud, red = kk[neg], bud[neg], red[neg]
        fresh = ~_in(kk * enc.n_buddies + bud, in_graph)
        if fresh.any():
            r, c = _most_negative(kk[fresh], bud[fresh], red[fresh], per_class)
            out_r.append(r)
            out_c.append(c)
    if not out_r:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    r, c = np.concatenate(out_r), np.concatenate(out_c)
    return r.astype(np.int64), c.astype(np.int64)


def _potentials(
    n_nodes: int, tail: IntArray, head: IntArray, cost: IntArray, cap: IntArray, flow: IntArray
) -> IntArray | None:
    """Shortest distances from a virtual root (0-cost arcs to every node) in the residual graph.

    Jacobi Bellman-Ford, vectorised. Returns None if it does not converge within n_nodes rounds, which
    means a negative cycle: the flow is then not optimal.
    """
    fwd = flow < cap
    bwd = flow > 0
    rt = np.concatenate([tail[fwd], head[bwd]])
    rh = np.concatenate([head[fwd], tail[bwd]])
    rc = np.concatenate([cost[fwd], -cost[bwd]])
    dist = np.zeros(n_nodes, dtype=np.int64)
    if rt.size == 0:
        return dist
    order = np.argsort(rh, kind="stable")
    rt, rh, rc = rt[order], rh[order], rc[order]
    heads, starts = np.unique(rh, return_index=True)
    for sweep in range(n_nodes + 1):
        best = np.minimum.reduceat(dist[rt] + rc, starts)
        improved = best < dist[heads]
        if not improved.any():
            log.debug("potentials: %d sweeps", sweep)
            return dist
        dist[heads[improved]] = best[improved]
    return None


@dataclass
class _Flow:
    tail: IntArray
    head: IntArray
    cost: IntArray
    cap: IntArray
    flow: IntArray
    supply: IntArray


def _solve_flow(
    n_nodes: int,
    supply: IntArray,
    tail: IntArray,
    head: IntArray,
    cap: IntArray,
    cost: IntArray,
    unmatched: BoolArray,
) -> _Flow:
    """Solve with OR-Tools. The "unmatched" arcs (class -> sink with the big penalty) are left out of
    the solver's graph: it maximises the flow, then minimises the cost (the same lexicographic order,
    without the large penalty slowing down its cost scaling); what a class could not send goes over its
    unmatched arc. The certificate then checks the whole graph, penalty arcs included."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    keep = np.nonzero(~unmatched)[0]
    flow = np.zeros(tail.size, dtype=np.int64)
    if keep.size:
        arcs = smcf.add_arcs_with_capacity_and_unit_cost(
            tail[keep].astype(np.int32),
            head[keep].astype(np.int32),
            cap[keep].astype(np.int64),
            cost[keep].astype(np.int64),
        )
        nodes = np.nonzero(supply)[0]
        smcf.set_nodes_supplies(nodes.astype(np.int32), supply[nodes].astype(np.int64))
        status = smcf.solve_max_flow_with_min_cost()
        if status != smcf.OPTIMAL:
            raise RuntimeError(f"the min-cost flow solver failed: {status}")
        flow[keep] = np.asarray(smcf.flows(arcs), dtype=np.int64)
    # What each class did not send goes over its unmatched arc.
    out = np.zeros(n_nodes, dtype=np.int64)
    np.add.at(out, tail[keep], flow[keep])
    um = np.nonzero(unmatched)[0]
    flow[um] = supply[tail[um]] - out[tail[um]]
    return _Flow(tail=tail, head=head, cost=cost, cap=cap, flow=flow, supply=supply)


def _feasible(n_nodes: int, f: _Flow) -> bool:
    if ((f.flow < 0) | (f.flow > f.cap)).any():
        return False
    net = np.zeros(n_nodes, dtype=np.int64)
    np.add.at(net, f.tail, f.flow)
    np.subtract.at(net, f.head, f.flow)
    return bool(np.array_equal(net, f.supply))


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
    w = weights
    bud = sorted(buddies, key=lambda b: b.key)
    by_key = {b.key: b for b in bud}
    coach = sorted(coachees, key=lambda c: c.key)

    # Kept pairs: the current buddy still shares a language and has room (the lowest coachee keys first).
    kept: dict[int, list[CoacheeIn]] = defaultdict(list)
    free: list[CoacheeIn] = []
    for c in coach:
        b = by_key.get(c.current_buddy) if c.current_buddy is not None and not rematch else None
        if b is not None and compatible(c, b) and len(kept[b.key]) < b.capacity:
            kept[b.key].append(c)
        else:
            free.append(c)

    # Classes of free coachees with the same attributes, in a canonical order.
    groups: dict[tuple[frozenset[str], frozenset[int], int, str, bool], list[CoacheeIn]] = defaultdict(list)
    for c in free:
        groups[(c.languages, c.topics, c.utc_offset_minutes, c.unit, c.prefers_other_unit)].append(c)
    class_keys = sorted(groups, key=lambda k: (sorted(k[0]), sorted(k[1]), k[2], k[3], k[4]))
    members = [groups[k] for k in class_keys]
    n_cls, n_bud, n_free = len(class_keys), len(bud), len(free)
    sink = n_cls + n_bud
    n_nodes = sink + 1

    remaining = [min(max(b.capacity - len(kept[b.key]), 0), n_free) for b in bud]
    max_place = max((len(kept[b.key]) + r for b, r in zip(bud, remaining, strict=True)), default=0)
    max_pair = w.topic_miss * TOPIC_CAP + w.timezone_hour * HOURS_CAP + w.unit + w.load * max_place
    big_m = n_free * max_pair + 1
    if big_m * (n_nodes + 1) >= 1 << 62:
        raise ValueError("the instance is too large for these weights")

    supply = np.zeros(n_nodes, dtype=np.int64)
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    supply[:n_cls] = sizes
    supply[sink] = -n_free

    # Fixed arcs: unmatched (class -> sink) and the buddies' load places (buddy -> sink).
    fixed_t: list[IntArray] = [np.arange(n_cls, dtype=np.int64)]
    fixed_h: list[IntArray] = [np.full(n_cls, sink, dtype=np.int64)]
    fixed_cap: list[IntArray] = [sizes]
    fixed_cost: list[IntArray] = [np.full(n_cls, big_m, dtype=np.int64)]
    for j, (b, r) in enumerate(zip(bud, remaining, strict=True)):
        if r <= 0:
            continue
        if w.load == 0:
            places = 1
            fixed_cap.append(np.array([r], dtype=np.int64))
            fixed_cost.append(np.zeros(1, dtype=np.int64))
        else:
            places = r
            fixed_cap.append(np.ones(r, dtype=np.int64))
            m = len(kept[b.key])
            fixed_cost.append(w.load * np.arange(m + 1, m + r + 1, dtype=np.int64))
        fixed_t.append(np.full(places, n_cls + j, dtype=np.int64))
        fixed_h.append(np.full(places, sink, dtype=np.int64))
    ft, fh = np.concatenate(fixed_t), np.concatenate(fixed_h)
    fcap, fcost = np.concatenate(fixed_cap), np.concatenate(fixed_cost)

    enc = _encode(bud, class_keys, w)
    empty = np.zeros(0, dtype=np.int64)
    rows, cols = empty, empty
    if n_bud and n_cls:
        rows, cols = _price(enc, None, np.zeros(n_bud, dtype=np.int64), empty, CANDIDATES_PER_CLASS)
    optimal = False
    for _round in range(MAX_ROUNDS):
        order = np.lexsort((cols, rows))
        rows, cols = rows[order], cols[order]
        pcost = enc.tc[enc.c_tset[rows], cols] + enc.tzu[enc.c_prof[rows], enc.b_group[cols]]
        tail = np.concatenate([rows, ft])
        head = np.concatenate([cols + n_cls, fh])
        cap = np.concatenate([sizes[rows], fcap])
        cost = np.concatenate([pcost, fcost])
        t0 = time.process_time()
        unmatched_arc = np.zeros(tail.size, dtype=np.bool_)
        unmatched_arc[rows.size : rows.size + n_cls] = True
        f = _solve_flow(n_nodes, supply, tail, head, cap, cost, unmatched_arc)
        t1 = time.process_time()
        if not _feasible(n_nodes, f):
            break
        dist = _potentials(n_nodes, f.tail, f.head, f.cost, f.cap, f.flow)
        t2 = time.process_time()
        log.debug("round %d: %d arcs, flow %.2f s, potentials %.2f s", _round, tail.size, t1 - t0, t2 - t1)
        if dist is None:
            break
        if not (n_bud and n_cls):
            optimal = True
            break
        # Price every compatible pair not in the graph.
        add_r, add_c = _price(
            enc, dist[:n_cls], dist[n_cls : n_cls + n_bud], rows * n_bud + cols, ADD_PER_CLASS
        )
        log.debug("pricing %.2f s cpu: %d pairs added", time.process_time() - t2, add_r.size)
        if add_r.size == 0:
            optimal = True
            break
        rows = np.concatenate([rows, add_r])
        cols = np.concatenate([cols, add_c])

    # Disaggregate: in each class the coachees by key take the buddies by key.
    n_pair = rows.size
    pair_flow = f.flow[:n_pair]
    assigned: dict[int, list[CoacheeIn]] = defaultdict(list)
    unmatched: list[int] = []
    per_class: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i in np.nonzero(pair_flow)[0]:
        per_class[int(rows[i])].append((int(cols[i]), int(pair_flow[i])))
    for ci, mem in enumerate(members):
        pos = 0
        for j, amount in sorted(per_class.get(ci, [])):
            for c in mem[pos : pos + amount]:
                assigned[bud[j].key].append(c)
            pos += amount
        unmatched.extend(c.key for c in mem[pos:])

    pairs: list[PairOut] = []
    for b in bud:
        order_b = [(c, True) for c in kept[b.key]]
        order_b += [(c, False) for c in sorted(assigned[b.key], key=lambda c: c.key)]
        for place, (c, was_kept) in enumerate(order_b, start=1):
            breakdown = pair_breakdown(c, b, w)
            breakdown["load"] = w.load * place
            pairs.append(
                PairOut(
                    coachee=c.key,
                    buddy=b.key,
                    cost=sum(breakdown.values()),
                    breakdown=breakdown,
                    kept=was_kept or c.current_buddy == b.key,
                )
            )
    pairs.sort(key=lambda p: p.coachee)
    total = sum(p.cost for p in pairs)
    # The flow's own cost (without the unmatched penalty) must be the new pairs' cost: a cross-check.
    flow_cost = int((f.flow * f.cost).sum()) - big_m * len(unmatched)
    fixed = {c.key for group in kept.values() for c in group}
    new_cost = sum(p.cost for p in pairs if p.coachee not in fixed)
    if flow_cost != new_cost:
        optimal = False
    return MatchResult(pairs=pairs, unmatched=sorted(unmatched), total_cost=total, optimal=optimal)
