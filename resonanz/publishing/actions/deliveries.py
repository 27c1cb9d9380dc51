"""Scheduling approved posts to network accounts, and what people do with deliveries afterwards.

``schedule_post`` copies the approved text of the account's network into one delivery per account; the
worker (``resonanz.publishing.delivery``) sends it when due. Every change of a delivery's status here is
a conditional UPDATE on the status it expects, so a click that comes after the worker (or a second tab)
changes nothing and is refused with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import Post, PostVariant
from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import member_name
from resonanz.publishing.evidence import link_published
from resonanz.publishing.models import AccountKind, AccountStatus, Delivery, DeliveryStatus, NetworkAccount

MAX_ACCOUNTS = 20
DELIVERY_FIELDS = ("post", "account", "network", "revision", "due_at", "status", "attempts")

_NOT_SCHEDULED = _("This delivery is no longer scheduled; it cannot be changed now.")
_NOT_CANCELLABLE = _("This delivery is being sent or was sent already; it cannot be cancelled.")


def _record(member: Membership, delivery: Delivery, name: str, before: dict[str, Any]) -> None:
    after = audit.snapshot(delivery, DELIVERY_FIELDS)
    audit.record(delivery.organization, member, name, delivery, before=before, after=after)


def _due(due_at: Any) -> dt.datetime:
    if not isinstance(due_at, dt.datetime) or timezone.is_naive(due_at):
        raise ActionRefused(_("Give the time with its time zone."), field="due_at")
    refuse_far_date(due_at, "due_at")
    return max(due_at, timezone.now())  # due in the past: as soon as possible


def _usable_account(member: Membership, account: NetworkAccount) -> NetworkAccount:
    fresh = NetworkAccount.objects.get(pk=account.pk)
    same_organization(member, fresh.organization_id)
    if fresh.kind == AccountKind.PERSONAL and fresh.membership_id != member.pk:
        raise ActionRefused(
            _("An employee's own account can only be used by that employee."),
            field="accounts",
            code="personal",
        )
    if fresh.status != AccountStatus.CONNECTED:
        raise ActionRefused(
            _("The account %(account)s is not connected."),
            params={"account": str(fresh)},
            field="accounts",
            code="not_connected",
        )
    return fresh


@action(Capability.SCHEDULE_POSTS)
def schedule_post(
    member: Membership, post: Post, accounts: Sequence[NetworkAccount], due_at: dt.datetime
) -> list[Delivery]:
    """Schedule the approved post to each account at ``due_at`` (a time in the past means now)."""
    accounts = list(dict.fromkeys(accounts))
    if not accounts:
        raise ActionRefused(_("Choose at least one account."), field="accounts")
    if len(accounts) > MAX_ACCOUNTS:
        raise ActionRefused(
            _("Choose at most %(limit)s accounts at once."), params={"limit": MAX_ACCOUNTS}, field="accounts"
        )
    due = _due(due_at)
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
        same_organization(member, locked.organization_id)
        if not locked.is_approved:
            raise ActionRefused(_("Only an approved post can be scheduled."), code="not_approved")
        texts = dict(PostVariant.objects.filter(post=locked).values_list("network", "text"))
        deliveries = []
        for account in accounts:
            usable = _usable_account(member, account)
            if usable.network not in texts:
                raise ActionRefused(
                    _("The post has no approved text for %(network)s."),
                    params={"network": usable.get_network_display()},
                    field="accounts",
                    code="no_variant",
                )
            delivery = _new_delivery(
                member,
                locked,
                usable,
                revision=locked.revision,
                text=texts[usable.network],
                due=due,
                event="publishing.delivery_scheduled",
                field="accounts",
            )
            deliveries.append(delivery)
    return deliveries


def _new_delivery(
    member: Membership,
    post: Post,
    account: NetworkAccount,
    *,
    revision: int,
    text: str,
    due: dt.datetime,
    event: str,
    field: str,
) -> Delivery:
    """Store one scheduled delivery of ``text`` to ``account`` with its audit record (``event``), inside
    the caller's transaction with the post locked; refused when the post is already scheduled there."""
    delivery = Delivery(
        organization=post.organization,
        post=post,
        account=account,
        network=account.network,
        revision=revision,
        text=text,
        due_at=due,
        scheduled_by=member,
        scheduled_by_name=member_name(member),
    )
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        raise ActionRefused(
            _("The post is already scheduled to %(account)s."),
            params={"account": str(account)},
            field=field,
            code="scheduled_already",
        ) from None
    _record(member, delivery, event, {})
    return delivery


def _change(
    member: Membership,
    delivery: Delivery,
    expected: tuple[str, ...],
    changes: dict[str, Any],
    name: str,
    refusal: Any,
) -> Delivery:
    """Apply ``changes`` if the delivery is still in an ``expected`` status; record it; else refuse."""
    with transaction.atomic():
        fresh = Delivery.objects.select_related("organization").get(pk=delivery.pk)
        same_organization(member, fresh.organization_id)
        before = audit.snapshot(fresh, DELIVERY_FIELDS)
        changed = Delivery.objects.filter(pk=fresh.pk, status__in=expected).update(
            **changes, updated_at=timezone.now()
        )
        if changed != 1:
            raise ActionRefused(refusal, code="status_changed")
        fresh.refresh_from_db()
        _record(member, fresh, name, before)
    return fresh


@action(Capability.SCHEDULE_POSTS)
def cancel_delivery(member: Membership, delivery: Delivery) -> Delivery:
    """Cancel a delivery that has not been sent yet, or give up a failed one (the post may then be
    scheduled to that account again, e.g. after it was edited and approved anew)."""
    return _change(
        member,
        delivery,
        (DeliveryStatus.SCHEDULED, DeliveryStatus.FAILED),
        {"status": DeliveryStatus.CANCELLED, "next_attempt_at": None},
        "publishing.delivery_cancelled",
        _NOT_CANCELLABLE,
    )


@action(Capability.SCHEDULE_POSTS)
def reschedule_delivery(member: Membership, delivery: Delivery, due_at: dt.datetime) -> Delivery:
    """Move a scheduled delivery to another time."""
    due = _due(due_at)
    return _change(
        member,
        delivery,
        (DeliveryStatus.SCHEDULED,),
        {"due_at": due, "next_attempt_at": None},
        "publishing.delivery_rescheduled",
        _NOT_SCHEDULED,
    )


@action(Capability.SCHEDULE_POSTS)
def retry_delivery(member: Membership, delivery: Delivery) -> Delivery:
    """Send a failed delivery again, now, as a new series of attempts (the post must still be approved)."""
    post = Post.objects.get(pk=delivery.post_id)
    if not post.is_approved or post.revision != delivery.revision:
        raise ActionRefused(
            _("The post is no longer approved in the scheduled revision; schedule it again once approved."),
            code="not_approved",
        )
    account = NetworkAccount.objects.get(pk=delivery.account_id)
    if account.status != AccountStatus.CONNECTED:
        raise ActionRefused(_("Reconnect the account first."), code="not_connected")
    return _change(
        member,
        delivery,
        (DeliveryStatus.FAILED,),
        {
            "status": DeliveryStatus.SCHEDULED,
            "due_at": timezone.now(),
            "next_attempt_at": None,
            "attempts": 0,
            "failure_code": "",
            "failure_detail": "",
        },
        "publishing.delivery_retried",
        _("Only a failed delivery can be tried again."),
    )


@action(Capability.SCHEDULE_POSTS)
def resolve_delivery(member: Membership, delivery: Delivery, *, published: bool, url: str = "") -> Delivery:
    """Settle a delivery that needs attention: a person checked the network and found the post (with its
    address) or found that it is not there."""
    refusal = _("This delivery does not need attention (any more).")
    if not published:
        return _change(
            member,
            delivery,
            (DeliveryStatus.NEEDS_ATTENTION,),
            {"status": DeliveryStatus.FAILED, "failure_code": "not_published", "claim_token": None},
            "publishing.delivery_resolved",
            refusal,
        )
    address = _checked_url(url)
    resolved = _change(
        member,
        delivery,
        (DeliveryStatus.NEEDS_ATTENTION,),
        {
            "status": DeliveryStatus.PUBLISHED,
            "remote_url": address,
            "remote_id": delivery.remote_id or address,
            "published_at": timezone.now(),
            "claim_token": None,
            "failure_code": "",
        },
        "publishing.delivery_resolved",
        refusal,
    )
    link_published(resolved)
    return resolved


def _checked_url(url: Any) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    text = url.strip() if isinstance(url, str) else ""
    try:
        if len(text) > 1000:
            raise ValidationError("too long")
        URLValidator(schemes=["https", "http"])(text)
    except ValidationError:
        raise ActionRefused(
            _("Enter the address (https://…) where you found the post."), field="url", code="url"
        ) from None
    return text
