"""Accounts whose access ran out: marked expired, the owner told once in their language; the periodic
check tells a dead token from a network that is down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from pytest_django import Settings

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing.actions import account_expiry as expiry
from resonanz.publishing.actions import accounts as actions
from resonanz.publishing.connectors.base import AuthExpired, Credentials, Profile, Transient
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount

Capture = Callable[..., Any]


@pytest.fixture
def employee(org: Organization) -> Membership:
    return make_member(org, ["ambassador"], full_name="Emil Eigen", language="de")


def _account(member: Membership, kind: str = AccountKind.PERSONAL, **fields: Any) -> NetworkAccount:
    return actions.save_account(
        member,
        kind=kind,
        network="mastodon",
        base_url="https://social.example",
        profile=Profile(identifier="7", display_name="Emils Konto"),
        secret="token",
        **fields,
    )


class _Connector:
    """Stands for the network in the check: answers verify with ``outcome`` (or a profile)."""

    network = "mastodon"
    can_find = True

    def __init__(self, outcome: Exception | None = None) -> None:
        self.outcome = outcome
        self.calls = 0

    def verify(self, credentials: Credentials) -> Profile:
        self.calls += 1
        if self.outcome is not None:
            raise self.outcome
        return Profile(identifier="7", display_name="Emils Konto")


def test_an_expired_account_is_marked_and_its_owner_told_once_in_german(
    employee: Membership, django_capture_on_commit_callbacks: Capture
) -> None:
    account = _account(employee)

    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.mark_account_expired(None, account, code="grant_refused")
    with django_capture_on_commit_callbacks(execute=True):
        assert not expiry.mark_account_expired(None, account)

    stored = NetworkAccount.objects.get(pk=account.pk)
    assert (stored.status, stored.status_detail) == (AccountStatus.EXPIRED, "grant_refused")
    [message] = mail.outbox
    assert message.to == [employee.user.email]
    assert "Bitte verbinden Sie" in message.subject
    assert "/publishing/accounts/" in message.body
    assert AuditRecord.objects.filter(action="publishing.account_expired").count() == 1


def test_a_company_account_tells_who_connected_it(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = make_member(org, ["communications_manager"], language="en")
    account = _account(manager, AccountKind.COMPANY)

    with django_capture_on_commit_callbacks(execute=True):
        expiry.mark_account_expired(None, account)

    [message] = mail.outbox
    assert message.to == [manager.user.email]
    assert "Please connect" in message.subject


def test_reconnecting_clears_the_reminder_for_the_next_expiry(employee: Membership) -> None:
    account = _account(employee)
    expiry.mark_account_expired(None, account)

    again = _account(employee)

    assert again.pk == account.pk
    stored = NetworkAccount.objects.get(pk=account.pk)
    assert (stored.status, stored.expiry_reminded_at) == (AccountStatus.CONNECTED, None)


def test_the_check_marks_a_dead_token_expired(monkeypatch: pytest.MonkeyPatch, employee: Membership) -> None:
    account = _account(employee)
    connector = _Connector(AuthExpired("auth_expired"))
    monkeypatch.setattr(expiry, "connector_for", lambda network: connector)

    assert expiry.check_account(account, timezone.now()) == "expired"
    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.EXPIRED


def test_a_network_that_is_down_is_not_a_dead_token(
    monkeypatch: pytest.MonkeyPatch, employee: Membership
) -> None:
    account = _account(employee)
    monkeypatch.setattr(expiry, "connector_for", lambda network: _Connector(Transient("unreachable")))

    assert expiry.check_account(account, timezone.now()) == "unreachable"
    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.CONNECTED


def test_a_token_running_out_soon_is_announced_once(
    monkeypatch: pytest.MonkeyPatch, employee: Membership, django_capture_on_commit_callbacks: Capture
) -> None:
    now = timezone.now()
    _account(employee, expires_at=now + dt.timedelta(days=3))
    connector = _Connector()
    monkeypatch.setattr(expiry, "connector_for", lambda network: connector)

    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.check_accounts(now) == {"warned": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.check_accounts(now + dt.timedelta(hours=1)) == {}

    [message] = mail.outbox
    assert "läuft bald ab" in message.subject
    assert connector.calls == 1


def test_the_check_leaves_accounts_verified_today_alone(
    monkeypatch: pytest.MonkeyPatch, employee: Membership
) -> None:
    _account(employee)
    connector = _Connector()
    monkeypatch.setattr(expiry, "connector_for", lambda network: connector)

    assert expiry.check_accounts(timezone.now() + dt.timedelta(hours=2)) == {}
    assert expiry.check_accounts(timezone.now() + dt.timedelta(days=2)) == {"ok": 1}


def test_x_access_is_renewed_before_it_runs_out_and_the_rotated_refresh_token_kept(
    settings: Settings, org: Organization
) -> None:
    from resonanz.publishing.connectors import oauth
    from resonanz.publishing.connectors import x as x_connector
    from resonanz.publishing.credentials import credentials_of
    from resonanz.publishing.fakes.x import XFake

    manager = make_member(org, ["communications_manager"])
    with XFake() as fake:
        settings.RESONANZ_X_CLIENT_ID = "x-client"
        settings.RESONANZ_X_API_BASE = fake.base_url
        pkce = oauth.new_pkce()
        code = fake.authorize("x-client", "https://r.example/cb", pkce.challenge, x_connector.SCOPES)
        token = x_connector.exchange_code(
            "x-client", "https://r.example/cb", code, pkce.verifier, api_base=fake.base_url
        )
        account = actions.save_account(
            manager,
            kind=AccountKind.COMPANY,
            network="x",
            base_url=fake.base_url,
            profile=Profile(identifier=fake.user.id, display_name="Firma"),
            secret=token.access_token,
            refresh_secret=token.refresh_token,
            expires_at=token.expires_at,
        )
        later = timezone.now() + dt.timedelta(hours=1, minutes=40)  # 20 minutes of access left

        assert expiry.check_accounts(later) == {"ok": 1}

        renewed = credentials_of(NetworkAccount.objects.get(pk=account.pk))
        assert renewed.secret != token.access_token
        assert renewed.refresh_secret and renewed.refresh_secret != token.refresh_token
        assert renewed.expires_at is not None and renewed.expires_at > later
        assert AuditRecord.objects.filter(action="publishing.account_token_renewed").count() == 1
        # The next check, with two hours left, leaves the access alone.
        assert expiry.check_accounts(timezone.now()) == {}


def test_a_refused_x_renewal_marks_the_account_expired(settings: Settings, org: Organization) -> None:
    from resonanz.publishing.fakes.x import XFake

    manager = make_member(org, ["communications_manager"])
    with XFake() as fake:
        settings.RESONANZ_X_CLIENT_ID = "x-client"
        account = actions.save_account(
            manager,
            kind=AccountKind.COMPANY,
            network="x",
            base_url=fake.base_url,
            profile=Profile(identifier="1", display_name="Firma"),
            secret="old",
            refresh_secret="used-up",
            expires_at=timezone.now() + dt.timedelta(minutes=5),
        )

        assert expiry.check_account(account, timezone.now()) == "expired"

    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.EXPIRED


def test_the_check_keeps_the_follower_count_current(
    monkeypatch: pytest.MonkeyPatch, employee: Membership
) -> None:
    account = _account(employee)
    assert account.followers_count is None, "the profile at connecting said nothing"

    class _Counting(_Connector):
        def verify(self, credentials: Credentials) -> Profile:
            return Profile(identifier="7", display_name="Emils Konto", followers_count=321)

    monkeypatch.setattr(expiry, "connector_for", lambda network: _Counting())
    now = timezone.now()
    assert expiry.check_account(account, now) == "ok"
    stored = NetworkAccount.objects.get(pk=account.pk)
    assert (stored.followers_count, stored.followers_counted_at) == (321, now)

    monkeypatch.setattr(expiry, "connector_for", lambda network: _Connector())
    assert expiry.check_account(account, now + dt.timedelta(days=2)) == "ok"
    stored = NetworkAccount.objects.get(pk=account.pk)
    assert (stored.followers_count, stored.followers_counted_at) == (321, now), (
        "no answer keeps the last count"
    )


def test_connecting_stores_the_follower_count_the_network_reported(employee: Membership) -> None:
    account = actions.save_account(
        employee,
        kind=AccountKind.PERSONAL,
        network="mastodon",
        base_url="https://social.example",
        profile=Profile(identifier="8", display_name="Emil", followers_count=1234),
        secret="token",
    )
    stored = NetworkAccount.objects.get(pk=account.pk)
    assert stored.followers_count == 1234 and stored.followers_counted_at is not None
