"""Access helpers of the clause library: an organization's adopted standards and clauses, else 404."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.standards.models import AdoptedClause, AdoptedStandard, Clause, ClauseMapping, Standard

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def adopted_queryset(member: Membership) -> QuerySet[AdoptedStandard]:
    require_or_404(member, Capability.VIEW_STANDARDS)
    return AdoptedStandard.objects.filter(organization_id=member.organization_id).select_related("standard")


def get_adopted_standard_for(member: Membership, adopted_standard_id: Any) -> AdoptedStandard:
    return _get(adopted_queryset(member), adopted_standard_id)


def adopted_clause_queryset(member: Membership) -> QuerySet[AdoptedClause]:
    require_or_404(member, Capability.VIEW_STANDARDS)
    return AdoptedClause.objects.filter(organization_id=member.organization_id).select_related(
        "clause__standard", "clause__parent", "adopted_standard__standard", "noted_by__user"
    )


def get_adopted_clause_for(member: Membership, adopted_clause_id: Any) -> AdoptedClause:
    return _get(adopted_clause_queryset(member), adopted_clause_id)


def available_standards(member: Membership) -> QuerySet[Standard]:
    """Every loaded edition the organization does not use yet (standards are global data)."""
    require_or_404(member, Capability.VIEW_STANDARDS)
    used = AdoptedStandard.objects.filter(organization_id=member.organization_id).values("standard_id")
    return Standard.objects.exclude(pk__in=used).order_by("code", "-edition")


def get_standard(standard_id: Any) -> Standard:
    return _get(Standard.objects.all(), standard_id)


def mapped_clauses(member: Membership, clause: Clause) -> list[tuple[Clause, AdoptedClause | None]]:
    """Clauses of other standards mapped to ``clause`` (either direction), each with the organization's
    adopted clause where it uses that standard (to link to it)."""
    require_or_404(member, Capability.VIEW_STANDARDS)
    pairs = ClauseMapping.objects.filter(Q(source=clause) | Q(target=clause)).select_related(
        "source__standard", "target__standard"
    )
    others = [pair.target if pair.source_id == clause.pk else pair.source for pair in pairs]
    adopted = {
        row.clause_id: row
        for row in AdoptedClause.objects.filter(
            organization_id=member.organization_id, clause__in=[other.pk for other in others]
        )
    }
    others.sort(key=lambda other: (other.standard.code, other.position))
    return [(other, adopted.get(other.pk)) for other in others]
