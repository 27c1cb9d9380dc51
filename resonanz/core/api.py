"""API endpoints of the core app: me, organizations, memberships and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from resonanz.api_auth import member_of
from resonanz.api_input import InputSchema, IsoDateTime, Pagination, PatchSchema
from resonanz.core import actions, audit_filter
from resonanz.core.access import (
    audit_queryset,
    get_audit_record_for,
    get_invitation_for,
    get_membership_for,
    invitation_queryset,
    member_queryset,
)
from resonanz.core.actions import invitations as invitation_actions
from resonanz.core.http import ApiRequest
from resonanz.core.models import AuditRecord, Invitation, InvitationStatus, Membership, Organization
from resonanz.core.roles import Capability, Role

router = Router(tags=["core"])


class OrganizationOut(Schema):
    slug: str
    name: str
    time_zone: str
    default_language: str
    require_two_factor: bool


class OrganizationPatch(PatchSchema):
    nullable = frozenset()

    name: str | None = Field(None, min_length=1, max_length=200)
    time_zone: str | None = Field(None, min_length=1, max_length=64, examples=["Europe/Berlin"])
    default_language: str | None = Field(None, pattern="^(de|en)$")
    require_two_factor: bool | None = Field(None)


class MembershipOut(Schema):
    id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name", description="The name shown, with the title")
    title: str = Field(..., alias="user.title")
    given_name: str = Field(
        ..., alias="user.given_name", description="Empty for a display name without parts"
    )
    family_name: str = Field(..., alias="user.family_name")
    roles: list[str]
    is_active: bool
    job_title: str
    unit: str
    location: str

    @staticmethod
    def resolve_roles(obj: Membership) -> list[str]:
        return sorted(obj.roles)


class MembershipIn(InputSchema):
    email: str = Field(
        ...,
        min_length=3,
        max_length=254,
        examples=["erika.muster@example.com"],
        json_schema_extra={"format": "email"},
    )
    roles: list[Role] = Field(..., min_length=1, max_length=8)
    job_title: str = Field("", max_length=150)
    unit: str = Field("", max_length=150)
    location: str = Field("", max_length=150)

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        value = value.strip()
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Enter a valid e-mail address.")) from None
        # Lower-casing can lengthen a string ("İ" becomes two characters); the column holds 254.
        if len(value.lower()) > 254:
            raise ValueError(_("Enter a valid e-mail address."))
        return value


class InvitationOut(Schema):
    """An invitation as the organization sees it: the address it typed and the status, nothing else."""

    id: int
    email: str
    roles: list[str]
    status: str = Field(..., description="pending, accepted, declined, revoked or expired.")
    created_at: dt.datetime
    expires_at: dt.datetime

    @staticmethod
    def resolve_status(obj: Invitation) -> str:
        return InvitationStatus.EXPIRED.value if obj.status == "pending" and not obj.is_open() else obj.status


class MembershipPatch(PatchSchema):
    nullable = frozenset()

    roles: list[Role] | None = Field(None, min_length=1, max_length=8)
    is_active: bool | None = Field(None)


class MeOut(Schema):
    email: str
    full_name: str
    title: str
    given_name: str
    family_name: str
    language: str
    organization: OrganizationOut
    membership_id: int
    roles: list[str]
    capabilities: list[str]
    token_scope: str


class AuditRecordOut(Schema):
    id: int
    seq: int
    created_at: dt.datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any = None
    after: Any = None
    request_id: str
    job_id: str
    prev_hash: str
    hash: str


class AuditFilter(Schema):
    action: str | None = Field(
        None,
        max_length=100,
        description="Only records whose action code, or its name in German or English, contains this.",
    )
    object_type: str | None = Field(
        None,
        max_length=100,
        description="Only records whose object type, or its name in German or English, contains this.",
    )
    object_id: str | None = Field(
        None, max_length=64, description="Only records about the object with this id (with object_type)."
    )
    actor: str | None = Field(
        None, max_length=200, description="Only records whose actor's name contains this."
    )
    since: IsoDateTime | None = Field(
        None,
        description="Records written at or after this time (the organization's time zone if none is given).",
    )
    until: IsoDateTime | None = Field(None, description="Records written before this time.")


def _organization(organization: Organization) -> dict[str, Any]:
    return {
        "slug": organization.slug,
        "name": organization.name,
        "time_zone": organization.time_zone,
        "default_language": organization.default_language,
        "require_two_factor": organization.require_two_factor,
    }


def _aware(value: dt.datetime, organization: Organization) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value, organization.zone)


@router.get("/me", response=MeOut, summary="The calling user and membership")
def me(request: ApiRequest) -> dict[str, Any]:
    member = member_of(request, Capability.USE_API)
    return {
        "email": member.user.email,
        "full_name": member.user.full_name,
        "title": member.user.title,
        "given_name": member.user.given_name,
        "family_name": member.user.family_name,
        "language": member.user.language,
        "organization": _organization(member.organization),
        "membership_id": member.pk,
        "roles": sorted(member.roles),
        "capabilities": sorted(member.capabilities),
        "token_scope": request.token.scope,
    }


@router.get("/organizations", response=list[OrganizationOut], summary="The token's organization, as a list")
def list_organizations(request: ApiRequest) -> list[dict[str, Any]]:
    member = member_of(request, Capability.USE_API)
    return [_organization(member.organization)]


@router.get("/organizations/current", response=OrganizationOut, summary="The token's organization")
def get_organization(request: ApiRequest) -> dict[str, Any]:
    return _organization(member_of(request, Capability.USE_API).organization)


@router.patch(
    "/organizations/current", response=OrganizationOut, summary="Change the organization's settings"
)
def patch_organization(request: ApiRequest, payload: OrganizationPatch) -> dict[str, Any]:
    member = member_of(request, Capability.MANAGE_ORGANIZATION)
    changes = payload.dict(exclude_unset=True)
    current = _organization(member.organization)
    changes = {field: value for field, value in changes.items() if current[field] != value}
    organization = actions.update_organization(member, **changes) if changes else member.organization
    return _organization(organization)


@router.get("/memberships", response=list[MembershipOut], summary="Members of the organization")
@paginate(Pagination)
def list_memberships(request: ApiRequest) -> Any:
    member = member_of(request, Capability.VIEW_MEMBERS)
    return member_queryset(member).order_by("pk")


@router.post(
    "/memberships",
    response={202: InvitationOut},
    summary="Invite a person to the organization",
    description=(
        "Sends the address an invitation naming the organization; the person becomes a member by "
        "accepting it. The answer is the same whether or not the address has an account."
    ),
)
def create_membership(request: ApiRequest, payload: MembershipIn) -> Status[Invitation]:
    member = member_of(request, Capability.MANAGE_MEMBERS)
    data = payload.dict()
    data["roles"] = [str(role.value) for role in payload.roles]
    return Status(202, invitation_actions.invite_member(member, **data))


@router.get("/invitations", response=list[InvitationOut], summary="The organization's invitations")
@paginate(Pagination)
def list_invitations(request: ApiRequest) -> Any:
    return invitation_queryset(member_of(request, Capability.MANAGE_MEMBERS)).order_by("-created_at", "-pk")


@router.delete(
    "/invitations/{invitation_id}", response=InvitationOut, summary="Withdraw an unanswered invitation"
)
def revoke_invitation(request: ApiRequest, invitation_id: int) -> Invitation:
    member = member_of(request, Capability.MANAGE_MEMBERS)
    return invitation_actions.revoke_invitation(member, get_invitation_for(member, invitation_id))


@router.get("/memberships/{membership_id}", response=MembershipOut, summary="One member")
def get_membership(request: ApiRequest, membership_id: int) -> Membership:
    member = member_of(request, Capability.VIEW_MEMBERS)
    return get_membership_for(member, membership_id, Capability.VIEW_MEMBERS)


@router.patch(
    "/memberships/{membership_id}", response=MembershipOut, summary="Change a member's roles or activity"
)
def patch_membership(request: ApiRequest, membership_id: int, payload: MembershipPatch) -> Membership:
    member = member_of(request, Capability.MANAGE_MEMBERS)
    target = get_membership_for(member, membership_id, Capability.MANAGE_MEMBERS)
    # Both changes or neither: a refused deactivation must not leave the new roles behind.
    with transaction.atomic():
        if payload.roles is not None:
            roles = sorted({str(role.value) for role in payload.roles})
            if roles != sorted(target.roles):
                actions.set_member_roles(member, target, roles)
        if payload.is_active is not None:
            actions.set_member_active(member, target, payload.is_active)
    return get_membership_for(member, membership_id, Capability.VIEW_MEMBERS)


@router.get("/audit-records", response=list[AuditRecordOut], summary="The organization's audit trail")
@paginate(Pagination)
def list_audit_records(request: ApiRequest, filters: Query[AuditFilter]) -> Any:
    member = member_of(request, Capability.VIEW_AUDIT)
    organization = member.organization
    wanted = audit_filter.AuditFilter(
        action=filters.action or "",
        actor=filters.actor or "",
        object_type=filters.object_type or "",
        object_id=filters.object_id or "",
        since=_aware(filters.since, organization) if filters.since else None,
        until=_aware(filters.until, organization) if filters.until else None,
    )
    return audit_filter.filter_records(audit_queryset(member), wanted).order_by("seq")


@router.get("/audit-records/{audit_record_id}", response=AuditRecordOut, summary="One audit record")
def get_audit_record(request: ApiRequest, audit_record_id: int) -> AuditRecord:
    member = member_of(request, Capability.VIEW_AUDIT)
    return get_audit_record_for(member, audit_record_id)
