"""Readiness per clause: evidenced (live evidence in the last 12 months), stale (older only) or a gap.

A clause counts its own evidence and that of its sub-clauses (7.5 is evidenced when 7.5.3 is). The
work is bounded: every provider runs once per request (``EvidenceCache``), whatever the number of
clauses, and the clauses, notes and mappings are read in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core.models import Membership
from resonanz.standards.evidence import EvidenceCache, EvidenceItem, keys_for
from resonanz.standards.models import AdoptedClause, AdoptedStandard, Clause

FRESH_DAYS = 365


class Readiness(models.TextChoices):
    EVIDENCED = "evidenced", _("evidenced")
    STALE = "stale", _("stale")
    GAP = "gap", _("gap")


def readiness_of(items: list[EvidenceItem], today: dt.date) -> Readiness:
    dates = [item.date for item in items if item.date is not None]
    if not items:
        return Readiness.GAP
    if dates and max(dates) >= today - dt.timedelta(days=FRESH_DAYS):
        return Readiness.EVIDENCED
    return Readiness.STALE


@dataclass
class ClauseStatus:
    adopted: AdoptedClause
    readiness: Readiness
    items: list[EvidenceItem] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def clause(self) -> Clause:
        return self.adopted.clause


def clause_statuses(
    member: Membership, adopted: AdoptedStandard, cache: EvidenceCache | None = None
) -> list[ClauseStatus]:
    """Every clause of an adopted standard with its evidence and readiness, in the standard's order."""
    cache = cache or EvidenceCache(member)
    rows = list(
        AdoptedClause.objects.filter(adopted_standard=adopted)
        .select_related("clause__standard", "noted_by__user")
        .order_by("clause__position")
    )
    code = adopted.standard.code
    own: dict[int, list[str]] = {
        row.clause_id: keys_for(code, row.clause.number, row.clause.evidence_providers) for row in rows
    }
    children: dict[int | None, list[int]] = defaultdict(list)
    for row in rows:
        children[row.clause.parent_id].append(row.clause_id)

    def keys_below(clause_id: int) -> list[str]:
        found = list(own[clause_id])
        for child in children.get(clause_id, []):
            found += [key for key in keys_below(child) if key not in found]
        return found

    today = timezone.localdate()
    statuses = []
    for row in rows:
        keys = keys_below(row.clause_id)
        items = [item for key in keys for item in cache.items(key)]
        statuses.append(ClauseStatus(row, readiness_of(items, today), items, keys))
    return statuses


def counts(statuses: list[ClauseStatus]) -> dict[str, int]:
    found = {readiness.value: 0 for readiness in Readiness}
    for status in statuses:
        found[status.readiness.value] += 1
    return found
