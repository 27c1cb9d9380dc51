"""Access helpers of the risks app: anything outside the member's organization, or without the
capability asked for, is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.risks.models import Risk, RiskAction


def risk_queryset(member: Membership) -> QuerySet[Risk]:
    require_or_404(member, Capability.VIEW_RISKS)
    return Risk.objects.filter(organization_id=member.organization_id).select_related("owner__user")


def get_risk_for(member: Membership, risk_id: Any, capability: Capability = Capability.VIEW_RISKS) -> Risk:
    require_or_404(member, capability)
    try:
        return risk_queryset(member).get(pk=risk_id)
    except (Risk.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_risk_action_for(member: Membership, risk_action_id: Any) -> RiskAction:
    require_or_404(member, Capability.MANAGE_RISKS)
    try:
        return RiskAction.objects.select_related("risk").get(
            pk=risk_action_id, risk__organization_id=member.organization_id
        )
    except (RiskAction.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def matrix_counts(member: Membership) -> dict[tuple[int, int], int]:
    """Open and treated risks and opportunities per (likelihood, impact): counts, no names."""
    require_or_404(member, Capability.VIEW_AGGREGATES)
    rows = (
        Risk.objects.filter(organization_id=member.organization_id)
        .exclude(status="closed")
        .values_list("likelihood", "impact")
    )
    counts: dict[tuple[int, int], int] = {}
    for cell in rows.iterator():
        counts[cell] = counts.get(cell, 0) + 1
    return counts


def owner_choices(member: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization_id=member.organization_id, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
