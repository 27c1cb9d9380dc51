"""Access helpers: the only way views and API handlers reach an organization's objects.

Everything outside the caller's organization is a 404, never a 403: an outsider learns nothing about
what exists. Inside the organization, a missing capability on a page is a 403 with an explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resonanz.core.guards import require
from resonanz.core.http import MemberRequest
from resonanz.core.models import ApiToken, AuditRecord, Invitation, Membership, Organization
from resonanz.core.roles import Capability

if TYPE_CHECKING:
    from resonanz.core.models import User

P = ParamSpec("P")
R = TypeVar("R")


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization", "user")
        .prefetch_related("role_assignments")
        .order_by("organization__name")
    )


def get_member(user: User, org_slug: str) -> Membership:
    """The user's active membership in the organization named by ``org_slug``, else 404."""
    if not user.is_authenticated:
        raise Http404
    member = memberships_of(user).filter(organization__slug=org_slug).first()
    if member is None:
        raise Http404
    return member


View = Callable[..., HttpResponseBase]


def org_view(capability: Capability) -> Callable[[View], View]:
    """Decorate a view under ``/o/<org>/``: sign-in, membership (else 404), then the capability (else 403).

    The view receives the membership as ``request.member``; the capability is kept on the view so the
    role matrix test can check every page against the capability table.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: MemberRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            member = get_member(request.user, org)
            request.member = member
            require(member, capability)
            if member.organization.require_two_factor and not request.user.has_two_factor:
                messages.warning(
                    request,
                    _("%(organization)s requires two-factor authentication. Please set it up first.")
                    % {"organization": member.organization.name},
                )
                return redirect(f"{reverse('security')}?next={request.path}")
            if request.user.last_organization_id != member.organization_id:
                # request.user is a lazy proxy; member.user is the real model instance.
                type(member.user).objects.filter(pk=member.user_id).update(
                    last_organization=member.organization
                )
            # Times on the organization's pages read in the organization's time zone.
            with timezone.override(member.organization.zone):
                return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return login_required(wrapped)

    return decorate


def member_queryset(member: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization_id=member.organization_id)
        .select_related("user")
        .prefetch_related("role_assignments")
    )


def get_membership_for(member: Membership, membership_id: int, capability: Capability) -> Membership:
    require_or_404(member, capability)
    try:
        return member_queryset(member).get(pk=membership_id)
    except (Membership.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def invitation_queryset(member: Membership) -> QuerySet[Invitation]:
    """The organization's invitations: only for those who manage members (the addresses are not
    members' data yet)."""
    require_or_404(member, Capability.MANAGE_MEMBERS)
    return Invitation.objects.filter(organization_id=member.organization_id)


def get_invitation_for(member: Membership, invitation_id: int) -> Invitation:
    try:
        return invitation_queryset(member).get(pk=invitation_id)
    except (Invitation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def audit_queryset(member: Membership) -> QuerySet[AuditRecord]:
    require_or_404(member, Capability.VIEW_AUDIT)
    return AuditRecord.objects.filter(organization_id=member.organization_id)


def get_audit_record_for(member: Membership, audit_record_id: int) -> AuditRecord:
    try:
        return audit_queryset(member).get(pk=audit_record_id)
    except (AuditRecord.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_api_token_for(member: Membership, api_token_id: int) -> ApiToken:
    """A token of the member's own, in this organization (nobody manages another person's tokens)."""
    if not member.is_active:
        raise Http404
    try:
        return ApiToken.objects.get(
            pk=api_token_id, user_id=member.user_id, organization_id=member.organization_id
        )
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def require_or_404(member: Membership, capability: Capability) -> None:
    if not member.can(capability):
        raise Http404


def get_organization_for(member: Membership) -> Organization:
    return member.organization
