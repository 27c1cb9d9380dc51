"""Connecting and disconnecting network accounts: the organization's and employees' own (DESIGN.md §8).

Company accounts are kept by those who may manage accounts; an employee connects their own account
(opt-in) and only they and the account managers see it. Connecting is two steps: the network is asked
first (log in, exchange a code), outside any transaction; ``save_account`` then stores what the network
confirmed, so it is the one place that writes an account and can be called in tests and seeds with a
profile made up front. Secrets are stored encrypted (``publishing.credentials``) and never shown, except
a webhook's signing secret, which is shown once when it is made.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import PostNetwork
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import Channel
from resonanz.publishing.account_access import require_may_change, require_may_connect
from resonanz.publishing.account_refusals import connection_refused
from resonanz.publishing.connectors import bluesky, linkedin, mastodon, webhook, x
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Outcome,
    Permanent,
    Profile,
    Transient,
)
from resonanz.publishing.credentials import Client, client_of, credentials_of, store_secrets
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount

C = Capability
logger = logging.getLogger(__name__)

BLUESKY_SERVER = "https://bsky.social"
MAX_HANDLE = 253
MAX_SECRET = 256
MAX_URL = 300  # NetworkAccount.base_url


class Revocation(enum.StrEnum):
    """What disconnecting did at the network."""

    REVOKED = "revoked"  # the token no longer works
    NOT_POSSIBLE = "not_possible"  # Bluesky app passwords and webhooks: the member removes them there
    FAILED = "failed"  # the network did not answer; the member should remove resonanz's access there


def _profile_url(url: str) -> str:
    return url[:500] if url.startswith("https://") else ""


@action(C.MANAGE_ACCOUNTS, C.TAKE_PART)
def save_account(
    member: Membership,
    *,
    kind: str,
    network: str,
    base_url: str,
    profile: Profile,
    secret: str,
    refresh_secret: str = "",
    expires_at: dt.datetime | None = None,
    client: Client | None = None,
    channel: Channel | None = None,
) -> NetworkAccount:
    """Store an account the network has just confirmed (``profile``); a second connect reconnects it."""
    require_may_connect(member, kind)
    if network not in PostNetwork.values:
        raise ActionRefused(_("This network is not supported."), field="network")
    identifier = profile.identifier.strip()[:300]
    if not identifier or len(base_url) > 300:
        raise ActionRefused(_("The network did not say which account this is."), code="no_identifier")
    personal = kind == AccountKind.PERSONAL
    now = timezone.now()
    try:
        with transaction.atomic():
            account = (
                NetworkAccount.objects.select_for_update()
                .filter(
                    organization_id=member.organization_id,
                    network=network,
                    base_url=base_url,
                    identifier=identifier,
                )
                .exclude(status=AccountStatus.DISCONNECTED)
                .first()
            )
            reconnect = account is not None
            if account is None:
                account = NetworkAccount(
                    organization=member.organization,
                    network=network,
                    kind=kind,
                    membership=member if personal else None,
                    base_url=base_url,
                    identifier=identifier,
                )
            elif account.kind != kind or (personal and account.membership_id != member.pk):
                raise ActionRefused(
                    _("This account is connected already by someone else in your organization."),
                    code="connected_elsewhere",
                )
            before = {"status": account.status} if reconnect else None
            store_secrets(
                account, secret=secret, refresh_secret=refresh_secret, expires_at=expires_at, client=client
            )
            account.display_name = profile.display_name.strip()[:300]
            account.profile_url = _profile_url(profile.url)
            account.status = AccountStatus.CONNECTED
            account.status_detail = ""
            account.connected_by = member
            account.connected_at = now
            account.last_verified_at = now
            account.expiry_reminded_at = None
            if profile.followers_count is not None:
                account.followers_count = profile.followers_count
                account.followers_counted_at = now
            if channel is not None and not personal:
                account.channel = channel
            account.save()
            audit.record(
                member.organization,
                member,
                "publishing.account_reconnected" if reconnect else "publishing.account_connected",
                account,
                before=before,
                after={
                    "network": network,
                    "kind": kind,
                    "base_url": base_url,
                    "identifier": identifier,
                    "display_name": account.display_name,
                    "channel": account.channel_id,
                    "token_expires_at": expires_at.isoformat() if expires_at else None,
                },
            )
    except IntegrityError:  # the same account connected at the same moment from elsewhere
        raise ActionRefused(
            _("This account is connected already by someone else in your organization."),
            code="connected_elsewhere",
        ) from None
    return account


def _server_url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return BLUESKY_SERVER
    try:
        return mastodon.instance_url(value)
    except Permanent:
        raise ActionRefused(
            _("Enter the server as an https address, e.g. https://bsky.social."), field="server"
        ) from None


@action(C.MANAGE_ACCOUNTS, C.TAKE_PART)
def connect_bluesky(
    member: Membership,
    *,
    kind: str,
    handle: str,
    app_password: str,
    server: str = BLUESKY_SERVER,
    channel: Channel | None = None,
) -> NetworkAccount:
    """Log in with a handle and an app password; store the account's DID, name and the app password."""
    require_may_connect(member, kind)
    handle = handle.strip().removeprefix("@") if isinstance(handle, str) else ""
    if not handle or len(handle) > MAX_HANDLE or any(character.isspace() for character in handle):
        raise ActionRefused(_("Enter your Bluesky handle, e.g. name.bsky.social."), field="handle")
    if not isinstance(app_password, str) or not app_password.strip() or len(app_password) > MAX_SECRET:
        raise ActionRefused(
            _("Enter an app password made in Bluesky's settings (not your account password)."),
            field="app_password",
        )
    base_url = _server_url(server)
    credentials = Credentials(
        network="bluesky", base_url=base_url, identifier=handle, secret=app_password.strip()
    )
    try:
        profile = bluesky.CONNECTOR.verify(credentials)
    except Outcome as outcome:
        raise connection_refused(outcome, "Bluesky") from None
    # The DID stays when the handle changes; the PDS logs in with either.
    return save_account(
        member,
        kind=kind,
        network=PostNetwork.BLUESKY,
        base_url=base_url,
        profile=profile,
        secret=credentials.secret,
        channel=channel,
    )


@action(C.MANAGE_ACCOUNTS)
def connect_webhook(
    member: Membership, *, url: str, channel: Channel | None = None
) -> tuple[NetworkAccount, str]:
    """Connect a company webhook; returns the account and its new signing secret, shown only now."""
    url = url.strip() if isinstance(url, str) else ""
    try:
        webhook.check_endpoint(url)
    except Permanent as refused:
        if refused.code == "private_address":
            message = _("This address points into a private network; resonanz does not send there.")
        else:
            message = _("Enter the receiver's address as an https URL.")
        raise ActionRefused(message, field="url", code=refused.code) from None
    except Transient:
        raise ActionRefused(
            _("This address cannot be found. Check the host name."), field="url", code="unresolved"
        ) from None
    if len(url) > MAX_URL:
        raise ActionRefused(
            _("The address has at most %(limit)s characters."), params={"limit": MAX_URL}, field="url"
        )
    secret = secrets.token_urlsafe(32)
    profile = webhook.CONNECTOR.verify(Credentials(network="webhook", base_url=url, secret=secret))
    account = save_account(
        member,
        kind=AccountKind.COMPANY,
        network=PostNetwork.WEBHOOK,
        base_url=url,
        profile=profile,
        secret=secret,
        channel=channel,
    )
    return account, secret


def _revoke(account: NetworkAccount) -> Revocation:
    """Ask the network to end the token; never raises (disconnecting must work when it is down)."""
    if account.network in (PostNetwork.BLUESKY, PostNetwork.WEBHOOK) or not account.secret_encrypted:
        return Revocation.NOT_POSSIBLE
    try:
        credentials = credentials_of(account)
        if account.network == PostNetwork.MASTODON:
            client = client_of(account)
            if client is None:
                return Revocation.FAILED
            mastodon.revoke(credentials, client.client_id, client.client_secret)
        elif account.network == PostNetwork.LINKEDIN:
            linkedin.revoke(
                settings.RESONANZ_LINKEDIN_CLIENT_ID,
                settings.RESONANZ_LINKEDIN_CLIENT_SECRET,
                credentials.secret,
                base=settings.RESONANZ_LINKEDIN_OAUTH_BASE,
            )
        elif account.network == PostNetwork.X:
            x.revoke(
                settings.RESONANZ_X_CLIENT_ID,
                credentials.secret,
                client_secret=settings.RESONANZ_X_CLIENT_SECRET,
                api_base=account.base_url or settings.RESONANZ_X_API_BASE,
            )
        else:
            return Revocation.NOT_POSSIBLE
    except AuthExpired:
        return Revocation.REVOKED  # the token was dead already
    except (Outcome, ValueError) as error:
        logger.warning("revoking the token of account %s failed: %s", account.pk, type(error).__name__)
        return Revocation.FAILED
    return Revocation.REVOKED


@action(C.MANAGE_ACCOUNTS, C.TAKE_PART)
def disconnect_account(member: Membership, account: NetworkAccount) -> Revocation:
    """Revoke the token where the network allows it, then forget every secret of the account."""
    require_may_change(member, account)
    if account.status == AccountStatus.DISCONNECTED:
        raise ActionRefused(_("This account is disconnected already."), code="disconnected_already")
    revocation = _revoke(account)  # a network call: outside the transaction
    with transaction.atomic():
        locked = NetworkAccount.objects.select_for_update().get(pk=account.pk)
        before = {"status": locked.status}
        locked.status = AccountStatus.DISCONNECTED
        locked.status_detail = ""
        # Kept only while connected (purposes.WHILE_CONNECTED): the secrets go now.
        locked.secret_encrypted = locked.refresh_encrypted = locked.client_encrypted = ""
        locked.token_expires_at = None
        locked.save(
            update_fields=[
                "status",
                "status_detail",
                "secret_encrypted",
                "refresh_encrypted",
                "client_encrypted",
                "token_expires_at",
            ]
        )
        audit.record(
            locked.organization,
            member,
            "publishing.account_disconnected",
            locked,
            before=before,
            after={"status": locked.status, "revocation": revocation.value},
        )
    account.status = locked.status
    account.secret_encrypted = account.refresh_encrypted = account.client_encrypted = ""
    return revocation
