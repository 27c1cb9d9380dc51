"""API endpoints of the clause library under /api/v1/standards: the standards an organization uses,
their clauses with readiness, and one clause with its live evidence. Read only."""

from __future__ import annotations

from typing import Any

from ninja import Router

from resonanz.api_auth import member_of
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.standards import access
from resonanz.standards.api_schemas import AdoptedStandardOut, ClauseDetailOut, ClauseOut
from resonanz.standards.evidence import EvidenceCache
from resonanz.standards.readiness import ClauseStatus, clause_statuses, counts

router = Router(tags=["standards"])


def _clause(status: ClauseStatus) -> dict[str, Any]:
    clause = status.clause
    return {
        "id": status.adopted.pk,
        "number": clause.number,
        "label": clause.label,
        "parent": clause.number.rpartition(".")[0] or None if clause.parent_id else None,
        "title": clause.title,
        "readiness": status.readiness.value,
        "newest_evidence": status.items[0].date if status.items else None,
        "note": status.adopted.note,
    }


@router.get("/adopted", response=list[AdoptedStandardOut], summary="The standards the organization uses")
def list_adopted(request: ApiRequest) -> list[dict[str, Any]]:
    member = member_of(request, Capability.VIEW_STANDARDS)
    cache = EvidenceCache(member)
    return [
        {
            "id": adopted.pk,
            "code": adopted.standard.code,
            "edition": adopted.standard.edition,
            "title": adopted.standard.title,
            "readiness": counts(clause_statuses(member, adopted, cache)),
        }
        for adopted in access.adopted_queryset(member)
    ]


@router.get(
    "/adopted/{adopted_standard_id}/clauses",
    response=list[ClauseOut],
    summary="The clauses of a standard in use, with their readiness",
)
def list_clauses(request: ApiRequest, adopted_standard_id: int) -> list[dict[str, Any]]:
    member = member_of(request, Capability.VIEW_STANDARDS)
    adopted = access.get_adopted_standard_for(member, adopted_standard_id)
    return [_clause(status) for status in clause_statuses(member, adopted)]


@router.get(
    "/clauses/{adopted_clause_id}",
    response=ClauseDetailOut,
    summary="One clause: paraphrase, typical and live evidence, readiness, mapped clauses",
)
def get_clause(request: ApiRequest, adopted_clause_id: int) -> dict[str, Any]:
    member = member_of(request, Capability.VIEW_STANDARDS)
    adopted_clause = access.get_adopted_clause_for(member, adopted_clause_id)
    statuses = clause_statuses(member, adopted_clause.adopted_standard)
    status = next(row for row in statuses if row.adopted.pk == adopted_clause.pk)
    clause = status.clause
    return {
        **_clause(status),
        "standard": str(clause.standard),
        "paraphrase": clause.paraphrase,
        "typical_evidence": clause.typical_evidence,
        "evidence": [
            {"label": item.label, "date": item.date, "url": item.url, "count": item.count}
            for item in status.items
        ],
        "mapped": [
            {
                "standard": str(other.standard),
                "number": other.label,
                "title": other.title,
                "id": other_adopted.pk if other_adopted else None,
            }
            for other, other_adopted in access.mapped_clauses(member, clause)
        ],
    }
