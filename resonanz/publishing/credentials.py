"""The secrets of a network account: stored encrypted, handed to connectors decrypted, never shown.

The fields of ``NetworkAccount`` that hold secrets (``secret_encrypted``, ``refresh_encrypted``,
``client_encrypted``) are written only through ``store_secrets`` and read only through ``credentials_of``
and ``client_of``, so no other module needs to know how they are encrypted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from resonanz.core import crypto
from resonanz.publishing.connectors.base import Credentials
from resonanz.publishing.models import NetworkAccount


@dataclasses.dataclass(frozen=True)
class Client:
    """An OAuth client registration (Mastodon: one per instance). The secret is never shown."""

    client_id: str
    client_secret: str
    scopes: str = ""  # what tokens of this client were granted (Mastodon: the app's registered scopes)

    def __repr__(self) -> str:
        return f"Client(client_id={self.client_id!r})"


def _decrypt(value: str) -> str:
    return crypto.decrypt(value) if value else ""


def credentials_of(account: NetworkAccount) -> Credentials:
    """The account's decrypted credentials for its connector.

    Raises ``ValueError`` when a secret cannot be decrypted with the configured keys (a lost or rotated
    ``RESONANZ_ENCRYPTION_KEY``): the account must then be reconnected.
    """
    return Credentials(
        network=account.network,
        base_url=account.base_url,
        identifier=account.identifier,
        secret=_decrypt(account.secret_encrypted),
        refresh_secret=_decrypt(account.refresh_encrypted),
        expires_at=account.token_expires_at,
    )


def client_of(account: NetworkAccount) -> Client | None:
    """The OAuth client the account's token was issued to, where one is stored (Mastodon)."""
    if not account.client_encrypted:
        return None
    try:
        stored = json.loads(crypto.decrypt(account.client_encrypted))
        return Client(
            client_id=str(stored["client_id"]),
            client_secret=str(stored["client_secret"]),
            scopes=str(stored.get("scopes", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def store_secrets(
    account: NetworkAccount,
    *,
    secret: str,
    refresh_secret: str = "",
    expires_at: dt.datetime | None = None,
    client: Client | None = None,
) -> list[str]:
    """Put the secrets on ``account`` encrypted (not saved); returns the fields changed.

    A refresh token is never erased: an empty ``refresh_secret`` keeps the stored one, because LinkedIn
    and Mastodon grant none on a reconnect while an earlier one may still work (DESIGN.md §8).
    """
    account.secret_encrypted = crypto.encrypt(secret) if secret else ""
    account.token_expires_at = expires_at
    fields = ["secret_encrypted", "token_expires_at"]
    if refresh_secret:
        account.refresh_encrypted = crypto.encrypt(refresh_secret)
        fields.append("refresh_encrypted")
    if client is not None:
        account.client_encrypted = crypto.encrypt(
            json.dumps(
                {
                    "client_id": client.client_id,
                    "client_secret": client.client_secret,
                    "scopes": client.scopes,
                }
            )
        )
        fields.append("client_encrypted")
    return fields
