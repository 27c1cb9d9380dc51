"""Accounts whose access runs out: renewing X's short-lived tokens, marking dead ones expired, telling the
owner once, and the periodic check.

A dead token is only what the network says is one (``AuthExpired``); a network that is down or slow
(``Transient``) or an odd answer is not, and the account stays connected. The owner of a personal
account, else whoever connected a company account (or, if they left, the account managers) is told by
e-mail in their language, once: ``expiry_reminded_at`` is the claim, set in the same update that marks
the account, and cleared when the account is connected again. X grants access for two hours and a
refresh token that works once: the check renews the access shortly before it runs out and stores the new
refresh token at once (the check is the only place that renews, so two renewals cannot race).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from resonanz.content.models import PostNetwork
from resonanz.core import audit
from resonanz.core.guards import action, system_step
from resonanz.core.models import Membership
from resonanz.core.roles import CAPABILITIES, Capability
from resonanz.publishing.account_access import require_may_change
from resonanz.publishing.connectors import x
from resonanz.publishing.connectors.base import AuthExpired, Credentials, Outcome
from resonanz.publishing.connectors.oauth import Token
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.credentials import credentials_of, store_secrets
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount

C = Capability
logger = logging.getLogger(__name__)
WARN_BEFORE = dt.timedelta(days=7)  # tell the owner this long before a token runs out
VERIFY_EVERY = dt.timedelta(days=1)
RENEW_BEFORE = dt.timedelta(minutes=30)  # the check runs every 15 minutes
MAX_ACCOUNTS_PER_RUN = 200
MAX_RECIPIENTS = 20

_MANAGING_ROLES = [role.value for role, granted in CAPABILITIES.items() if C.MANAGE_ACCOUNTS in granted]


def _owners(account: NetworkAccount) -> list[Membership]:
    """Who must reconnect: the employee, else who connected it, else the account managers."""
    if account.kind == AccountKind.PERSONAL:
        members = Membership.objects.filter(pk=account.membership_id or 0, is_active=True)
    else:
        members = Membership.objects.filter(pk=account.connected_by_id or 0, is_active=True)
        members = members.filter(role_assignments__role__in=_MANAGING_ROLES)
        if not members.exists():
            members = Membership.objects.filter(
                organization_id=account.organization_id,
                is_active=True,
                role_assignments__role__in=_MANAGING_ROLES,
            )
    return list(members.select_related("user", "organization").distinct().order_by("pk")[:MAX_RECIPIENTS])


def _tell_owners(account_id: int, expired: bool) -> None:
    account = NetworkAccount.objects.select_related("organization").filter(pk=account_id).first()
    if account is None:
        return
    link = settings.SITE_URL + reverse("publishing_accounts:accounts", args=[account.organization.slug])
    for member in _owners(account):
        user = member.user
        context = {
            "account": account,
            "name": user.full_name or user.email,
            "link": link,
            "organization": account.organization,
            "expired": expired,
        }
        try:
            with translation.override(user.language or account.organization.default_language):
                subject = render_to_string("publishing/email/account_expiry_subject.txt", context).strip()
                body = render_to_string("publishing/email/account_expiry.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            logger.exception("the expiry notice for account %s could not be sent", account_id)


@action(C.MANAGE_ACCOUNTS, C.TAKE_PART, system=True)
def mark_account_expired(
    member: Membership | None, account: NetworkAccount, *, code: str = "auth_expired"
) -> bool:
    """The network no longer accepts the account's access: expired, the owner told once; False if it was
    not connected (expired or disconnected already)."""
    if member is not None:
        require_may_change(member, account)
    now = timezone.now()
    with transaction.atomic():
        locked = NetworkAccount.objects.select_for_update().select_related("organization").get(pk=account.pk)
        if locked.status != AccountStatus.CONNECTED:
            return False
        tell = locked.expiry_reminded_at is None
        locked.status = AccountStatus.EXPIRED
        locked.status_detail = str(code)[:300]
        locked.expiry_reminded_at = now
        locked.save(update_fields=["status", "status_detail", "expiry_reminded_at"])
        audit.record(
            locked.organization,
            member,
            "publishing.account_expired",
            locked,
            before={"status": AccountStatus.CONNECTED},
            after={"status": AccountStatus.EXPIRED, "reason": locked.status_detail, "owner_told": tell},
        )
        if tell:
            transaction.on_commit(lambda: _tell_owners(locked.pk, expired=True))
    account.status = locked.status
    return True


def _warn_before_expiry(account: NetworkAccount, now: dt.datetime) -> bool:
    """Tell the owner once that the token runs out soon (networks without refresh: LinkedIn)."""
    if account.refresh_encrypted:
        return False  # renewed without the owner
    with transaction.atomic():
        claimed = NetworkAccount.objects.filter(
            pk=account.pk, status=AccountStatus.CONNECTED, expiry_reminded_at__isnull=True
        ).update(expiry_reminded_at=now)
        if not claimed:
            return False
        audit.record(
            account.organization,
            None,
            "publishing.account_expiry_reminder_sent",
            account,
            after={
                "token_expires_at": account.token_expires_at.isoformat() if account.token_expires_at else None
            },
        )
        transaction.on_commit(lambda: _tell_owners(account.pk, expired=False))
    return True


@action(C.MANAGE_ACCOUNTS, system=True)
def renew_account_token(member: Membership | None, account: NetworkAccount, token: Token) -> bool:
    """Store a renewed token (the refresh token rotates); False when the account is no longer connected."""
    if member is not None:
        require_may_change(member, account)
    with transaction.atomic():
        locked = NetworkAccount.objects.select_for_update().select_related("organization").get(pk=account.pk)
        if locked.status != AccountStatus.CONNECTED:
            return False
        before = {
            "token_expires_at": locked.token_expires_at.isoformat() if locked.token_expires_at else None
        }
        fields = store_secrets(
            locked, secret=token.access_token, refresh_secret=token.refresh_token, expires_at=token.expires_at
        )
        locked.save(update_fields=fields)
        audit.record(
            locked.organization,
            member,
            "publishing.account_token_renewed",
            locked,
            before=before,
            after={"token_expires_at": token.expires_at.isoformat() if token.expires_at else None},
        )
    return True


def _renewed(account: NetworkAccount, credentials: Credentials, now: dt.datetime) -> Credentials:
    """X's credentials renewed when they run out soon; raises AuthExpired when the refresh is refused."""
    expires = credentials.expires_at
    if account.network != PostNetwork.X or not credentials.refresh_secret:
        return credentials
    if expires is not None and expires > now + RENEW_BEFORE:
        return credentials
    token = x.refresh(
        settings.RESONANZ_X_CLIENT_ID,
        credentials.refresh_secret,
        client_secret=settings.RESONANZ_X_CLIENT_SECRET,
        api_base=account.base_url or settings.RESONANZ_X_API_BASE,
    )
    renew_account_token(None, account, token)
    return credentials_of(NetworkAccount.objects.get(pk=account.pk))


@system_step
def check_account(account: NetworkAccount, now: dt.datetime) -> str:
    """Verify one connected account with its network; what happened: ok, expired, warned or unreachable."""
    try:
        credentials = credentials_of(account)
    except ValueError:  # encrypted with a key that is gone: only a reconnect helps
        mark_account_expired(None, account, code="key_lost")
        return "expired"
    try:
        credentials = _renewed(account, credentials, now)
        profile = connector_for(account.network).verify(credentials)
    except AuthExpired as outcome:
        mark_account_expired(None, account, code=outcome.code)
        return "expired"
    except Outcome:  # down, slow, rate-limited, odd: not a dead token
        return "unreachable"
    counted = (
        {"followers_count": profile.followers_count, "followers_counted_at": now}
        if profile.followers_count is not None
        else {}
    )
    NetworkAccount.objects.filter(pk=account.pk).update(last_verified_at=now, **counted)
    soon = account.token_expires_at is not None and account.token_expires_at <= now + WARN_BEFORE
    if soon and _warn_before_expiry(account, now):
        return "warned"
    return "ok"


@system_step
def check_accounts(now: dt.datetime | None = None) -> dict[str, int]:
    """Check the connected accounts not verified in the last day or whose token runs out soon."""
    now = now or timezone.now()
    due = (
        NetworkAccount.objects.filter(status=AccountStatus.CONNECTED)
        .exclude(network=PostNetwork.WEBHOOK)
        .filter(
            Q(last_verified_at__isnull=True)
            | Q(last_verified_at__lte=now - VERIFY_EVERY)
            | Q(
                token_expires_at__lte=now + WARN_BEFORE, expiry_reminded_at__isnull=True, refresh_encrypted=""
            )
            | Q(network=PostNetwork.X, token_expires_at__lte=now + RENEW_BEFORE)
        )
        .select_related("organization")
        .order_by("last_verified_at", "pk")[:MAX_ACCOUNTS_PER_RUN]
    )
    counts: dict[str, int] = {}
    for account in due:
        result = check_account(account, now)
        counts[result] = counts.get(result, 0) + 1
    return counts
