"""The min-cost flow of one round and the two checks of the certificate that need only its graph.

``solve_flow`` runs OR-Tools; ``feasible`` checks the flow independently of the solver; ``potentials``
computes node potentials (shortest distances in the residual graph) whose existence proves that no
negative cycle is left among the graph's arcs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class Flow:
    tail: IntArray
    head: IntArray
    cost: IntArray
    cap: IntArray
    flow: IntArray
    supply: IntArray


def solve_flow(
    n_nodes: int,
    supply: IntArray,
    tail: IntArray,
    head: IntArray,
    cap: IntArray,
    cost: IntArray,
    unmatched: BoolArray,
    *,
    soft: bool = False,
) -> Flow:
    """Solve with OR-Tools. The "unmatched" arcs (class -> sink with the big penalty) are left out of
    the solver's graph: it maximises the flow, then minimises the cost (the same lexicographic order,
    without the large penalty slowing down its cost scaling); what a class could not send goes over its
    unmatched arc. The certificate then checks the whole graph, penalty arcs included.

    soft: the unmatched arcs carry a moderate cost and stay in the graph; a plain min-cost flow."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    keep = np.arange(tail.size) if soft else np.nonzero(~unmatched)[0]
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
        status = smcf.solve() if soft else smcf.solve_max_flow_with_min_cost()
        if status != smcf.OPTIMAL:
            raise RuntimeError(f"the min-cost flow solver failed: {status}")
        flow[keep] = np.asarray(smcf.flows(arcs), dtype=np.int64)
    if soft:
        return Flow(tail=tail, head=head, cost=cost, cap=cap, flow=flow, supply=supply)
    # What each class did not send goes over its unmatched arc.
    out = np.bincount(tail[keep], weights=flow[keep], minlength=n_nodes).astype(np.int64)
    um = np.nonzero(unmatched)[0]
    flow[um] = supply[tail[um]] - out[tail[um]]
    return Flow(tail=tail, head=head, cost=cost, cap=cap, flow=flow, supply=supply)


def feasible(n_nodes: int, f: Flow) -> bool:
    """Capacities and flow conservation hold (every node sends exactly its supply)."""
    if ((f.flow < 0) | (f.flow > f.cap)).any():
        return False
    net = np.zeros(n_nodes, dtype=np.int64)
    np.add.at(net, f.tail, f.flow)
    np.subtract.at(net, f.head, f.flow)
    return bool(np.array_equal(net, f.supply))


def potentials(
    n_nodes: int,
    tail: IntArray,
    head: IntArray,
    cost: IntArray,
    cap: IntArray,
    flow: IntArray,
    start: IntArray | None = None,
) -> IntArray | None:
    """Shortest distances from a virtual root (arcs of cost start[v], default 0, to every node v) in the
    residual graph: the largest potentials at most start with reduced costs >= 0 on every residual arc.

    Jacobi Bellman-Ford, vectorised. Returns None if it does not converge within n_nodes + 1 sweeps,
    which means a negative cycle: the flow is then not optimal. A start close to the answer (the
    previous round's potentials) needs few sweeps, and keeps the potentials of nodes the graph leaves
    free near where they were, which steers the pricing (dual stabilisation).
    """
    fwd = flow < cap
    bwd = flow > 0
    rt = np.concatenate([tail[fwd], head[bwd]])
    rh = np.concatenate([head[fwd], tail[bwd]])
    rc = np.concatenate([cost[fwd], -cost[bwd]])
    dist = np.zeros(n_nodes, dtype=np.int64) if start is None else start.astype(np.int64, copy=True)
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
