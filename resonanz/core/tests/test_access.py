"""The access helpers of the core app: everything outside the caller's organization is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from resonanz.core import actions
from resonanz.core.access import (
    get_api_token_for,
    get_audit_record_for,
    get_member,
    get_membership_for,
    org_view,
)
from resonanz.core.guards import require
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


def test_get_member_loads_the_organization_the_person_and_the_roles_at_once(admin: Membership) -> None:
    member = get_member(admin.user, admin.organization.slug)
    with CaptureQueriesContext(connection) as queries:
        assert member.organization.name == "Muster GmbH"
        assert member.user.email
        assert member.roles == {Role.ADMIN}
    assert len(queries) == 0


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


# ---------------------------------------------------------------- require and org_view


def test_require_names_the_missing_capability(admin: Membership) -> None:
    """The API's 403 says which capability was missing; it reads it from the exception."""
    ambassador = make_member(admin.organization, [Role.AMBASSADOR])
    require(ambassador, Capability.VIEW_PLAN)
    with pytest.raises(PermissionDenied) as raised:
        require(ambassador, Capability.MANAGE_MEMBERS)
    assert raised.value.args == (Capability.MANAGE_MEMBERS,)


def _members_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.member.pk))  # type: ignore[attr-defined]


def test_org_view_keeps_its_capability_on_the_view_and_signs_in_first(admin: Membership) -> None:
    page = org_view(Capability.VIEW_MEMBERS)(_members_page)
    assert page.required_capability == Capability.VIEW_MEMBERS  # type: ignore[attr-defined]
    slug = admin.organization.slug

    signed_out = RequestFactory().get(f"/o/{slug}/members/")
    signed_out.user = AnonymousUser()
    response = page(signed_out, org=slug)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    signed_in = RequestFactory().get(f"/o/{slug}/members/")
    signed_in.user = admin.user
    response = page(signed_in, org=slug)
    assert isinstance(response, HttpResponse)
    assert response.status_code == 200
    assert response.content.decode() == str(admin.pk)

    ambassador = make_member(admin.organization, [Role.AMBASSADOR])
    signed_in.user = ambassador.user
    with pytest.raises(PermissionDenied):
        page(signed_in, org=slug)


# ---------------------------------------------------------------- get_membership_for


def test_get_membership_for_finds_members_of_the_same_organization(admin: Membership) -> None:
    colleague = make_member(admin.organization, [Role.BUDDY])
    assert get_membership_for(admin, colleague.pk, Capability.VIEW_MEMBERS) == colleague
    # An inactive colleague stays visible to whoever manages members: they may reactivate them.
    former = _deactivated(admin, [Role.BUDDY])
    assert get_membership_for(admin, former.pk, Capability.MANAGE_MEMBERS) == former


def test_get_membership_for_loads_the_person_and_the_roles_at_once(admin: Membership) -> None:
    colleague = make_member(admin.organization, [Role.BUDDY, Role.AMBASSADOR])
    found = get_membership_for(admin, colleague.pk, Capability.VIEW_MEMBERS)
    with CaptureQueriesContext(connection) as queries:
        assert found.user.email == colleague.user.email
        assert found.roles == {Role.BUDDY, Role.AMBASSADOR}
    assert len(queries) == 0


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
