"""Coachee classes and the pair cost as arrays.

Free coachees with identical languages, topics, UTC offset, unit and unit preference cost the same with
every buddy: they form a *class*. A class's cost with a buddy is ``tc[topic set, buddy] +
tzu[profile, group]``: the topic part depends on the class's topic set and the buddy, the time-zone and
unit part on the class's *profile* (languages, offset, unit, preference) and the buddy's *group*
(languages, offset, unit). Languages decide compatibility per profile and group. There are far fewer
topic sets, profiles and groups than classes and buddies, which makes pricing every compatible pair cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from .types import BuddyIn, CoacheeIn, Weights

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
H = TypeVar("H", bound=Hashable)

TOPIC_CAP = 5
HOURS_CAP = 12
BLOCK_CELLS = 1 << 21  # rows x columns computed at once
NONE = np.iinfo(np.int64).max // 4  # no such buddy (a value that cannot be reached)


def hours_apart(a: IntArray, b: IntArray) -> IntArray:
    """Whole hours between UTC offsets (on the clock, so +14 h and -10 h are 0 apart), at most 12."""
    d = np.abs(a - b) % 1440
    return np.asarray(np.minimum(np.minimum(d, 1440 - d) // 60, HOURS_CAP), dtype=np.int64)


def _ranks(values: Sequence[H], key: Callable[[H], Any]) -> tuple[IntArray, list[H]]:
    """Each value's rank among the distinct values ordered by key, and the distinct values in that order."""
    distinct = sorted(dict.fromkeys(values), key=key)
    rank = {v: i for i, v in enumerate(distinct)}
    codes = np.fromiter(map(rank.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, distinct


def _masks(sets: Sequence[frozenset[Any]], bit: dict[Any, int]) -> npt.NDArray[np.uint64]:
    words = max(1, (len(bit) + 63) // 64)
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for row, items in enumerate(sets):
        for item in items:
            i = bit.get(item)
            if i is not None:
                out[row, i // 64] |= np.uint64(1 << (i % 64))
    return out


@dataclass
class Encoded:
    """Buddies (in key order) and the classes (in a canonical order) as arrays."""

    n_buddies: int
    c_prof: IntArray  # class -> profile
    c_tset: IntArray  # class -> topic set
    tc: npt.NDArray[np.int32]  # topic sets x buddies
    tzu: IntArray  # profiles x groups
    tz: IntArray  # profiles x groups: the time-zone part of tzu (the rest is the unit part)
    ok: BoolArray  # profiles x groups: they share a language
    b_group: IntArray  # buddy -> group
    gperm: IntArray  # buddies ordered by group, then by key
    gstarts: IntArray  # where each group starts in gperm

    def __post_init__(self) -> None:
        self.gsize = np.diff(np.r_[self.gstarts, self.n_buddies]).astype(np.int64)
        self._tc_by_group = self.tc[:, self.gperm]
        self._seg = np.repeat(np.arange(self.n_groups, dtype=np.int64), self.gsize)
        self._packed_cache: dict[str, npt.NDArray[Any]] = {}

    def _packed(self, dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
        """tc by group, packed with each buddy's place: tc * n + place."""
        key = np.dtype(dtype).name
        if key not in self._packed_cache:
            n = max(1, self.n_buddies)
            place = np.arange(self.n_buddies, dtype=np.int64)[None, :]
            self._packed_cache[key] = self._tc_by_group.astype(dtype) * dtype(n) + place.astype(dtype)
        return self._packed_cache[key]

    @property
    def n_groups(self) -> int:
        return int(self.tzu.shape[1])

    def pair_cost(self, classes: IntArray, buddies: IntArray) -> IntArray:
        """The cost (without the load) of each class with the buddy at the same position."""
        return np.asarray(
            self.tc[self.c_tset[classes], buddies] + self.tzu[self.c_prof[classes], self.b_group[buddies]],
            dtype=np.int64,
        )

    def group_best(
        self, pi: IntArray, tsets: IntArray, m: int = 1, allowed: BoolArray | None = None
    ) -> tuple[IntArray, IntArray]:
        """For the given topic sets and each group: the m smallest values of tc - pi over the group's
        (allowed) buddies, ascending, and those buddies (the lowest key first among equals); shape (topic
        sets, groups, m). Where a group has fewer than m such buddies, the value is NONE."""
        n_t = tsets.size
        best = np.empty((n_t, self.n_groups, m), dtype=np.int64)
        who = np.empty((n_t, self.n_groups, m), dtype=np.int64)
        n = max(1, self.n_buddies)
        # Value and place in one number, so that one minimum finds both: value * n + place; in 32 bits
        # where it fits (half the memory to stream through).
        bound = (int(np.abs(pi).max(initial=0)) + int(self.tc.max(initial=0)) + 1) * n
        dtype = np.int32 if bound < 1 << 31 else np.int64
        packed = bound < 1 << 62
        top = np.iinfo(dtype).max
        if packed:
            base = self._packed(dtype)
            shift = (pi[self.gperm] * n).astype(dtype)
        step = max(1, BLOCK_CELLS // n)
        for start in range(0, n_t, step):
            chunk = tsets[start : start + step]
            rows = np.arange(chunk.size)[:, None]
            v = base[chunk] - shift[None, :] if packed else self._tc_by_group[chunk] - pi[self.gperm][None, :]
            if allowed is not None:
                v[:, ~allowed[self.gperm]] = top if packed else NONE
            for j in range(m):
                if packed:
                    low = np.minimum.reduceat(v, self.gstarts, axis=1).astype(np.int64)
                    h = np.where(low >= top, NONE, low // n)
                    at = low % n
                else:
                    h = np.minimum.reduceat(v, self.gstarts, axis=1)
                    place = np.arange(self.n_buddies, dtype=np.int64)[None, :]
                    at = np.minimum.reduceat(np.where(v == h[:, self._seg], place, n), self.gstarts, axis=1)
                best[start : start + step, :, j] = h
                who[start : start + step, :, j] = self.gperm[at]
                if j + 1 < m:
                    v[rows, at] = top if packed else NONE
        return best, who


@dataclass
class Classes:
    """The free coachees grouped into classes."""

    members: list[CoacheeIn]  # the free coachees, class by class, by key within a class
    starts: IntArray  # where each class starts in members
    sizes: IntArray
    enc: Encoded


def build(buddies: list[BuddyIn], free: list[CoacheeIn], w: Weights) -> Classes:
    """Group the free coachees (in key order) into classes and encode the costs. buddies: in key order."""
    n_free, n_bud = len(free), len(buddies)
    lang, _langs = _ranks([c.languages for c in free] + [b.languages for b in buddies], key=sorted)
    unit, _units = _ranks([c.unit for c in free] + [b.unit for b in buddies], key=lambda u: u)
    tset, tsets = _ranks([c.topics for c in free], key=sorted)
    offset = np.fromiter((c.utc_offset_minutes for c in free), dtype=np.int64, count=n_free)
    pref = np.fromiter((c.prefers_other_unit for c in free), dtype=np.int64, count=n_free)
    c_attr = np.stack([lang[:n_free], tset, offset, unit[:n_free], pref], axis=1)
    # Canonical class order: languages, topics, offset, unit, preference (each by its sorted value);
    # the sort is stable, so a class's members stay in key order.
    order = np.lexsort(c_attr.T[::-1])
    c_attr = c_attr[order]
    new = np.r_[True, (c_attr[1:] != c_attr[:-1]).any(axis=1)] if n_free else np.zeros(0, dtype=np.bool_)
    starts = np.nonzero(new)[0].astype(np.int64)
    sizes = np.diff(np.r_[starts, n_free]).astype(np.int64)
    cls_attr = c_attr[starts]

    profiles, c_prof = np.unique(cls_attr[:, [0, 2, 3, 4]], axis=0, return_inverse=True)
    b_attr = np.stack(
        [
            lang[n_free:],
            np.fromiter((b.utc_offset_minutes for b in buddies), dtype=np.int64, count=n_bud),
            unit[n_free:],
        ],
        axis=1,
    )
    groups, b_group = np.unique(b_attr, axis=0, return_inverse=True)
    profiles = profiles.reshape(-1, 4)
    groups = groups.reshape(-1, 3)

    # Languages shared, per profile and group (bit masks over every language named).
    lang_sets = _langs
    codes = sorted(set().union(*lang_sets)) if lang_sets else []
    lang_masks = _masks(lang_sets, {code: i for i, code in enumerate(codes)})
    ok = np.zeros((len(profiles), len(groups)), dtype=np.bool_)
    for word in range(lang_masks.shape[1]):
        ok |= (lang_masks[profiles[:, 0], word][:, None] & lang_masks[groups[:, 0], word][None, :]) != 0
    same_unit = profiles[:, 2][:, None] == groups[:, 2][None, :]
    tz = w.timezone_hour * hours_apart(profiles[:, 1][:, None], groups[:, 1][None, :])
    tzu = tz + w.unit * (same_unit == (profiles[:, 3][:, None] == 1))

    universe = sorted(set().union(*(b.topics for b in buddies))) if buddies else []
    topic_bit = {t: i for i, t in enumerate(universe)}
    ts_masks = _masks(tsets, topic_bit)
    b_masks = _masks([b.topics for b in buddies], topic_bit)
    ts_count = np.array([len(t) for t in tsets], dtype=np.int64)
    tc = np.zeros((len(tsets), n_bud), dtype=np.int32)  # at most TOPIC_CAP * MAX_WEIGHT
    step = max(1, BLOCK_CELLS // max(1, n_bud))
    for start in range(0, len(tsets), step):
        common = np.zeros((min(step, len(tsets) - start), n_bud), dtype=np.int64)
        for word in range(ts_masks.shape[1]):
            common += np.bitwise_count(ts_masks[start : start + step, word, None] & b_masks[None, :, word])
        missing = ts_count[start : start + step, None] - common
        tc[start : start + step] = np.minimum(missing, TOPIC_CAP) * w.topic_miss

    b_group = b_group.reshape(-1).astype(np.int64)
    gperm = np.lexsort((np.arange(n_bud), b_group)).astype(np.int64)
    enc = Encoded(
        n_buddies=n_bud,
        c_prof=c_prof.reshape(-1).astype(np.int64),
        c_tset=cls_attr[:, 1].astype(np.int64),
        tc=tc,
        tzu=np.asarray(tzu, dtype=np.int64).reshape(len(profiles), len(groups)),
        tz=np.asarray(tz, dtype=np.int64).reshape(len(profiles), len(groups)),
        ok=ok,
        b_group=b_group,
        gperm=gperm,
        gstarts=np.searchsorted(b_group[gperm], np.arange(len(groups))).astype(np.int64),
    )
    return Classes(members=[free[i] for i in order], starts=starts, sizes=sizes, enc=enc)
