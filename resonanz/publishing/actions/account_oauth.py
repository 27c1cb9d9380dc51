"""Connecting Mastodon, LinkedIn and X accounts by OAuth: start (where to send the member), finish (the
code they bring back, exchanged for a token, the account verified and stored with ``save_account``).

Mastodon registers resonanz once per instance; the client is kept, encrypted, with every account on that
instance and reused for the next member of the organization who connects there. X uses PKCE.
"""

from __future__ import annotations

import contextlib
import secrets
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import PostNetwork
from resonanz.core import crypto
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import Channel
from resonanz.publishing.account_access import require_may_connect
from resonanz.publishing.account_refusals import connection_refused
from resonanz.publishing.actions.accounts import save_account
from resonanz.publishing.connectors import linkedin, mastodon, x
from resonanz.publishing.connectors.base import Credentials, Outcome, Permanent, Profile
from resonanz.publishing.connectors.oauth import Token, new_pkce
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.credentials import Client, client_of
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount
from resonanz.publishing.oauth_flow import Pending

C = Capability
OAUTH_NETWORKS = {PostNetwork.MASTODON: "Mastodon", PostNetwork.LINKEDIN: "LinkedIn", PostNetwork.X: "X"}
MAX_CODE = 2000


def _not_set_up(name: str) -> ActionRefused:
    return ActionRefused(
        _("%(network)s is not set up on this server yet; ask your administrator."),
        params={"network": name},
        code="not_configured",
    )


def _mastodon_client(member: Membership, instance: str, redirect_uri: str) -> Client:
    """The organization's client at ``instance``, registered now if it has none yet, or none that was
    granted every scope resonanz asks for now (a client registered before ``read:notifications`` was
    added cannot be asked for it: Mastodon refuses scopes an app was not registered with)."""
    stored = (
        NetworkAccount.objects.filter(
            organization_id=member.organization_id, network=PostNetwork.MASTODON, base_url=instance
        )
        .exclude(status=AccountStatus.DISCONNECTED)
        .exclude(client_encrypted="")
        .order_by("-connected_at", "-pk")
        .first()
    )
    client = client_of(stored) if stored is not None else None
    if client is not None and set(mastodon.SCOPES) <= set(client.scopes.split()):
        return client
    try:
        client_id, client_secret = mastodon.register_app(instance, redirect_uri, website=settings.SITE_URL)
    except Outcome as outcome:
        raise connection_refused(outcome, "Mastodon") from None
    return Client(client_id, client_secret)


@action(C.MANAGE_ACCOUNTS, C.TAKE_PART)
def start_oauth(
    member: Membership,
    *,
    network: str,
    kind: str,
    redirect_uri: str,
    instance: str = "",
    channel: Channel | None = None,
    page: str = "",
) -> tuple[str, Pending]:
    """Where to send the member to approve resonanz, and what to keep in their session meanwhile.

    A company account on LinkedIn is an organization page: the member is asked for the page permissions,
    and ``page`` (a number, URN or the page's address) names the page when they manage several.
    """
    require_may_connect(member, kind)
    state = secrets.token_urlsafe(24)
    pending = Pending(
        state=state,
        network=network,
        kind=kind,
        member_id=member.pk,
        started=time.time(),
        channel_id=channel.pk if channel is not None else None,
    )
    if network == PostNetwork.MASTODON:
        try:
            base = mastodon.instance_url(instance if isinstance(instance, str) else "")
        except Permanent:
            raise ActionRefused(
                _("Enter your Mastodon server, e.g. social.example or https://social.example."),
                field="instance",
            ) from None
        client = _mastodon_client(member, base, redirect_uri)
        pending = Pending(
            **{
                **pending.__dict__,
                "instance": base,
                "client_id": client.client_id,
                "client_secret_encrypted": crypto.encrypt(client.client_secret),
            }
        )
        return mastodon.authorize_url(base, client.client_id, redirect_uri, state), pending
    if network == PostNetwork.LINKEDIN:
        if not settings.RESONANZ_LINKEDIN_CLIENT_ID:
            raise _not_set_up("LinkedIn")
        company = kind == AccountKind.COMPANY
        number = linkedin.page_number(page) if company and isinstance(page, str) else ""
        if company and isinstance(page, str) and page.strip() and not number:
            raise ActionRefused(
                _(
                    "Enter the page's number or its address, e.g. https://www.linkedin.com/company/12345/admin/."
                ),
                field="linkedin_page",
            )
        pending = Pending(**{**pending.__dict__, "page": number})
        url = linkedin.authorize_url(
            settings.RESONANZ_LINKEDIN_CLIENT_ID,
            redirect_uri,
            state,
            organization=company,
            base=settings.RESONANZ_LINKEDIN_OAUTH_BASE,
        )
        return url, pending
    if network == PostNetwork.X:
        if not settings.RESONANZ_X_CLIENT_ID:
            raise _not_set_up("X")
        pkce = new_pkce()
        pending = Pending(**{**pending.__dict__, "verifier_encrypted": crypto.encrypt(pkce.verifier)})
        url = x.authorize_url(
            settings.RESONANZ_X_CLIENT_ID, redirect_uri, state, pkce, base=settings.RESONANZ_X_AUTHORIZE_URL
        )
        return url, pending
    raise ActionRefused(_("This network is not connected by signing in there."), field="network")


def _exchange(pending: Pending, code: str, redirect_uri: str) -> tuple[str, Token, Client | None]:
    """The token for ``code`` and the base URL the account's API calls go to."""
    if pending.network == PostNetwork.MASTODON:
        token = mastodon.exchange_code(
            pending.instance, pending.client_id, pending.client_secret, redirect_uri, code
        )
        # exchange_code refuses a grant with fewer scopes than asked: this client grants them all.
        return (
            pending.instance,
            token,
            Client(pending.client_id, pending.client_secret, " ".join(mastodon.SCOPES)),
        )
    if pending.network == PostNetwork.LINKEDIN:
        token = linkedin.exchange_code(
            settings.RESONANZ_LINKEDIN_CLIENT_ID,
            settings.RESONANZ_LINKEDIN_CLIENT_SECRET,
            redirect_uri,
            code,
            base=settings.RESONANZ_LINKEDIN_OAUTH_BASE,
        )
        return settings.RESONANZ_LINKEDIN_API_BASE, token, None
    token = x.exchange_code(
        settings.RESONANZ_X_CLIENT_ID,
        redirect_uri,
        code,
        pending.verifier,
        client_secret=settings.RESONANZ_X_CLIENT_SECRET,
        api_base=settings.RESONANZ_X_API_BASE,
    )
    return settings.RESONANZ_X_API_BASE, token, None


def _linkedin_page(credentials: Credentials, page: str) -> Profile:
    """The organization page a company account posts as: the one asked for, else the member's only page."""
    pages = linkedin.CONNECTOR.pages(credentials)
    if page:
        for found in pages:
            if found.identifier == f"urn:li:organization:{page}":
                return found
        raise ActionRefused(
            _("You may not post for LinkedIn page %(page)s; ask one of its administrators to make you one."),
            params={"page": page},
            code="not_page_admin",
        )
    if len(pages) == 1:
        return pages[0]
    if not pages:
        raise ActionRefused(
            _("You manage no LinkedIn page. Connect your own profile as a personal account instead."),
            code="no_page",
        )
    raise ActionRefused(
        _("You manage several LinkedIn pages (%(pages)s). Enter the number of the one to connect."),
        params={
            "pages": ", ".join(
                f"{found.display_name} ({found.identifier.rsplit(':', 1)[1]})" for found in pages
            )
        },
        code="several_pages",
    )


def _forget_linkedin_token(access_token: str) -> None:
    with contextlib.suppress(Outcome):  # it expires on its own; the refusal matters more
        linkedin.revoke(
            settings.RESONANZ_LINKEDIN_CLIENT_ID,
            settings.RESONANZ_LINKEDIN_CLIENT_SECRET,
            access_token,
            base=settings.RESONANZ_LINKEDIN_OAUTH_BASE,
        )


@action(C.MANAGE_ACCOUNTS, C.TAKE_PART)
def finish_oauth(member: Membership, *, pending: Pending, code: str, redirect_uri: str) -> NetworkAccount:
    """Exchange the code the member brought back, check the token, store the account."""
    if not isinstance(pending, Pending) or pending.member_id != member.pk:
        raise PermissionDenied(C.TAKE_PART)
    require_may_connect(member, pending.kind)
    name = OAUTH_NETWORKS.get(pending.network)  # type: ignore[call-overload]
    if name is None:
        raise ActionRefused(_("This network is not connected by signing in there."), field="network")
    if not isinstance(code, str) or not code or len(code) > MAX_CODE:
        raise ActionRefused(_("The network sent no permission back. Please start again."), code="no_code")
    channel = (
        Channel.objects.filter(organization_id=member.organization_id, pk=pending.channel_id).first()
        if pending.channel_id
        else None
    )
    try:
        base_url, token, client = _exchange(pending, code, redirect_uri)
        credentials = Credentials(network=pending.network, base_url=base_url, secret=token.access_token)
        profile = connector_for(pending.network).verify(credentials)
        if pending.network == PostNetwork.LINKEDIN and pending.kind == AccountKind.COMPANY:
            try:
                profile = _linkedin_page(credentials, pending.page)
            except ActionRefused:
                _forget_linkedin_token(token.access_token)  # nothing is connected: the grant goes too
                raise
    except Outcome as outcome:
        raise connection_refused(outcome, name) from None
    except ValueError:  # the session's secrets no longer decrypt (the key was rotated meanwhile)
        raise ActionRefused(_("The sign-in took too long. Please start again."), code="expired") from None
    return save_account(
        member,
        kind=pending.kind,
        network=pending.network,
        base_url=base_url,
        profile=profile,
        secret=token.access_token,
        refresh_secret=token.refresh_token,
        expires_at=token.expires_at,
        client=client,
        channel=channel,
    )
