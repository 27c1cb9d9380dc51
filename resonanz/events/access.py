"""Access helpers of the events app: the only way views and API handlers reach its objects.

Anything outside the member's organization is a 404. Events and published policies are for everyone
who takes part or runs the programme; a person sees their own registrations, the programme manager
everyone's; drafts of policies only those who write them; acknowledgements per person only those who
see competence records (and each person their own).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.events.models import Event, PolicyDocument, Registration

M = TypeVar("M", bound=models.Model)
_MISSES = (ValueError, TypeError, OverflowError)

# Who sees the events at all: those who take part and those who run them.
EVENT_READERS = (Capability.TAKE_PART, Capability.MANAGE_PROGRAM)
# Who reads policies: everyone asked to acknowledge them, and those who write or check them.
POLICY_READERS = (Capability.TAKE_PART, Capability.MANAGE_COMPETENCE, Capability.VIEW_COMPETENCE)


def can_any(member: Membership, capabilities: tuple[Capability, ...]) -> bool:
    return any(member.can(capability) for capability in capabilities)


def _require_any(member: Membership, capabilities: tuple[Capability, ...]) -> None:
    if not can_any(member, capabilities):
        raise Http404


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, *_MISSES):
        raise Http404 from None


def event_queryset(member: Membership) -> QuerySet[Event]:
    _require_any(member, EVENT_READERS)
    return Event.objects.filter(organization_id=member.organization_id)


def get_event_for(member: Membership, event_id: Any, capability: Capability | None = None) -> Event:
    if capability is not None and not member.can(capability):
        raise Http404
    return _get(event_queryset(member), event_id)


def registration_queryset(member: Membership) -> QuerySet[Registration]:
    """The member's own registrations; everyone's for the programme manager."""
    _require_any(member, EVENT_READERS)
    registrations = Registration.objects.filter(event__organization_id=member.organization_id).select_related(
        "event", "membership__user"
    )
    if not member.can(Capability.MANAGE_PROGRAM):
        registrations = registrations.filter(membership=member)
    return registrations


def get_registration_for(member: Membership, registration_id: Any) -> Registration:
    return _get(registration_queryset(member), registration_id)


def policy_queryset(member: Membership) -> QuerySet[PolicyDocument]:
    """Published policies; drafts too for those who write them."""
    _require_any(member, POLICY_READERS)
    documents = PolicyDocument.objects.filter(organization_id=member.organization_id)
    if not member.can(Capability.MANAGE_COMPETENCE):
        documents = documents.filter(published_at__isnull=False)
    return documents


def get_policy_document_for(
    member: Membership, policy_document_id: Any, capability: Capability | None = None
) -> PolicyDocument:
    if capability is not None and not member.can(capability):
        raise Http404
    return _get(policy_queryset(member), policy_document_id)


def pending_policies(member: Membership) -> QuerySet[PolicyDocument]:
    """Published, current (not replaced by a published newer version) and not yet acknowledged by member."""
    return (
        PolicyDocument.objects.filter(organization_id=member.organization_id, published_at__isnull=False)
        .exclude(superseded_by__published_at__isnull=False)
        .exclude(acknowledgements__membership=member)
    )
