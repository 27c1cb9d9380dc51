"""Connecting, reconnecting and disconnecting network accounts: who may, what is stored, what is revoked."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from pytest_django import Settings

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing.actions import accounts as actions
from resonanz.publishing.connectors.base import Profile
from resonanz.publishing.credentials import credentials_of
from resonanz.publishing.fakes.linkedin import LinkedInFake
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount
from resonanz.publishing.tests.bluesky_pds import BlueskyPds


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Maria Managerin")


@pytest.fixture
def employee(org: Organization) -> Membership:
    return make_member(org, ["ambassador"], full_name="Emil Eigen")


def _save(member: Membership, kind: str = AccountKind.COMPANY, **overrides: Any) -> NetworkAccount:
    fields: dict[str, Any] = {
        "kind": kind,
        "network": "mastodon",
        "base_url": "https://social.example",
        "profile": Profile(
            identifier="109", display_name="Muster GmbH", url="https://social.example/@muster"
        ),
        "secret": "token-1",
    }
    fields.update(overrides)
    return actions.save_account(member, **fields)


# ---------------------------------------------------------------- storing what the network confirmed


def test_it_stores_a_company_account_with_its_secret_encrypted(manager: Membership) -> None:
    account = _save(manager, refresh_secret="refresh-1")

    stored = NetworkAccount.objects.get(pk=account.pk)
    assert (stored.kind, stored.status, stored.identifier, stored.display_name) == (
        "company",
        "connected",
        "109",
        "Muster GmbH",
    )
    assert "token-1" not in stored.secret_encrypted
    assert credentials_of(stored).secret == "token-1"
    record = AuditRecord.objects.filter(action="publishing.account_connected").get()
    assert "token-1" not in str(record.after) and "refresh-1" not in str(record.after)


def test_connecting_the_same_account_again_reconnects_and_keeps_the_refresh_token(
    manager: Membership,
) -> None:
    first = _save(manager, refresh_secret="refresh-1")
    NetworkAccount.objects.filter(pk=first.pk).update(status=AccountStatus.EXPIRED)

    again = _save(manager, secret="token-2")

    assert again.pk == first.pk
    credentials = credentials_of(NetworkAccount.objects.get(pk=first.pk))
    assert (credentials.secret, credentials.refresh_secret) == ("token-2", "refresh-1")
    assert NetworkAccount.objects.get(pk=first.pk).status == AccountStatus.CONNECTED
    assert AuditRecord.objects.filter(action="publishing.account_reconnected").count() == 1


def test_an_employee_connects_only_their_own_account(employee: Membership) -> None:
    account = _save(employee, AccountKind.PERSONAL)
    assert (account.kind, account.membership_id) == ("personal", employee.pk)

    with pytest.raises(PermissionDenied):
        _save(employee, AccountKind.COMPANY, profile=Profile(identifier="110", display_name="Firma"))


def test_someone_elses_account_cannot_be_taken_over(manager: Membership, employee: Membership) -> None:
    _save(employee, AccountKind.PERSONAL)
    with pytest.raises(ActionRefused) as refused:
        _save(manager, AccountKind.PERSONAL)
    assert refused.value.code == "connected_elsewhere"
    with pytest.raises(ActionRefused):
        _save(manager, AccountKind.COMPANY)


def test_an_unknown_kind_or_network_is_refused(manager: Membership) -> None:
    with pytest.raises(ActionRefused):
        _save(manager, "team")
    with pytest.raises(ActionRefused):
        _save(manager, network="myspace")


# ---------------------------------------------------------------- Bluesky and webhooks


def test_a_bluesky_app_password_connects_the_account_by_its_did(
    bluesky_pds: BlueskyPds, employee: Membership
) -> None:
    handle, app_password = bluesky_pds.create_account()

    account = actions.connect_bluesky(
        employee,
        kind=AccountKind.PERSONAL,
        handle=f"@{handle}",
        app_password=app_password,
        server=bluesky_pds.url,
    )

    assert account.identifier.startswith("did:")
    assert account.base_url == bluesky_pds.url
    assert credentials_of(account).secret == app_password
    assert app_password not in account.secret_encrypted
    # The stored DID logs in as well as the handle did.
    from resonanz.publishing.connectors import bluesky

    assert bluesky.CONNECTOR.verify(credentials_of(account)).identifier == account.identifier


def test_a_wrong_bluesky_app_password_is_refused_without_storing_anything(
    bluesky_pds: BlueskyPds, employee: Membership
) -> None:
    handle, _password = bluesky_pds.create_account()

    with pytest.raises(ActionRefused) as refused:
        actions.connect_bluesky(
            employee, kind=AccountKind.PERSONAL, handle=handle, app_password="wrong", server=bluesky_pds.url
        )

    assert refused.value.code == "not_accepted"
    assert "wrong" not in str(refused.value.messages)
    assert not NetworkAccount.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"), [("handle", {"handle": " "}), ("app_password", {"app_password": ""})]
)
def test_bluesky_input_is_checked_before_asking_the_network(
    employee: Membership, field: str, values: dict[str, str]
) -> None:
    arguments: dict[str, Any] = {
        "kind": AccountKind.PERSONAL,
        "handle": "name.bsky.social",
        "app_password": "abcd-efgh",
    }
    with pytest.raises(ActionRefused) as refused:
        actions.connect_bluesky(employee, **{**arguments, **values})
    assert refused.value.field == field


def test_a_bluesky_server_must_be_https(employee: Membership) -> None:
    with pytest.raises(ActionRefused) as refused:
        actions.connect_bluesky(
            employee, kind=AccountKind.PERSONAL, handle="a.test", app_password="x", server="ftp://pds.example"
        )
    assert refused.value.field == "server"


def test_a_webhook_gets_a_new_secret_shown_once(settings: Settings, manager: Membership) -> None:
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = True  # no DNS in tests
    account, secret = actions.connect_webhook(manager, url="https://hooks.example/resonanz")

    assert len(secret) >= 32
    assert credentials_of(account).secret == secret
    assert (account.base_url, account.identifier) == ("https://hooks.example/resonanz",) * 2
    assert secret not in str(AuditRecord.objects.filter(action="publishing.account_connected").get().after)


def test_a_webhook_into_a_private_network_is_refused(settings: Settings, manager: Membership) -> None:
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ActionRefused) as refused:
        actions.connect_webhook(manager, url="https://10.0.0.8/hook")
    assert refused.value.field == "url"


def test_an_employee_cannot_connect_a_webhook(employee: Membership) -> None:
    with pytest.raises(PermissionDenied):
        actions.connect_webhook(employee, url="https://hooks.example/resonanz")


# ---------------------------------------------------------------- disconnecting


def test_disconnecting_a_bluesky_account_forgets_the_app_password_and_says_it_cannot_revoke(
    manager: Membership,
) -> None:
    account = _save(manager, network="bluesky", base_url="https://bsky.social")

    assert actions.disconnect_account(manager, account) == actions.Revocation.NOT_POSSIBLE

    stored = NetworkAccount.objects.get(pk=account.pk)
    assert stored.status == AccountStatus.DISCONNECTED
    assert stored.secret_encrypted == stored.refresh_encrypted == stored.client_encrypted == ""
    with pytest.raises(ActionRefused):
        actions.disconnect_account(manager, stored)


def test_disconnecting_a_linkedin_account_revokes_its_token(settings: Settings, manager: Membership) -> None:
    with LinkedInFake() as fake:
        settings.RESONANZ_LINKEDIN_CLIENT_ID = "li-client"
        settings.RESONANZ_LINKEDIN_CLIENT_SECRET = "li-client-secret"
        settings.RESONANZ_LINKEDIN_OAUTH_BASE = fake.base_url
        account = _save(manager, network="linkedin", base_url=fake.base_url, secret="li-token")

        assert actions.disconnect_account(manager, account) == actions.Revocation.REVOKED
        assert "li-token" not in fake.tokens


def test_a_network_that_cannot_be_reached_does_not_stop_disconnecting(
    settings: Settings, manager: Membership
) -> None:
    settings.RESONANZ_LINKEDIN_OAUTH_BASE = "http://127.0.0.1:9"  # nothing listens there
    account = _save(manager, network="linkedin", base_url="http://127.0.0.1:9", secret="li-token")

    assert actions.disconnect_account(manager, account) == actions.Revocation.FAILED
    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.DISCONNECTED


def test_an_employee_disconnects_their_own_account_but_does_not_find_others(
    org: Organization, employee: Membership, manager: Membership
) -> None:
    colleague = make_member(org, ["ambassador"])
    theirs = _save(colleague, AccountKind.PERSONAL)
    company = _save(manager, profile=Profile(identifier="200", display_name="Firma"))
    mine = _save(employee, AccountKind.PERSONAL, profile=Profile(identifier="300", display_name="Ich"))

    for account in (theirs, company):
        with pytest.raises(Http404):
            actions.disconnect_account(employee, account)
    actions.disconnect_account(employee, mine)
    # Account managers may disconnect an employee's own account (e.g. when the employee has left).
    actions.disconnect_account(manager, theirs)
    assert set(NetworkAccount.objects.filter(status="disconnected").values_list("pk", flat=True)) == {
        mine.pk,
        theirs.pk,
    }
