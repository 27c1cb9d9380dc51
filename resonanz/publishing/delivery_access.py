"""Access helpers of the delivery pages: deliveries, and the accounts a member may schedule to.

Anything outside the member's organization is a 404. Inside it, those who read content see every
delivery; the accounts offered for scheduling are the connected company accounts and the member's
own personal accounts (``schedule_post`` checks the same again).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.publishing.models import AccountKind, AccountStatus, Delivery, NetworkAccount

MAX_LISTED = 200
MAX_ACCOUNTS_OFFERED = 200


def delivery_queryset(member: Membership) -> QuerySet[Delivery]:
    require_or_404(member, Capability.VIEW_CONTENT)
    return Delivery.objects.filter(organization_id=member.organization_id).select_related(
        "organization", "post", "account"
    )


def get_delivery_for(member: Membership, delivery_id: Any) -> Delivery:
    try:
        return delivery_queryset(member).get(pk=delivery_id)
    except (Delivery.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def schedulable_accounts(member: Membership) -> QuerySet[NetworkAccount]:
    return (
        NetworkAccount.objects.filter(organization_id=member.organization_id, status=AccountStatus.CONNECTED)
        .filter(Q(kind=AccountKind.COMPANY) | Q(kind=AccountKind.PERSONAL, membership=member))
        .order_by("network", "display_name", "pk")
    )
