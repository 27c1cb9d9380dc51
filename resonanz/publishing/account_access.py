"""Who sees and changes which network accounts.

Outside the member's organization every account is a 404. Inside it, account managers
(MANAGE_ACCOUNTS) see the company accounts and every employee's own account; everyone else who takes
part sees only their own accounts, and another employee's own account is a 404 for them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused
from resonanz.core.guards import require, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.publishing.models import AccountKind, NetworkAccount

C = Capability
MAX_LISTED = 500


def account_queryset(member: Membership) -> QuerySet[NetworkAccount]:
    accounts = NetworkAccount.objects.filter(organization_id=member.organization_id).select_related(
        "channel", "membership__user"
    )
    if member.can(C.MANAGE_ACCOUNTS):
        return accounts
    if member.can(C.TAKE_PART):
        return accounts.filter(kind=AccountKind.PERSONAL, membership=member)
    raise Http404


def get_account_for(member: Membership, account_id: Any) -> NetworkAccount:
    try:
        return account_queryset(member).get(pk=account_id)
    except (NetworkAccount.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def require_may_connect(member: Membership, kind: str) -> None:
    """Company accounts need MANAGE_ACCOUNTS; one's own account needs taking part (opt-in)."""
    if kind == AccountKind.COMPANY:
        require(member, C.MANAGE_ACCOUNTS)
    elif kind == AccountKind.PERSONAL:
        require(member, C.TAKE_PART)
    else:
        raise ActionRefused(_("Choose whether this is a company account or your own."), field="kind")


def require_may_change(member: Membership, account: NetworkAccount) -> None:
    """Account managers change every account; an employee only their own (others' are not found)."""
    same_organization(member, account.organization_id)
    if member.can(C.MANAGE_ACCOUNTS):
        return
    if account.kind != AccountKind.PERSONAL or account.membership_id != member.pk:
        raise Http404
