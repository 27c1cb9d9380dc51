"""Secrets of network accounts: encrypted at rest, decrypted for the connector, never shown."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from resonanz.core.tests.factories import make_member, make_organization
from resonanz.publishing.credentials import Client, client_of, credentials_of, store_secrets
from resonanz.publishing.models import NetworkAccount

pytestmark = pytest.mark.django_db


def _account() -> NetworkAccount:
    member = make_member(make_organization())
    return NetworkAccount(
        organization=member.organization,
        network="mastodon",
        base_url="https://social.example",
        identifier="109",
    )


def test_it_stores_secrets_encrypted_and_gives_them_back_decrypted() -> None:
    account = _account()
    expires = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    store_secrets(
        account,
        secret="token-1",
        refresh_secret="refresh-1",
        expires_at=expires,
        client=Client("client-id", "client-secret"),
    )
    account.save()
    stored = NetworkAccount.objects.get(pk=account.pk)
    assert "token-1" not in stored.secret_encrypted
    assert "refresh-1" not in stored.refresh_encrypted
    assert "client-secret" not in stored.client_encrypted
    credentials = credentials_of(stored)
    assert (credentials.network, credentials.base_url, credentials.identifier) == (
        "mastodon",
        "https://social.example",
        "109",
    )
    assert (credentials.secret, credentials.refresh_secret, credentials.expires_at) == (
        "token-1",
        "refresh-1",
        expires,
    )
    assert client_of(stored) == Client("client-id", "client-secret")
    assert "token-1" not in repr(credentials) and "client-secret" not in repr(client_of(stored))


def test_a_reconnect_without_refresh_token_keeps_the_stored_one() -> None:
    account = _account()
    store_secrets(account, secret="token-1", refresh_secret="refresh-1")
    store_secrets(account, secret="token-2")
    credentials = credentials_of(account)
    assert (credentials.secret, credentials.refresh_secret) == ("token-2", "refresh-1")


def test_an_account_without_secrets_has_empty_credentials_and_no_client() -> None:
    account = _account()
    assert credentials_of(account).secret == ""
    assert client_of(account) is None


def test_a_secret_encrypted_with_a_lost_key_is_refused() -> None:
    account = _account()
    with override_settings(RESONANZ_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        store_secrets(account, secret="token-1")
    with pytest.raises(ValueError):
        credentials_of(account)
