"""Access helpers of the objectives app: anything outside the member's organization, or without
``VIEW_OBJECTIVES``, is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.objectives.models import ManualEntry, Objective


def objective_queryset(member: Membership) -> QuerySet[Objective]:
    require_or_404(member, Capability.VIEW_OBJECTIVES)
    return Objective.objects.filter(organization_id=member.organization_id).select_related(
        "organization", "owner__user"
    )


def get_objective_for(
    member: Membership, objective_id: Any, capability: Capability = Capability.VIEW_OBJECTIVES
) -> Objective:
    require_or_404(member, capability)
    try:
        return objective_queryset(member).get(pk=objective_id)
    except (Objective.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def entry_queryset(member: Membership, objective: Objective) -> QuerySet[ManualEntry]:
    require_or_404(member, Capability.VIEW_OBJECTIVES)
    if objective.organization_id != member.organization_id:
        raise Http404
    return ManualEntry.objects.filter(objective=objective).order_by("-day", "-pk")


def owner_choices(member: Membership) -> QuerySet[Membership]:
    """Who may own an objective: the organization's active members."""
    return (
        Membership.objects.filter(organization_id=member.organization_id, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
