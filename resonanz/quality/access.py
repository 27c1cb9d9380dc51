"""Access helpers of the quality app: 404 outside the caller's organization or permissions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.quality.models import Incident, IncidentAction


def incident_queryset(member: Membership) -> QuerySet[Incident]:
    require_or_404(member, Capability.VIEW_INCIDENTS)
    return Incident.objects.filter(organization_id=member.organization_id)


def get_incident_for(member: Membership, incident_id: int) -> Incident:
    try:
        return (
            incident_queryset(member)
            .select_related("owner__user", "miss_explanation__plan")
            .get(pk=incident_id)
        )
    except (Incident.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def corrective_action_queryset(member: Membership) -> QuerySet[IncidentAction]:
    """All of the organization's actions for those who read incidents; one's own for everyone else."""
    actions = IncidentAction.objects.filter(organization_id=member.organization_id)
    if member.can(Capability.VIEW_INCIDENTS):
        return actions
    return actions.filter(owner=member)


def get_completable_action_for(member: Membership, incident_action_id: int) -> IncidentAction:
    """A corrective action the member may mark as done: their own, or any for who handles incidents;
    404 for the others (one who reads incidents sees a colleague's action but does not complete it)."""
    actions = corrective_action_queryset(member)
    if not member.can(Capability.MANAGE_INCIDENTS):
        actions = actions.filter(owner=member)
    try:
        return actions.select_related("incident").get(pk=incident_action_id)
    except (IncidentAction.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
