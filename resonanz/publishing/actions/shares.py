"""Deliveries of posts that employees share from the share library to their own connected accounts.

``schedule_share`` is ``schedule_post`` for one employee and one account of their own: the text is the
employee's personalised text (checked by the caller, ``resonanz.advocacy``), the revision the approved one
the text was offered in. Everything after is publishing's as for any delivery: the worker claims the row
and sends it once, and an edit of the post holds it (``holds``). ``call_off_share_deliveries`` cancels
shares' deliveries that have not gone out, when the library withdraws the post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import Post
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.publishing.actions.deliveries import _due, _new_delivery, _usable_account
from resonanz.publishing.models import AccountKind, Delivery, DeliveryStatus, NetworkAccount


@action(Capability.SHARE_CONTENT)
def schedule_share(
    member: Membership,
    post: Post,
    account: NetworkAccount,
    *,
    text: str,
    revision: int,
    due_at: dt.datetime | None = None,
) -> Delivery:
    """One delivery of ``text`` to the member's own connected ``account``; the post must still be approved
    in ``revision``. Call inside the caller's transaction (the share library records the share with it)."""
    due = _due(due_at or timezone.now())
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
        same_organization(member, locked.organization_id)
        if not locked.is_approved or locked.revision != revision:
            raise ActionRefused(
                _("The post was changed after it was offered for sharing; it cannot be shared now."),
                code="not_approved",
            )
        usable = _usable_account(member, account)
        if usable.kind != AccountKind.PERSONAL or usable.membership_id != member.pk:
            raise ActionRefused(
                _("Share only to an account of your own."), field="account", code="not_own_account"
            )
        delivery = _new_delivery(
            member,
            locked,
            usable,
            revision=revision,
            text=text,
            due=due,
            event="publishing.share_scheduled",
            field="account",
        )
    return delivery


@action(Capability.MANAGE_LIBRARY)
def call_off_share_deliveries(member: Membership, deliveries: Sequence[Delivery]) -> int:
    """Cancel those of ``deliveries`` still scheduled (or held as failed); those being sent or sent stay
    as they are. Returns how many were called off."""
    called_off = 0
    with transaction.atomic():
        for delivery in deliveries:
            same_organization(member, delivery.organization_id)
            changed = Delivery.objects.filter(
                pk=delivery.pk, status__in=(DeliveryStatus.SCHEDULED, DeliveryStatus.FAILED)
            ).update(status=DeliveryStatus.CANCELLED, next_attempt_at=None, updated_at=timezone.now())
            if changed:
                called_off += 1
                audit.record(
                    member.organization,
                    member,
                    "publishing.delivery_cancelled",
                    delivery,
                    before={"status": delivery.status},
                    after={"status": DeliveryStatus.CANCELLED, "reason": "withdrawn_from_library"},
                )
    return called_off
