"""Choosing class -> buddy arcs: the first candidates, and pricing every compatible pair (the certificate).

Both work on the group bound: for a topic set and a buddy group, ``h = min over the group's buddies of
tc - pi`` (with the buddies' potentials pi), so the cheapest reduced cost of a class with any buddy of a
group is exactly ``tzu[profile, group] + h[topic set, group] + d[class]``. Classes x groups is far smaller
than classes x buddies.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .encoding import BLOCK_CELLS, NONE, BoolArray, Encoded, IntArray

_NO = np.iinfo(np.int64).max


def _in(keys: IntArray, sorted_keys: IntArray) -> BoolArray:
    """keys found in the ascending array sorted_keys."""
    if sorted_keys.size == 0:
        return np.zeros(keys.size, dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return np.asarray(sorted_keys[at] == keys, dtype=np.bool_)


def distinct(keys: IntArray) -> IntArray:
    """The distinct keys, ascending (a sort: np.unique hashes, which is slower here)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys


def most_negative(r: IntArray, c: IntArray, red: IntArray, per_class: int) -> tuple[IntArray, IntArray]:
    """At most per_class pairs per class r: the smallest red first, ties by buddy c."""
    o = np.lexsort((c, red, r))
    r, c = r[o], c[o]
    first = np.r_[0, np.nonzero(np.diff(r))[0] + 1]
    rank = np.arange(r.size) - np.repeat(first, np.diff(np.r_[first, r.size]))
    sel = rank < per_class
    return r[sel], c[sel]


def _blocks(n_rows: int, n_cols: int) -> Iterator[IntArray]:
    step = max(1, BLOCK_CELLS // max(1, n_cols))
    for start in range(0, n_rows, step):
        yield np.arange(start, min(n_rows, start + step), dtype=np.int64)


def candidates(
    enc: Encoded,
    cls: IntArray,
    choices: list[tuple[IntArray, int, int, int]],
    allowed: BoolArray | None = None,
) -> tuple[IntArray, IntArray]:
    """First arcs of the classes cls (returned as positions in cls) with buddies: for each (pi, k, m,
    slack) in choices, the m best buddies (by tc - pi, lowest key first among equals) of each of the k
    groups with the smallest bound, of those at most slack above the class's best; only allowed buddies
    if given. Sorted by class, then buddy, without repeats."""
    n_bud = enc.n_buddies
    tsets, inv = np.unique(enc.c_tset[cls], return_inverse=True)
    out: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for pi, per_class, m, slack in choices:
        k = min(per_class, enc.n_groups)
        if k <= 0:
            continue
        h, who = enc.group_best(pi, tsets, m, allowed)
        for blk in _blocks(cls.size, enc.n_groups):
            prof = enc.c_prof[cls[blk]]
            s = enc.tzu[prof] + h[inv[blk], :, 0]
            s[~enc.ok[prof]] = _NO
            if k < enc.n_groups:
                part = np.argpartition(s, k - 1, axis=1)[:, :k]
            else:
                part = np.tile(np.arange(enc.n_groups), (blk.size, 1))
            rr = np.repeat(np.arange(blk.size), part.shape[1])
            gg = part.reshape(-1)
            keep = s[rr, gg] < _NO
            rr, gg = rr[keep], gg[keep]
            limit = np.minimum(s.min(axis=1), NONE) + slack
            hv = h[inv[blk[rr]], gg]  # (pairs, m)
            found = (hv < NONE) & (enc.tzu[prof[rr], gg][:, None] + hv <= limit[rr][:, None])
            bud = who[inv[blk[rr]], gg]
            out.append((blk[rr][:, None] * n_bud + bud)[found])
    keys = distinct(np.concatenate(out))
    return keys // max(1, n_bud), keys % max(1, n_bud)


def price(
    enc: Encoded,
    cls: IntArray,
    d: IntArray,
    pi: IntArray,
    in_graph: IntArray,
    per_class: int,
    augment: tuple[int, int],
) -> tuple[IntArray, IntArray, bool]:
    """Compatible pairs (position in cls, buddy) outside the graph (in_graph: their keys
    position*buddies+buddy, ascending) whose reduced cost ``pair cost + d[class] - pi[buddy]`` is
    negative, at most per_class per class (the most negative first; ties by buddy).

    Exact: a group whose bound is not negative holds no negative pair. Where it is negative, the group's
    best buddy is a negative pair; if that pair is already in the graph, the group is expanded buddy by
    buddy for that class (rare), so no negative pair outside the graph is missed.

    augment (threshold, per class): if some pair's reduced cost is below the threshold (it lets one more
    coachee be matched: the potentials then carry the unmatched penalty), only such pairs are returned,
    at most that many per class, and the flag returned is True; the matching's size comes first, its
    cost later.
    """
    n_bud = enc.n_buddies
    tsets, inv = np.unique(enc.c_tset[cls], return_inverse=True)
    h, who = enc.group_best(pi, tsets)
    h, who = h[:, :, 0], who[:, :, 0]
    out_r: list[IntArray] = []
    out_c: list[IntArray] = []
    out_v: list[IntArray] = []
    for blk in _blocks(cls.size, enc.n_groups):
        prof = enc.c_prof[cls[blk]]
        s = enc.tzu[prof] + h[inv[blk]] + d[blk][:, None]
        s[~enc.ok[prof]] = 0
        rr, gg = np.nonzero(s < 0)
        if rr.size == 0:
            continue
        kk = blk[rr]
        best = who[inv[kk], gg]
        fresh = ~_in(kk * n_bud + best, in_graph)
        out_r.append(kk[fresh])
        out_c.append(best[fresh])
        out_v.append(s[rr, gg][fresh])
        if fresh.all():
            continue
        # The group's best buddy is in the graph already: look at the group's other buddies.
        kk, gg = kk[~fresh], gg[~fresh]
        sizes = enc.gsize[gg]
        rep = np.repeat(np.arange(kk.size), sizes)
        offs = np.arange(rep.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        bud = enc.gperm[enc.gstarts[gg][rep] + offs]
        k2 = kk[rep]
        red = enc.pair_cost(cls[k2], bud) + d[k2] - pi[bud]
        sel = (red < 0) & ~_in(k2 * n_bud + bud, in_graph)
        out_r.append(k2[sel])
        out_c.append(bud[sel])
        out_v.append(red[sel])
    if not out_r:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, False
    r, c, v = np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_v)
    threshold, augment_per_class = augment
    more = v < threshold
    if more.any():
        return (*most_negative(r[more], c[more], v[more], augment_per_class), True)
    return (*most_negative(r, c, v, per_class), False)
