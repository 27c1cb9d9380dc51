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

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from .types import BuddyIn, CoacheeIn, MatchResult, PairOut, Weights

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
    """Buddies and coachee classes as arrays, for block-wise cost computation."""

    weights: Weights
    n_classes: int
    n_buddies: int
    c_lang: IntArray
    c_topics: npt.NDArray[np.uint64]  # classes x words
    c_topic_count: IntArray
    c_off: IntArray
    c_unit: IntArray
    c_pref: BoolArray
    b_lang: IntArray
    b_topics: npt.NDArray[np.uint64]
    b_off: IntArray
    b_unit: IntArray
    lang_compat: BoolArray  # langset x langset
    tz_cost: IntArray  # offset x offset

    def block(self, start: int, stop: int) -> tuple[IntArray, BoolArray]:
        """Pair costs (without load) of classes start..stop-1 with every buddy, and compatibility."""
        w = self.weights
        common = np.zeros((stop - start, self.n_buddies), dtype=np.int64)
        for word in range(self.c_topics.shape[1]):
            common += np.bitwise_count(
                self.c_topics[start:stop, word, None] & self.b_topics[None, :, word]
            ).astype(np.int64)
        missing = self.c_topic_count[start:stop, None] - common
        cost = np.minimum(missing, TOPIC_CAP) * w.topic_miss
        cost += self.tz_cost[np.ix_(self.c_off[start:stop], self.b_off)]
        same = self.c_unit[start:stop, None] == self.b_unit[None, :]
        cost += (same == self.c_pref[start:stop, None]) * w.unit
        compat = self.lang_compat[np.ix_(self.c_lang[start:stop], self.b_lang)]
        return cost, compat

    def blocks(self) -> Iterator[tuple[int, int, IntArray, BoolArray]]:
        rows = max(1, BLOCK_CELLS // max(1, self.n_buddies))
        for start in range(0, self.n_classes, rows):
            stop = min(self.n_classes, start + rows)
            cost, compat = self.block(start, stop)
            yield start, stop, cost, compat


def _index(values: list[object]) -> dict[object, int]:
    return {v: i for i, v in enumerate(sorted(set(values), key=repr))}


def _encode(
    buddies: list[BuddyIn], classes: list[tuple[frozenset[str], frozenset[int], int, str, bool]], w: Weights
) -> _Encoded:
    langsets = sorted({b.languages for b in buddies} | {k[0] for k in classes}, key=sorted)
    lang_id = {ls: i for i, ls in enumerate(langsets)}
    lang_compat = np.array([[not a.isdisjoint(b) for b in langsets] for a in langsets], dtype=np.bool_)
    offsets = sorted({b.utc_offset_minutes for b in buddies} | {k[2] for k in classes})
    off_id = {o: i for i, o in enumerate(offsets)}
    tz_cost = np.array(
        [[w.timezone_hour * offset_hours(a, b) for b in offsets] for a in offsets], dtype=np.int64
    ).reshape(len(offsets), len(offsets))
    units = sorted({b.unit for b in buddies} | {k[3] for k in classes})
    unit_id = {u: i for i, u in enumerate(units)}
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

    return _Encoded(
        weights=w,
        n_classes=len(classes),
        n_buddies=len(buddies),
        c_lang=np.array([lang_id[k[0]] for k in classes], dtype=np.int64),
        c_topics=np.array([mask(k[1]) for k in classes], dtype=np.uint64).reshape(len(classes), words),
        c_topic_count=np.array([len(k[1]) for k in classes], dtype=np.int64),
        c_off=np.array([off_id[k[2]] for k in classes], dtype=np.int64),
        c_unit=np.array([unit_id[k[3]] for k in classes], dtype=np.int64),
        c_pref=np.array([k[4] for k in classes], dtype=np.bool_),
        b_lang=np.array([lang_id[b.languages] for b in buddies], dtype=np.int64),
        b_topics=np.array([mask(b.topics) for b in buddies], dtype=np.uint64).reshape(len(buddies), words),
        b_off=np.array([off_id[b.utc_offset_minutes] for b in buddies], dtype=np.int64),
        b_unit=np.array([unit_id[b.unit] for b in buddies], dtype=np.int64),
        lang_compat=lang_compat,
        tz_cost=tz_cost,
    )


def _initial_candidates(enc: _Encoded, k: int) -> tuple[IntArray, IntArray, IntArray]:
    """For each class its k cheapest compatible buddies (ties by buddy order): rows, cols, costs."""
    rows_out: list[IntArray] = []
    cols_out: list[IntArray] = []
    cost_out: list[IntArray] = []
    nb = enc.n_buddies
    for start, stop, cost, compat in enc.blocks():
        if nb <= k:
            r, c = np.nonzero(compat)
            rows_out.append(r.astype(np.int64) + start)
            cols_out.append(c.astype(np.int64))
            cost_out.append(cost[r, c])
            continue
        # A unique score per cell (cost, then buddy index) makes the choice deterministic.
        big = np.int64((int(cost.max(initial=0)) + 1) * nb)
        score = np.where(compat, cost * nb + np.arange(nb, dtype=np.int64)[None, :], big)
        part = np.argpartition(score, k - 1, axis=1)[:, :k]
        r = np.repeat(np.arange(stop - start, dtype=np.int64), k)
        c = part.reshape(-1).astype(np.int64)
        keep = compat[r, c]
        r, c = r[keep], c[keep]
        rows_out.append(r + start)
        cols_out.append(c)
        cost_out.append(cost[r, c])
    if not rows_out:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(cost_out)


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
    for _ in range(n_nodes + 1):
        best = np.minimum.reduceat(dist[rt] + rc, starts)
        improved = best < dist[heads]
        if not improved.any():
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
    n_nodes: int, supply: IntArray, tail: IntArray, head: IntArray, cap: IntArray, cost: IntArray
) -> _Flow:
    smcf = min_cost_flow.SimpleMinCostFlow()
    if tail.size:
        arcs = smcf.add_arcs_with_capacity_and_unit_cost(
            tail.astype(np.int32), head.astype(np.int32), cap.astype(np.int64), cost.astype(np.int64)
        )
    nodes = np.nonzero(supply)[0]
    if nodes.size:
        smcf.set_nodes_supplies(nodes.astype(np.int32), supply[nodes].astype(np.int64))
    flow = np.zeros(tail.size, dtype=np.int64)
    if tail.size:
        status = smcf.solve()
        if status != smcf.OPTIMAL:
            raise RuntimeError(f"the min-cost flow solver failed: {status}")
        flow = np.asarray(smcf.flows(arcs), dtype=np.int64)
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
    rows, cols, pcost = (
        _initial_candidates(enc, CANDIDATES_PER_CLASS)
        if n_bud and n_cls
        else (
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
        )
    )

    optimal = False
    for _round in range(MAX_ROUNDS):
        order = np.lexsort((cols, rows))
        rows, cols, pcost = rows[order], cols[order], pcost[order]
        tail = np.concatenate([rows, ft])
        head = np.concatenate([cols + n_cls, fh])
        cap = np.concatenate([sizes[rows], fcap])
        cost = np.concatenate([pcost, fcost])
        f = _solve_flow(n_nodes, supply, tail, head, cap, cost)
        if not _feasible(n_nodes, f):
            break
        dist = _potentials(n_nodes, f.tail, f.head, f.cost, f.cap, f.flow)
        if dist is None:
            break
        # Price every compatible pair not in the graph.
        in_graph = rows * max(n_bud, 1) + cols
        add_r: list[IntArray] = []
        add_c: list[IntArray] = []
        add_cost: list[IntArray] = []
        for start, stop, bcost, compat in enc.blocks():
            reduced = bcost + dist[start:stop, None] - dist[None, n_cls : n_cls + n_bud]
            bad = compat & (reduced < 0)
            if not bad.any():
                continue
            br, bc = np.nonzero(bad)
            keys = (br.astype(np.int64) + start) * n_bud + bc
            fresh = ~np.isin(keys, in_graph)
            br, bc = br[fresh], bc[fresh]
            if br.size == 0:
                continue
            # The most negative few per class.
            red = reduced[br, bc]
            o = np.lexsort((bc, red, br))
            br, bc, red = br[o], bc[o], red[o]
            first = np.r_[0, np.nonzero(np.diff(br))[0] + 1]
            rank = np.arange(br.size) - np.repeat(first, np.diff(np.r_[first, br.size]))
            sel = rank < ADD_PER_CLASS
            add_r.append(br[sel].astype(np.int64) + start)
            add_c.append(bc[sel].astype(np.int64))
            add_cost.append(bcost[br[sel], bc[sel]])
        if not add_r:
            optimal = True
            break
        rows = np.concatenate([rows, *add_r])
        cols = np.concatenate([cols, *add_c])
        pcost = np.concatenate([pcost, *add_cost])

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
