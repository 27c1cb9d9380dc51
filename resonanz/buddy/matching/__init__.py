"""Optimal buddy matching (issue 14, §4): a pure function over plain dataclasses, no Django models.

``solve(buddies, coachees, weights, rematch=...)`` returns a :class:`MatchResult` whose ``optimal`` flag
says that the LP-duality certificate was checked for every compatible pair. See ``solver`` for the model.
"""

from .solver import MAX_WEIGHT, offset_hours, pair_breakdown, solve
from .types import BuddyIn, CoacheeIn, MatchResult, PairOut, Weights

__all__ = [
    "MAX_WEIGHT",
    "BuddyIn",
    "CoacheeIn",
    "MatchResult",
    "PairOut",
    "Weights",
    "offset_hours",
    "pair_breakdown",
    "solve",
]
