"""Access helpers of the audits app: anything outside the member's organization, or without the
capability asked for, is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from resonanz.audits.models import Audit, AuditProgramme, ChecklistItem
from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.standards.models import AdoptedClause

_MISSES = (ValueError, TypeError, OverflowError)


def programme_queryset(member: Membership) -> QuerySet[AuditProgramme]:
    require_or_404(member, Capability.VIEW_AUDITS)
    return AuditProgramme.objects.filter(organization_id=member.organization_id)


def get_programme_for(
    member: Membership, audit_programme_id: Any, capability: Capability = Capability.VIEW_AUDITS
) -> AuditProgramme:
    require_or_404(member, capability)
    try:
        return programme_queryset(member).get(pk=audit_programme_id)
    except (AuditProgramme.DoesNotExist, *_MISSES):
        raise Http404 from None


def audit_queryset(member: Membership) -> QuerySet[Audit]:
    require_or_404(member, Capability.VIEW_AUDITS)
    return Audit.objects.filter(organization_id=member.organization_id).select_related(
        "programme", "lead_auditor__user"
    )


def get_audit_for(
    member: Membership, audit_id: Any, capability: Capability = Capability.VIEW_AUDITS
) -> Audit:
    require_or_404(member, capability)
    try:
        return audit_queryset(member).get(pk=audit_id)
    except (Audit.DoesNotExist, *_MISSES):
        raise Http404 from None


def get_item_for(member: Membership, checklist_item_id: Any) -> ChecklistItem:
    require_or_404(member, Capability.MANAGE_AUDITS)
    try:
        return ChecklistItem.objects.select_related("audit").get(
            pk=checklist_item_id, organization_id=member.organization_id
        )
    except (ChecklistItem.DoesNotExist, *_MISSES):
        raise Http404 from None


def people_choices(member: Membership) -> QuerySet[Membership]:
    """The active members who may be named as auditors or audited persons."""
    return (
        Membership.objects.filter(organization_id=member.organization_id, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def criteria_choices(member: Membership) -> QuerySet[AdoptedClause]:
    """The clauses of the standards the organization uses, in each standard's order."""
    return (
        AdoptedClause.objects.filter(organization_id=member.organization_id)
        .select_related("clause__standard")
        .order_by("clause__standard__code", "-clause__standard__edition", "clause__position")
    )
