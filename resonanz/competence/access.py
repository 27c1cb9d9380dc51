"""Access helpers of the competence app: the only way views and API handlers reach its objects.

Anything outside the member's organization, or without ``VIEW_COMPETENCE``, is a 404.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from resonanz.competence.models import (
    Certificate,
    ChannelRequirement,
    Competence,
    EffectivenessCheck,
    RoleRequirement,
    Training,
    TrainingParticipation,
)
from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

M = TypeVar("M", bound=models.Model)
C = Capability


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def competence_queryset(member: Membership) -> QuerySet[Competence]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return Competence.objects.filter(organization_id=member.organization_id)


def get_competence_for(
    member: Membership, competence_id: Any, capability: C = C.VIEW_COMPETENCE
) -> Competence:
    require_or_404(member, capability)
    return _get(competence_queryset(member), competence_id)


def role_requirement_queryset(member: Membership) -> QuerySet[RoleRequirement]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return RoleRequirement.objects.filter(organization_id=member.organization_id).select_related("competence")


def get_role_requirement_for(member: Membership, role_requirement_id: Any) -> RoleRequirement:
    return _get(role_requirement_queryset(member), role_requirement_id)


def channel_requirement_queryset(member: Membership) -> QuerySet[ChannelRequirement]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return ChannelRequirement.objects.filter(organization_id=member.organization_id).select_related(
        "competence", "channel"
    )


def get_channel_requirement_for(member: Membership, channel_requirement_id: Any) -> ChannelRequirement:
    return _get(channel_requirement_queryset(member), channel_requirement_id)


def training_queryset(member: Membership) -> QuerySet[Training]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return Training.objects.filter(organization_id=member.organization_id).prefetch_related("competences")


def get_training_for(member: Membership, training_id: Any) -> Training:
    return _get(training_queryset(member), training_id)


def participation_queryset(member: Membership) -> QuerySet[TrainingParticipation]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return TrainingParticipation.objects.filter(
        training__organization_id=member.organization_id
    ).select_related("membership__user", "training")


def get_participation_for(member: Membership, training_participation_id: Any) -> TrainingParticipation:
    return _get(participation_queryset(member), training_participation_id)


def check_queryset(member: Membership) -> QuerySet[EffectivenessCheck]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return EffectivenessCheck.objects.filter(training__organization_id=member.organization_id).select_related(
        "assessed_by__user", "training"
    )


def get_check_for(member: Membership, effectiveness_check_id: Any) -> EffectivenessCheck:
    return _get(check_queryset(member), effectiveness_check_id)


def certificate_queryset(member: Membership) -> QuerySet[Certificate]:
    require_or_404(member, C.VIEW_COMPETENCE)
    return Certificate.objects.filter(organization_id=member.organization_id).select_related(
        "membership__user", "competence", "training"
    )


def get_certificate_for(member: Membership, certificate_id: Any) -> Certificate:
    return _get(certificate_queryset(member), certificate_id)


def get_person_for(member: Membership, membership_id: Any) -> Membership:
    """A member of the organization whose certificates the caller may see."""
    require_or_404(member, C.VIEW_COMPETENCE)
    return _get(
        Membership.objects.filter(organization_id=member.organization_id).select_related("user"),
        membership_id,
    )
