"""The evidence shown beside each checklist item: live from the clause library's evidence registry while
the audit runs, as copied onto the item once its report is issued.

A clause shows the evidence registered for it and for its sub-clauses (7.5 shows what 7.5.3 has), as
the clause library's readiness does. Bounded: two queries for the clauses, and every evidence provider
runs at most once per call (``EvidenceCache``), however many items the checklist has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from resonanz.audits.models import ChecklistItem
from resonanz.core.models import Membership
from resonanz.standards.evidence import EvidenceCache, EvidenceItem, keys_for
from resonanz.standards.models import AdoptedClause, Clause

MAX_EVIDENCE_PER_ITEM = 20


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str
    date: str  # ISO date, or "" when the evidence has none


def live_evidence(member: Membership, items: Sequence[ChecklistItem]) -> dict[int, list[Evidence]]:
    """What the evidence registry shows ``member`` for each item's clause, by item id."""
    clause_ids = [item.adopted_clause_id for item in items if item.adopted_clause_id is not None]
    adopted = {
        row.pk: row.clause
        for row in AdoptedClause.objects.filter(pk__in=clause_ids).select_related("clause__standard")
    }
    standards = {clause.standard_id for clause in adopted.values()}
    by_standard: dict[int, list[Clause]] = defaultdict(list)
    for row in Clause.objects.filter(standard_id__in=standards).only(
        "pk", "standard_id", "number", "evidence_providers"
    ):
        by_standard[row.standard_id].append(row)
    cache = EvidenceCache(member)
    found: dict[int, list[Evidence]] = {}
    for item in items:
        clause = adopted.get(item.adopted_clause_id) if item.adopted_clause_id is not None else None
        if clause is None:
            found[item.pk] = []
            continue
        code = clause.standard.code
        below = [
            other
            for other in by_standard[clause.standard_id]
            if other.number == clause.number or other.number.startswith(f"{clause.number}.")
        ]
        keys: list[str] = []
        for other in below:
            keys += [key for key in keys_for(code, other.number, other.evidence_providers) if key not in keys]
        found[item.pk] = _unique(entry for key in keys for entry in cache.items(key))
    return found


def _unique(entries: Iterable[EvidenceItem]) -> list[Evidence]:
    seen: list[Evidence] = []
    for entry in entries:
        evidence = Evidence(entry.label, entry.url, entry.date.isoformat() if entry.date else "")
        if evidence not in seen:
            seen.append(evidence)
    return seen[:MAX_EVIDENCE_PER_ITEM]


def issued_evidence(item: ChecklistItem) -> list[Evidence]:
    """The evidence copied onto an item when its audit's report was issued."""
    return [
        Evidence(str(entry.get("label", "")), str(entry.get("url", "")), str(entry.get("date", "")))
        for entry in item.evidence
        if isinstance(entry, dict)
    ]
