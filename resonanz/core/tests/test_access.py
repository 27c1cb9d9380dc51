"""The access helpers of the core app: everything outside the caller's organization is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from resonanz.core import actions
from resonanz.core.access import get_api_token_for, get_audit_record_for, get_member, get_membership_for
from resonanz.core.models import ApiToken, AuditRecord, Membership, Organization
from resonanz.core.roles import Capability, Role
from resonanz.core.tests.factories import make_member

GARBAGE_IDS: list[Any] = [2**63, 2**64 + 1, -1, 0, "abc", "1 OR 1=1", "", None, "1.5", [1]]


@pytest.fixture
def admin(org: Organization) -> Membership:
    return make_member(org, [Role.ADMIN])


@pytest.fixture
def stranger(other_org: Organization) -> Membership:
    return make_member(other_org, [Role.ADMIN])


def _deactivated(admin: Membership, roles: list[str]) -> Membership:
    member = make_member(admin.organization, roles)
    actions.set_member_active(admin, member, False)
    return Membership.objects.get(pk=member.pk)


# ---------------------------------------------------------------- get_member


def test_get_member_finds_the_users_own_active_membership(admin: Membership) -> None:
    assert get_member(admin.user, admin.organization.slug) == admin


def test_get_member_refuses_other_organizations(admin: Membership, stranger: Membership) -> None:
    with pytest.raises(Http404):
        get_member(admin.user, stranger.organization.slug)


def test_get_member_refuses_an_inactive_membership(admin: Membership) -> None:
    former = _deactivated(admin, [Role.ADMIN])
    with pytest.raises(Http404):
        get_member(former.user, admin.organization.slug)


@pytest.mark.parametrize("slug", ["gibt-es-nicht", "", "../admin", "x" * 500])
def test_get_member_refuses_unknown_short_names(admin: Membership, slug: str) -> None:
    with pytest.raises(Http404):
        get_member(admin.user, slug)


def test_get_member_refuses_anyone_signed_out(admin: Membership) -> None:
    with pytest.raises(Http404):
        get_member(AnonymousUser(), admin.organization.slug)  # type: ignore[arg-type]


# ---------------------------------------------------------------- get_membership_for


def test_get_membership_for_finds_members_of_the_same_organization(admin: Membership) -> None:
    colleague = make_member(admin.organization, [Role.BUDDY])
    assert get_membership_for(admin, colleague.pk, Capability.VIEW_MEMBERS) == colleague
    # An inactive colleague stays visible to whoever manages members: they may reactivate them.
    former = _deactivated(admin, [Role.BUDDY])
    assert get_membership_for(admin, former.pk, Capability.MANAGE_MEMBERS) == former


def test_get_membership_for_refuses_members_of_other_organizations(
    admin: Membership, stranger: Membership
) -> None:
    with pytest.raises(Http404):
        get_membership_for(admin, stranger.pk, Capability.VIEW_MEMBERS)


def test_get_membership_for_refuses_without_the_capability(admin: Membership) -> None:
    ambassador = make_member(admin.organization, [Role.AMBASSADOR])
    with pytest.raises(Http404):
        get_membership_for(ambassador, admin.pk, Capability.VIEW_MEMBERS)


def test_get_membership_for_refuses_a_caller_whose_membership_is_inactive(admin: Membership) -> None:
    former = _deactivated(admin, [Role.ADMIN])
    with pytest.raises(Http404):
        get_membership_for(former, admin.pk, Capability.VIEW_MEMBERS)


@pytest.mark.parametrize("garbage", GARBAGE_IDS)
def test_get_membership_for_refuses_garbage_ids(admin: Membership, garbage: Any) -> None:
    with pytest.raises(Http404):
        get_membership_for(admin, garbage, Capability.VIEW_MEMBERS)


# ---------------------------------------------------------------- get_audit_record_for


def test_get_audit_record_for_finds_records_of_the_own_organization(admin: Membership) -> None:
    record = AuditRecord.objects.filter(organization=admin.organization).first()
    assert record is not None
    assert get_audit_record_for(admin, record.pk) == record


def test_get_audit_record_for_refuses_records_of_other_organizations(
    admin: Membership, stranger: Membership
) -> None:
    foreign = AuditRecord.objects.filter(organization=stranger.organization).first()
    assert foreign is not None
    with pytest.raises(Http404):
        get_audit_record_for(admin, foreign.pk)


@pytest.mark.parametrize("role", [Role.AMBASSADOR, Role.WORKS_COUNCIL, Role.BUDDY])
def test_get_audit_record_for_refuses_roles_that_may_not_read_the_trail(
    admin: Membership, role: Role
) -> None:
    member = make_member(admin.organization, [role])
    record = AuditRecord.objects.filter(organization=admin.organization).first()
    assert record is not None
    with pytest.raises(Http404):
        get_audit_record_for(member, record.pk)


def test_get_audit_record_for_refuses_an_inactive_auditor(admin: Membership) -> None:
    former = _deactivated(admin, [Role.AUDITOR])
    record = AuditRecord.objects.filter(organization=admin.organization).first()
    assert record is not None
    with pytest.raises(Http404):
        get_audit_record_for(former, record.pk)


@pytest.mark.parametrize("garbage", GARBAGE_IDS)
def test_get_audit_record_for_refuses_garbage_ids(admin: Membership, garbage: Any) -> None:
    with pytest.raises(Http404):
        get_audit_record_for(admin, garbage)


# ---------------------------------------------------------------- get_api_token_for


def _token(member: Membership) -> ApiToken:
    token, _plain = actions.create_api_token(member, name="Skript", scope="read")
    return token


def test_get_api_token_for_finds_the_members_own_token(admin: Membership) -> None:
    token = _token(admin)
    assert get_api_token_for(admin, token.pk) == token


def test_get_api_token_for_refuses_tokens_of_other_organizations(
    admin: Membership, stranger: Membership
) -> None:
    with pytest.raises(Http404):
        get_api_token_for(admin, _token(stranger).pk)


def test_get_api_token_for_refuses_the_users_token_for_another_organization(
    admin: Membership, other_org: Organization
) -> None:
    """The same person in two organizations: a token belongs to one of them."""
    elsewhere = actions.add_member(None, other_org, email=admin.user.email, full_name="", roles=[Role.ADMIN])
    with pytest.raises(Http404):
        get_api_token_for(admin, _token(elsewhere).pk)


def test_get_api_token_for_refuses_a_colleagues_token_even_for_an_admin(admin: Membership) -> None:
    colleague = make_member(admin.organization, [Role.BUDDY])
    with pytest.raises(Http404):
        get_api_token_for(admin, _token(colleague).pk)


def test_get_api_token_for_refuses_a_caller_whose_membership_is_inactive(admin: Membership) -> None:
    member = make_member(admin.organization, [Role.BUDDY])
    token = _token(member)
    actions.set_member_active(admin, member, False)
    former = Membership.objects.get(pk=member.pk)
    with pytest.raises(Http404):
        get_api_token_for(former, token.pk)


@pytest.mark.parametrize("garbage", GARBAGE_IDS)
def test_get_api_token_for_refuses_garbage_ids(admin: Membership, garbage: Any) -> None:
    _token(admin)
    with pytest.raises(Http404):
        get_api_token_for(admin, garbage)
